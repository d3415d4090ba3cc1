/**
 * What every export reader is, and the cell rules they share (issue 16 §1). A reader recognises its
 * layout from the header row alone and reads the rows into posts; `index.ts` lists the readers in
 * `READERS`, so a new layout is one more entry there. A cell is parsed by the rules of its file (the
 * language the header is in), never by the server's locale; an empty cell is absent, never 0.
 */
import { TZDate } from '@date-fns/tz';
import type { ExportKind, PostMetrics } from '../../domain/metrics';
import { cellUnreadable } from './errors';

export type ExportLanguage = 'es' | 'en';

export interface ReadContext {
  /** The header's language, as `matches` said. */
  language: ExportLanguage;
  /** `YYYY-MM-DD`, the day the file was uploaded: the export day when the file does not say. */
  uploadedOn: string;
  /** The zone a local time in the file is read in. */
  timeZone: string;
}

export interface ReadResult {
  posts: PostMetrics[];
  skipped: Array<{ line: number; reason: string }>;
  /** `YYYY-MM-DD`, when the file itself says which day its figures are as of. */
  exportedOn?: string;
}

export interface ExportReader {
  kind: ExportKind;
  /** The header's language when this is the reader's layout, else undefined. */
  matches(header: string[]): ExportLanguage | undefined;
  /** Reads every row after the header (`rows[0]`); `lines[i]` is the file line of `rows[i]`. Throws `ExportUnreadable`, never returns part of a file. */
  read(rows: string[][], lines: number[], ctx: ReadContext): ReadResult;
}

/** A header as compared: lower case, without accents, spaces collapsed (Meta's casing varies by version). */
export function headerKey(text: string): string {
  return text.replace(/^\uFEFF/, '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The column of each field whose header (any of its aliases) the row has; fields it lacks are left out. */
export function columnsOf<F extends string>(header: string[], aliases: Record<F, readonly string[]>): Partial<Record<F, number>> {
  const keys = header.map(headerKey);
  const found: Partial<Record<F, number>> = {};
  for (const field of Object.keys(aliases) as F[]) {
    const at = keys.findIndex((k) => aliases[field].some((a) => headerKey(a) === k));
    if (at >= 0) found[field] = at;
  }
  return found;
}

/** True for a row with no text in any cell (a blank line, or a line of separators). */
export function isBlank(row: string[]): boolean {
  return row.every((c) => c === '');
}

export interface Cell {
  text: string;
  line: number;
  column: string;
}

/**
 * A whole count: plain digits, or digits grouped by threes with the file's thousands separator
 * (`1,234` in an English file, `1.234` in a Spanish one). Empty is absent.
 */
export function countOf(cell: Cell, thousands: string): number | undefined {
  if (cell.text === '') return undefined;
  const grouped = new RegExp(`^\\d{1,3}(${escape(thousands)}\\d{3})+$`);
  if (/^\d+$/.test(cell.text)) return Number(cell.text);
  if (grouped.test(cell.text)) return Number(cell.text.split(thousands).join(''));
  throw cellUnreadable(cell.line, cell.column, `«${cell.text}» no es un número entero.`);
}

/** A figure that may have decimals, with the file's decimal mark (`12.5` in English, `12,5` in Spanish). */
export function decimalOf(cell: Cell, decimalMark: string): number | undefined {
  if (cell.text === '') return undefined;
  const match = new RegExp(`^(\\d+)(?:${escape(decimalMark)}(\\d+))?$`).exec(cell.text);
  if (!match) throw cellUnreadable(cell.line, cell.column, `«${cell.text}» no es un número (decimales con «${decimalMark}»).`);
  return Number(`${match[1]}.${match[2] ?? '0'}`);
}

/**
 * A local date and time in `timeZone`, as an ISO instant. `order` says which of the first two numbers
 * is the month (Meta writes MM/DD/YYYY, Custodio's template DD/MM/AAAA); seconds are optional.
 */
export function localInstantOf(cell: Cell, order: 'MDY' | 'DMY', timeZone: string, expected: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(cell.text);
  const problem = cell.text === '' ? `falta la fecha (${expected}).` : `no es una fecha (${expected}).`;
  if (!m) throw cellUnreadable(cell.line, cell.column, problem);
  const [a, b, year, hour, minute, second] = m.slice(1).map((n) => Number(n ?? 0)) as [number, number, number, number, number, number];
  const [month, day] = order === 'MDY' ? [a, b] : [b, a];
  const at = new TZDate(year, month - 1, day, hour, minute, second, timeZone);
  // TZDate rolls 02/30 over into March: a date that does not come back as written is not a date.
  if (at.getMonth() !== month - 1 || at.getDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw cellUnreadable(cell.line, cell.column, problem);
  }
  return new Date(at.getTime()).toISOString();
}

/** The post's text as the contract keeps it: at most 280 characters. */
export function shortText(text: string): string | undefined {
  if (text === '') return undefined;
  return text.length > 280 ? `${text.slice(0, 279)}…` : text;
}

/** The sum of the parts a row has, or absent when it has none. */
export function sumOf(parts: Array<number | undefined>): number | undefined {
  const present = parts.filter((p): p is number => p !== undefined);
  return present.length ? present.reduce((a, b) => a + b, 0) : undefined;
}

/** The contract keeps an absent figure absent: no `undefined` keys for a deep-equal to trip on. */
export function withoutAbsent<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
