/**
 * One platform export, read (issue 16 §1): the layout is recognised from the header row, never from
 * the file name, and read whole or not at all. Figures are lifetime totals as of the export day (PCM
 * 6.3.2), so within one file the last row of a post wins, as a later export supersedes an earlier one.
 */
import type { PlatformExport, PostMetrics } from '../../domain/metrics';
import { ExportUnreadable } from './errors';
import { metaReader } from './meta';
import type { ExportReader } from './reader';
import { templateReader } from './template';
import { readRows } from './text';

export { ExportUnreadable } from './errors';
export type { ExportReader, ReadContext, ReadResult } from './reader';

/** Every layout Custodio reads, tried in order; a new layout is one more entry. */
export const READERS: readonly ExportReader[] = [metaReader, templateReader];

/** Local times in the files are the page's; the pages Custodio governs are Peruvian. */
const TIME_ZONE = 'America/Lima';

const UNKNOWN = 'No se reconoce el archivo: la primera fila no es la de una exportación de Meta, X, TikTok, YouTube ni de la plantilla de Custodio.';

/** Reads a whole export into posts, or throws `ExportUnreadable` with a Spanish message naming the line and column. */
export function readPlatformExport(bytes: Buffer, opts: { uploadedOn: string }): PlatformExport {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.uploadedOn)) throw new Error(`uploadedOn must be YYYY-MM-DD, got ${opts.uploadedOn}`);
  const { rows, lines } = readRows(bytes);
  const header = rows[0];
  if (!header || header.every((c) => c === '')) throw new ExportUnreadable('El archivo está vacío: la primera fila debe ser la de los títulos de las columnas.', 1);
  for (const reader of READERS) {
    const language = reader.matches(header);
    if (!language) continue;
    const result = reader.read(rows, lines, { language, uploadedOn: opts.uploadedOn, timeZone: TIME_ZONE });
    return { kind: reader.kind, language, exportedOn: result.exportedOn ?? opts.uploadedOn, posts: lastOfEach(result.posts), skipped: result.skipped };
  }
  throw new ExportUnreadable(UNKNOWN, 1);
}

/** One reading per post: a later row of the same (network, post) replaces the earlier, in the earlier's place. */
function lastOfEach(posts: PostMetrics[]): PostMetrics[] {
  const byKey = new Map<string, PostMetrics>();
  for (const post of posts) byKey.set(`${post.network}:${post.postId}`, post);
  return [...byKey.values()];
}
