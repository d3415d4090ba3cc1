/**
 * YouTube Studio export (issue 16 §1): Analytics → Advanced mode → Export current view → CSV gives a zip
 * with `Table data.csv` (Spanish interface: `Datos de la tabla.csv`), the per-video table, beside chart
 * files (`Chart data.csv`, `Totals.csv`) that are not per video and are ignored. For the Anexo 3 YouTube
 * table (PCM 6.3.2: views, average view duration, date, link).
 *
 * Layout relied on (public parsers of real exports): `Content, Video title, Video publish time, Duration,
 * Views, Watch time (hours), Average view duration, Impressions, …` — the metrics depend on what the user
 * ticked, so columns are found by name; the first data row is the channel's `Total`; `Content` is the
 * video id; `Duration` is in seconds, `Average view duration` as `0:01:23`; numbers in the file's language.
 */
import { baseName, clip, languageOf, readPosts, type Cells, type Layout } from './columns';
import type { PostMetrics } from '../../domain/metrics';
import { headerKey, type ExportReader } from './reader';

type Field = 'content' | 'title' | 'published' | 'duration' | 'views' | 'averageView' | 'impressions' | 'likes' | 'comments' | 'shares';

const TABLE: Layout<Field> = {
  content: { en: ['Content'], es: ['Contenido'] },
  title: { en: ['Video title'], es: ['Título del video', 'Título del vídeo'] },
  published: { en: ['Video publish time', 'Publish time'], es: ['Hora de publicación del video', 'Hora de publicación del vídeo', 'Fecha de publicación del video'] },
  duration: { en: ['Duration'], es: ['Duración'] },
  views: { en: ['Views'], es: ['Vistas', 'Visualizaciones'] },
  averageView: { en: ['Average view duration'], es: ['Duración promedio de las vistas', 'Duración media de las visualizaciones', 'Duración promedio de visualización'] },
  impressions: { en: ['Impressions'], es: ['Impresiones'] },
  likes: { en: ['Likes'], es: ['Me gusta'] },
  comments: { en: ['Comments added'], es: ['Comentarios añadidos', 'Comentarios agregados'] },
  shares: { en: ['Shares'], es: ['Veces compartido', 'Contenido compartido'] },
};

/** The per-video table in the export zip, wherever the zip puts it, or undefined. */
export function pickYouTubeEntry(names: string[]): string | undefined {
  return names.find((name) => ['table data.csv', 'datos de la tabla.csv'].includes(baseName(name).toLowerCase()));
}

export const youtubeContentReader: ExportReader = {
  kind: 'youtube-content',
  matches: (header) => languageOf(header, TABLE, ['content', 'published', 'views']),
  read: (rows, lines, ctx) => readPosts(rows, lines, ctx, TABLE, tablePost),
};

function tablePost(c: Cells<Field>): PostMetrics | string {
  const id = c.required('content');
  // The channel's sum over every video, first in the table: a preview line, never a post.
  if (headerKey(id) === 'total') return 'fila «Total» del canal (suma de todos los videos)';
  if (!/^[\w-]{11}$/.test(id)) throw c.refuse('content', 'no es el id de un video de YouTube.');
  return {
    network: 'youtube',
    postId: id,
    url: `https://www.youtube.com/watch?v=${id}`,
    publishedAt: c.limaDate('published'),
    text: clip(c.text('title')),
    views: c.count('views'),
    impressions: c.count('impressions'),
    likes: c.count('likes'),
    comments: c.count('comments'),
    shares: c.count('shares'),
    averageWatchSeconds: c.seconds('averageView'),
    durationSeconds: c.seconds('duration'),
  };
}
