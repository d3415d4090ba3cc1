/**
 * X analytics exports (issue 16 §1), for the Anexo 3 X table: impressions, total interactions, date and
 * link per post; ER = interacción × 100 / impresiones is computed by the report (PCM 6.3.2), not stored.
 *
 * Layouts relied on (checked against public parsers and fixtures of real exports, Nov 2026):
 * - current content export: `Post id, Date, Post text, Post Link, Impressions, Likes, Engagements,
 *   Bookmarks, Shares, New follows, Replies, Reposts, Profile visits, Detail Expands, URL Clicks,
 *   Hashtag Clicks, Permalink Clicks`; dates `Tue, Jul 14, 2026`, no time.
 * - legacy tweet-activity export: `Tweet id, Tweet permalink, Tweet text, time, impressions, engagements,
 *   engagement rate, retweets, replies, likes` (older files: `favorites`), …; `time` as `2026-07-14 15:03 +0000`.
 * The Spanish header names below are not documented anywhere we could find: they follow X's Spanish
 * interface wording and are accepted as aliases, so an unknown variant fails detection rather than misreads.
 */
import { clip, languageOf, readPosts, type Cells, type Layout } from './columns';
import { parseOffsetInstant } from './locale';
import type { PostMetrics } from '../../domain/metrics';
import type { ExportReader } from './reader';

type ContentField = 'postId' | 'date' | 'text' | 'link' | 'impressions' | 'engagements' | 'likes' | 'replies' | 'reposts' | 'bookmarks';

const CONTENT: Layout<ContentField> = {
  postId: { en: ['Post id'], es: ['Id. del post', 'Id del post', 'ID de la publicación', 'Identificador del post'] },
  date: { en: ['Date'], es: ['Fecha'] },
  text: { en: ['Post text'], es: ['Texto del post', 'Texto de la publicación'] },
  link: { en: ['Post Link'], es: ['Enlace del post', 'Enlace de la publicación', 'Link del post'] },
  impressions: { en: ['Impressions'], es: ['Impresiones'] },
  engagements: { en: ['Engagements'], es: ['Interacciones'] },
  likes: { en: ['Likes'], es: ['Me gusta'] },
  replies: { en: ['Replies'], es: ['Respuestas'] },
  reposts: { en: ['Reposts'], es: ['Reposts', 'Reposteos', 'Republicaciones'] },
  bookmarks: { en: ['Bookmarks'], es: ['Elementos guardados', 'Guardados'] },
};

/** The post's id; X sometimes leaves it empty on a row whose link still names it (`…/status/<id>`). */
function postIdOf<F extends string>(cells: Cells<F>, id: F, link: F): string {
  const value = cells.text(id) ?? /\/status\/(\d+)/.exec(cells.text(link) ?? '')?.[1];
  if (value === undefined) throw cells.refuse(id, 'está vacía.');
  // A spreadsheet that rounded the id to `1.23E+18` has lost it: refuse rather than key the wrong post.
  if (!/^\d+$/.test(value)) throw cells.refuse(id, 'no es un identificador de post (¿lo convirtió una hoja de cálculo?).');
  return value;
}

/** X analytics, current content export. Reposts are the directive's «compartidos» on X; X's own `Shares` (sent by DM or link) are already inside Engagements. */
export const xContentReader: ExportReader = {
  kind: 'x-content',
  matches: (header) => languageOf(header, CONTENT, ['postId', 'date', 'impressions', 'engagements']),
  read: (rows, lines, ctx) =>
    readPosts(rows, lines, ctx, CONTENT, (c) => ({
      network: 'x',
      postId: postIdOf(c, 'postId', 'link'),
      url: c.text('link'),
      // A day without a time: the account's day, which for Peruvian entities is Lima's.
      publishedAt: c.limaDate('date'),
      text: clip(c.text('text')),
      impressions: c.count('impressions'),
      interactions: c.count('engagements'),
      likes: c.count('likes'),
      comments: c.count('replies'),
      shares: c.count('reposts'),
      saves: c.count('bookmarks'),
    })),
};

type ActivityField = 'tweetId' | 'permalink' | 'text' | 'time' | 'impressions' | 'engagements' | 'engagementRate' | 'retweets' | 'replies' | 'likes';

const ACTIVITY: Layout<ActivityField> = {
  tweetId: { en: ['Tweet id'], es: ['ID del Tweet', 'Id. del Tweet'] },
  permalink: { en: ['Tweet permalink'], es: ['Enlace permanente al Tweet', 'Enlace permanente del Tweet'] },
  text: { en: ['Tweet text'], es: ['Texto del Tweet'] },
  time: { en: ['time'], es: ['hora', 'fecha'] },
  impressions: { en: ['impressions'], es: ['impresiones'] },
  engagements: { en: ['engagements'], es: ['interacciones'] },
  engagementRate: { en: ['engagement rate'], es: ['tasa de interacción'] },
  retweets: { en: ['retweets'], es: ['retweets', 'retuits'] },
  replies: { en: ['replies'], es: ['respuestas'] },
  likes: { en: ['likes', 'favorites'], es: ['me gusta', 'favoritos'] },
};

/**
 * X analytics, legacy tweet-activity export. Its figures are machine-written (`0.0123`, no thousands
 * separators) whatever the interface language, so they are read the English way; only the names change.
 * The engagement rate is a 0–1 fraction of impressions: it stands in for engagements only when that cell is
 * empty (interacción = ER × impresiones, the inverse of PCM 6.3.2's formula).
 */
export const xTweetActivityReader: ExportReader = {
  kind: 'x-tweet-activity',
  matches: (header) => languageOf(header, ACTIVITY, ['tweetId', 'time', 'impressions', 'engagements']),
  read: (rows, lines, ctx) => readPosts(rows, lines, ctx, ACTIVITY, activityPost, 'en'),
};

function activityPost(c: Cells<ActivityField>): PostMetrics {
  const publishedAt = parseOffsetInstant(c.required('time'));
  if (!publishedAt) throw c.refuse('time', 'no es una fecha con hora y zona (como 2026-07-14 15:03 +0000).');
  const impressions = c.count('impressions');
  const rate = c.fraction('engagementRate');
  const derived = rate !== undefined && impressions !== undefined ? Math.round(rate * impressions) : undefined;
  return {
    network: 'x',
    postId: postIdOf(c, 'tweetId', 'permalink'),
    url: c.text('permalink'),
    publishedAt,
    text: clip(c.text('text')),
    impressions,
    interactions: c.count('engagements') ?? derived,
    likes: c.count('likes'),
    comments: c.count('replies'),
    shares: c.count('retweets'),
  };
}
