/**
 * One platform layout read from already-decoded rows (issue 16 §1). Decoding bytes (BOM, UTF-16, `sep=`)
 * and choosing the reader belong to the dispatcher; a reader only recognises its header and turns rows
 * into `PostMetrics`, so it is pure and tested on plain arrays.
 */
import type { ExportKind, PostMetrics } from '../../domain/metrics';

export interface ReadContext {
  /** The language `matches` answered for this header. */
  language: 'es' | 'en';
  /** `YYYY-MM-DD`, the Lima day of the upload: the export day when the file does not say, and the anchor for dates without a year. */
  uploadedOn: string;
}

export interface ReadResult {
  posts: PostMetrics[];
  /** Lines deliberately not read (a «Total» row, a blank line), with why, for the preview. */
  skipped: Array<{ line: number; reason: string }>;
  /** `YYYY-MM-DD` when the file itself says the day its figures are as of. */
  exportedOn?: string;
}

export interface ExportReader {
  kind: ExportKind;
  /** The header row's language when it is this layout, else undefined. */
  matches(header: string[]): 'es' | 'en' | undefined;
  /** rows[0] is the header; lines[i] is the file line of rows[i] (for messages). Throws on an unreadable cell. */
  read(rows: string[][], lines: number[], ctx: ReadContext): ReadResult;
}
