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
import { pickTikTokEntry, tiktokContentReader } from './tiktok';
import { xContentReader, xTweetActivityReader } from './x';
import { pickYouTubeEntry, youtubeContentReader } from './youtube';
import { listCsvEntries, readZipEntry } from './zip';

export { ExportUnreadable } from './errors';
export type { ExportReader, ReadContext, ReadResult } from './reader';

/** Every layout Custodio reads, tried in order; a new layout is one more entry. */
export const READERS: readonly ExportReader[] = [metaReader, xContentReader, xTweetActivityReader, tiktokContentReader, youtubeContentReader, templateReader];

/** Local times in the files are the page's; the pages Custodio governs are Peruvian. */
const TIME_ZONE = 'America/Lima';

const UNKNOWN = 'No se reconoce el archivo: la primera fila no es la de una exportación de Meta, X, TikTok, YouTube ni de la plantilla de Custodio.';

const NO_TABLE_IN_ZIP = 'El archivo .zip no contiene la tabla de publicaciones: se espera Content.csv (TikTok Studio) o Table data.csv / Datos de la tabla.csv (YouTube Studio).';

/** A TikTok or YouTube Studio zip: its table of posts (which layout it is, the header still says). */
async function tableOf(zip: Buffer): Promise<Buffer> {
  const names = await listCsvEntries(zip);
  const name = pickTikTokEntry(names) ?? pickYouTubeEntry(names);
  if (!name) throw new ExportUnreadable(NO_TABLE_IN_ZIP);
  return readZipEntry(zip, name);
}

const isZip = (bytes: Buffer) => bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;

/** Reads a whole export (a CSV, or a Studio zip) into posts, or throws `ExportUnreadable` with a Spanish message naming the line and column. */
export async function readPlatformExport(bytes: Buffer, opts: { uploadedOn: string }): Promise<PlatformExport> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.uploadedOn)) throw new Error(`uploadedOn must be YYYY-MM-DD, got ${opts.uploadedOn}`);
  const { rows, lines } = readRows(isZip(bytes) ? await tableOf(bytes) : bytes);
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
