/**
 * Meta Business Suite post exports (Insights → Content → Export, CSV), Facebook and Instagram
 * (issue 16 §1; PCM 6.3.2 and Anexo 3 take reach and interactions from them). One row per post, with
 * lifetime figures as of the export day (the `Date` column says «Lifetime»).
 *
 * What the layout rests on, from published importers of real files (no Meta reference documents it):
 * - Facebook, 32–34 columns: `Post ID, Page ID, Page name, Title, Description, Duration (sec),
 *   Publish time, Caption type, Permalink, Is crosspost, Is share, Post type, Languages, Custom labels,
 *   Funded content status, Data comment, Date, Views, Reach, Reactions, Comments and Shares, Reactions,
 *   Comments, Shares, Total clicks, … clicks, Negative feedback from users: Hide all, Seconds viewed,
 *   Average Seconds viewed, Estimated earnings (USD), Ad CPM (USD), Ad impressions`; the count varies
 *   by page and month because the negative-feedback and monetisation columns come and go, so columns
 *   are found by name and none but the key ones is required. Older exports say `Impressions` where
 *   newer ones say `Views` (Meta replaced impressions with views in 2025); both are read.
 * - Instagram: `Post ID, Account ID, Account username, Account name, Description, Duration (sec),
 *   Publish time, Permalink, Post type, Data comment, Date, Views, Reach, Likes, Shares, Follows,
 *   Comments, Saves`.
 * - `Publish time` is `MM/DD/YYYY HH:MM` in the page's local time (read in America/Lima: the pages
 *   Custodio governs are Peruvian); numbers are plain digits, or grouped as the language writes them.
 * - Spanish headers are Meta's Spanish interface labels for the same metrics («Alcance», «Veces que se
 *   compartió»…); no published Spanish file was found to check them against, so they are compared
 *   without accents or case, and a header in neither language is refused with a message, never guessed.
 */
import type { MetricNetwork, PostMetrics } from '../../domain/metrics';
import { cellUnreadable } from './errors';
import { type Cell, type ExportLanguage, type ExportReader, type ReadContext, type ReadResult, columnsOf, countOf, decimalOf, isBlank, localInstantOf, shortText, sumOf, withoutAbsent } from './reader';

const HEADERS = {
  postId: { en: ['Post ID'], es: ['Identificador de la publicación'] },
  pageId: { en: ['Page ID'], es: ['Identificador de la página'] },
  accountId: { en: ['Account ID'], es: ['Identificador de la cuenta'] },
  accountUsername: { en: ['Account username'], es: ['Nombre de usuario de la cuenta'] },
  title: { en: ['Title'], es: ['Título'] },
  description: { en: ['Description'], es: ['Descripción'] },
  duration: { en: ['Duration (sec)'], es: ['Duración (s)', 'Duración (segundos)'] },
  publishTime: { en: ['Publish time'], es: ['Hora de publicación'] },
  permalink: { en: ['Permalink'], es: ['Enlace permanente'] },
  views: { en: ['Views'], es: ['Visualizaciones'] },
  impressions: { en: ['Impressions'], es: ['Impresiones'] },
  reach: { en: ['Reach'], es: ['Alcance'] },
  // Facebook's own interaction total; Instagram's export has none.
  interactions: { en: ['Reactions, Comments and Shares'], es: ['Reacciones, comentarios y veces que se compartió'] },
  reactions: { en: ['Reactions'], es: ['Reacciones'] },
  likes: { en: ['Likes'], es: ['Me gusta'] },
  comments: { en: ['Comments'], es: ['Comentarios'] },
  shares: { en: ['Shares'], es: ['Veces que se compartió'] },
  saves: { en: ['Saves'], es: ['Veces que se guardó'] },
  averageSeconds: { en: ['Average Seconds viewed'], es: ['Promedio de segundos reproducidos'] },
} as const satisfies Record<string, Record<ExportLanguage, readonly string[]>>;

type Field = keyof typeof HEADERS;
type Columns = Partial<Record<Field, number>>;

/** The columns without which a file is not a Meta post export. */
const KEY_FIELDS: readonly Field[] = ['postId', 'publishTime', 'permalink'];

const NUMBERS: Record<ExportLanguage, { thousands: string; decimal: string }> = {
  en: { thousands: ',', decimal: '.' },
  es: { thousands: '.', decimal: ',' },
};

function aliases(language: ExportLanguage): Record<Field, readonly string[]> {
  const byField = {} as Record<Field, readonly string[]>;
  for (const field of Object.keys(HEADERS) as Field[]) byField[field] = HEADERS[field][language];
  return byField;
}

function matches(header: string[]): ExportLanguage | undefined {
  return (['en', 'es'] as const).find((language) => {
    const columns = columnsOf(header, aliases(language));
    return KEY_FIELDS.every((f) => columns[f] !== undefined);
  });
}

function read(rows: string[][], lines: number[], ctx: ReadContext): ReadResult {
  const header = rows[0] ?? [];
  const columns = columnsOf(header, aliases(ctx.language));
  const fileNetwork = columns.pageId !== undefined ? 'facebook' : columns.accountUsername !== undefined || columns.accountId !== undefined ? 'instagram' : undefined;
  const posts: PostMetrics[] = [];
  const skipped: ReadResult['skipped'] = [];
  rows.forEach((row, i) => {
    const line = lines[i]!;
    if (i === 0) return;
    if (isBlank(row)) return void skipped.push({ line, reason: 'Línea en blanco.' });
    posts.push(postOf(row, line, header, columns, ctx, fileNetwork));
  });
  return { posts, skipped };
}

function postOf(row: string[], line: number, header: string[], columns: Columns, ctx: ReadContext, fileNetwork: MetricNetwork | undefined): PostMetrics {
  const cell = (field: Field): Cell | undefined => {
    const at = columns[field];
    return at === undefined ? undefined : { text: row[at] ?? '', line, column: header[at]! };
  };
  const { thousands, decimal } = NUMBERS[ctx.language];
  const count = (field: Field) => {
    const c = cell(field);
    return c && countOf(c, thousands);
  };
  const postId = cell('postId')!;
  if (postId.text === '') throw cellUnreadable(line, postId.column, 'falta el identificador de la publicación.');
  const url = cell('permalink')!.text || undefined;
  const network = fileNetwork ?? networkOfUrl(url);
  if (!network) throw cellUnreadable(line, cell('permalink')!.column, 'no se sabe si la publicación es de Facebook o de Instagram: el enlace no es de ninguna de las dos.');
  const reactionsOrLikes = network === 'facebook' ? (count('reactions') ?? count('likes')) : count('likes');
  const parts = { likes: reactionsOrLikes, comments: count('comments'), shares: count('shares'), saves: count('saves') };
  const average = cell('averageSeconds');
  const post: PostMetrics = {
    network,
    postId: postId.text,
    url,
    publishedAt: localInstantOf(cell('publishTime')!, 'MDY', ctx.timeZone, 'MM/DD/AAAA HH:MM'),
    text: shortText(textOf(cell('title')?.text ?? '', cell('description')?.text ?? '')),
    reach: count('reach'),
    impressions: count('impressions'),
    views: count('views'),
    // Facebook's own total («Reactions, Comments and Shares») when the row has it; else, and always
    // on Instagram, whose export has no total, the sum of the parts the row has (likes or reactions,
    // comments, shares, saves). Clicks and follows are not interactions with the post in Anexo 3.
    interactions: count('interactions') ?? sumOf(Object.values(parts)),
    ...parts,
    averageWatchSeconds: average && decimalOf(average, decimal),
    // Meta writes 0 seconds for a photo: a post without a length, not a video of none.
    durationSeconds: count('duration') || undefined,
  };
  return withoutAbsent(post);
}

/**
 * The caption: Facebook puts it in `Title` for some post types and in `Description` for others, so
 * the longer of the two is the post's text; Instagram fills only `Description`.
 */
function textOf(title: string, description: string): string {
  return description.length > title.length ? description : title;
}

function networkOfUrl(url: string | undefined): MetricNetwork | undefined {
  if (!url) return undefined;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  if (/(^|\.)(facebook\.com|fb\.com|fb\.watch)$/.test(host)) return 'facebook';
  if (/(^|\.)instagram\.com$/.test(host)) return 'instagram';
  return undefined;
}

export const metaReader: ExportReader = { kind: 'meta-posts', matches, read };
