/**
 * TikTok Studio export (issue 16 §1): Analytics → Download data gives a zip of CSVs, one per tab
 * (Overview, Content, Viewers, Followers…); the post-level figures are in `Content.csv`. For the Anexo 3
 * TikTok table (PCM 6.3.2: views, interactions, average watch time, reach, date, link).
 *
 * Layout relied on: TikTok's Creator Academy lists the Content tab's per-post metrics (total views, likes,
 * comments, shares, average watch time, watched full video); public parsers of real exports show
 * `Video title, Video link, Post time, Total likes, Total comments, Total shares, Total views, Average watch
 * time, Watched full video, Add to favorites`, columns varying by account and version, `Post time` in the
 * interface language without a year (`Jul 14`, `14 jul`). The Spanish names are TikTok's interface wording,
 * undocumented as CSV headers, so several aliases are accepted; an unknown variant fails detection.
 * TikTok does not total interactions: `interactions` stays absent, the report sums the parts it needs.
 */
import { baseName, clip, languageOf, readPosts, type Cells, type Layout } from './columns';
import type { PostMetrics } from '../../domain/metrics';
import type { ExportReader } from './reader';

type Field = 'title' | 'link' | 'postTime' | 'views' | 'likes' | 'comments' | 'shares' | 'saves' | 'reach' | 'averageWatch' | 'duration';

const CONTENT: Layout<Field> = {
  title: { en: ['Video title', 'Title'], es: ['Título del video', 'Título del vídeo', 'Título'] },
  link: { en: ['Video link', 'Link'], es: ['Enlace del video', 'Enlace del vídeo', 'Enlace'] },
  postTime: { en: ['Post time', 'Posted on', 'Date posted'], es: ['Hora de publicación', 'Fecha de publicación', 'Publicado'] },
  views: { en: ['Total views', 'Video views', 'Views'], es: ['Visualizaciones totales', 'Total de visualizaciones', 'Visualizaciones', 'Reproducciones totales', 'Reproducciones'] },
  likes: { en: ['Total likes', 'Likes'], es: ['Me gusta totales', 'Total de me gusta', 'Me gusta'] },
  comments: { en: ['Total comments', 'Comments'], es: ['Comentarios totales', 'Total de comentarios', 'Comentarios'] },
  shares: { en: ['Total shares', 'Shares'], es: ['Veces compartido totales', 'Total de veces compartido', 'Veces compartido', 'Compartidos'] },
  saves: { en: ['Add to favorites', 'Total favorites', 'Favorites', 'Saves'], es: ['Añadir a favoritos', 'Favoritos totales', 'Favoritos', 'Guardados'] },
  reach: { en: ['Reached audience', 'Total reach', 'Reach'], es: ['Público alcanzado', 'Alcance total', 'Alcance'] },
  averageWatch: { en: ['Average watch time', 'Avg. watch time'], es: ['Tiempo promedio de visualización', 'Tiempo medio de visualización', 'Tiempo de visualización promedio'] },
  duration: { en: ['Duration', 'Video duration'], es: ['Duración', 'Duración del video'] },
};

/** The name of the post-level file in the export zip, wherever the zip puts it, or undefined. */
export function pickTikTokEntry(names: string[]): string | undefined {
  return names.find((name) => ['content.csv', 'contenido.csv'].includes(baseName(name).toLowerCase()));
}

export const tiktokContentReader: ExportReader = {
  kind: 'tiktok-content',
  matches: (header) => languageOf(header, CONTENT, ['link', 'postTime', 'views']),
  read: (rows, lines, ctx) => readPosts(rows, lines, ctx, CONTENT, contentPost),
};

function contentPost(c: Cells<Field>): PostMetrics {
  const link = c.required('link');
  const postId = /\/(?:video|photo)\/(\d+)/.exec(link)?.[1];
  if (!postId) throw c.refuse('link', 'no es el enlace de un video de TikTok.');
  return {
    network: 'tiktok',
    postId,
    url: link,
    // `Post time` has no year: `limaDate` infers it from the upload day (see `inferYear`).
    publishedAt: c.limaDate('postTime'),
    text: clip(c.text('title')),
    views: c.count('views'),
    reach: c.count('reach'),
    likes: c.count('likes'),
    comments: c.count('comments'),
    shares: c.count('shares'),
    saves: c.count('saves'),
    averageWatchSeconds: c.seconds('averageWatch'),
    durationSeconds: c.seconds('duration'),
  };
}
