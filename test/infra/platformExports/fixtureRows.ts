/** A fixture file as the dispatcher will hand it to a reader: rows of cells and each row's file line. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

export function rowsOf(text: string): { rows: string[][]; lines: number[] } {
  const records = parse(text, { bom: true, relax_column_count: true, info: true }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  return { rows: records.map((r) => r.record), lines: records.map((r) => r.info.lines) };
}

export const fixture = (name: string): string => readFileSync(join(__dirname, '..', '..', 'fixtures', 'platformExports', name), 'utf8');

/** The same rows with the columns in another order: the readers find columns by name, never by position. */
export function shuffled(rows: string[][], order: number[]): string[][] {
  return rows.map((row) => order.map((i) => row[i] ?? ''));
}
