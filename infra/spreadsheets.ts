/**
 * A spreadsheet people upload, as a grid of cells: XLSX (exceljs) or CSV (csv-parse) in whatever
 * encoding and separator their Excel wrote. The kind is read from the file's first bytes, never from
 * its name; CSV text is UTF-8 (with or without BOM), UTF-16 with BOM, or else what chardet finds
 * (Excel on Spanish Windows writes Windows-1252), and its separator is the one its first line uses most
 * (`;` in Spanish locales, `,` elsewhere; an Excel `sep=` line says it outright). `grid[n - 1]` holds the
 * file's line (or sheet row) `n`, so every problem can name the line people see.
 */
import chardet from 'chardet';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Cell } from '../domain/inventory';

/** A file that is not a spreadsheet Custodio reads; the message is Spanish, for the page. */
export class SpreadsheetUnreadable extends Error {
  override readonly name = 'SpreadsheetUnreadable';
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (b: Buffer, magic: number[]) => magic.every((m, i) => b[i] === m);

export async function readSpreadsheet(file: Buffer): Promise<Cell[][]> {
  if (startsWith(file, ZIP)) return readXlsx(file);
  if (startsWith(file, OLE)) throw new SpreadsheetUnreadable('Es un archivo de Excel antiguo (.xls): guárdelo como .xlsx o como CSV y vuelva a subirlo.');
  return readCsv(decode(file));
}

/** The text of a CSV file, whatever its encoding. */
export function decode(file: Buffer): string {
  if (file[0] === 0xef && file[1] === 0xbb && file[2] === 0xbf) return file.subarray(3).toString('utf8');
  if (file[0] === 0xff && file[1] === 0xfe) return iconv.decode(file.subarray(2), 'utf16le');
  if (file[0] === 0xfe && file[1] === 0xff) return iconv.decode(file.subarray(2), 'utf16be');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  try {
    return utf8.decode(file);
  } catch {
    const guess = chardet.detect(file);
    const encoding = guess && iconv.encodingExists(guess) && !/^UTF/i.test(guess) ? guess : 'windows-1252';
    return iconv.decode(file, encoding);
  }
}

function readCsv(text: string): Cell[][] {
  if (text.includes('\u0000')) throw new SpreadsheetUnreadable('El archivo no es una hoja de cálculo: súbalo como .xlsx o como CSV.');
  let offset = 0;
  let delimiter: string | undefined;
  const sep = /^sep=(.)\r?\n/i.exec(text);
  if (sep) {
    delimiter = sep[1];
    offset = 1;
  }
  const body = sep ? text.slice(sep[0].length) : text;
  delimiter ??= separatorOf(body.split(/\r?\n/, 1)[0] ?? '');
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(body, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, info: true, trim: true }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new SpreadsheetUnreadable(`No se pudo leer el CSV${line ? ` (línea ${line + offset})` : ''}: revise las comillas de esa línea.`);
  }
  const grid: Cell[][] = [];
  for (const { record, info } of records) grid[info.lines - 1 + offset] = record;
  return Array.from(grid, (row) => row ?? []);
}

/** The separator the header line uses most, outside quotes. */
function separatorOf(line: string): string {
  const counts = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
  }
  const [best, n] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return n > 0 ? best : ',';
}

async function readXlsx(file: Buffer): Promise<Cell[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new SpreadsheetUnreadable('No se pudo abrir el archivo .xlsx: ábralo en Excel, guárdelo de nuevo y vuelva a subirlo.');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new SpreadsheetUnreadable('El archivo .xlsx no tiene ninguna hoja.');
  const grid: Cell[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, c) => void (cells[c - 1] = valueOf(cell.value)));
    grid[n - 1] = Array.from(cells, (c) => c ?? null);
  });
  return Array.from(grid, (row) => row ?? []);
}

/** What a cell shows: rich text as its text, a link as its text (or address), a formula as its result. */
function valueOf(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (v instanceof Date || typeof v !== 'object') return v as Cell;
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('hyperlink' in v) return typeof v.text === 'string' ? v.text : v.hyperlink;
  if ('result' in v) return valueOf(v.result as ExcelJS.CellValue);
  if ('error' in v) return null;
  return String(v);
}

/** A one-sheet XLSX: a bold header row, then the rows (for templates and exports people open in Excel). */
export async function writeXlsx(sheetName: string, header: string[], rows: Cell[][], widths: number[] = []): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(header).font = { bold: true };
  for (const r of rows) sheet.addRow(r.map((c) => c ?? null));
  header.forEach((_, i) => void (sheet.getColumn(i + 1).width = widths[i] ?? 24));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * A CSV that Excel in Spanish opens into columns with its accents intact: UTF-8 with a BOM (without it
 * Excel reads Windows-1252), `;` between cells (Spanish locales write decimals with a comma, so Excel
 * splits on the list separator `;`), CRLF between lines. No `sep=` line: with one, Excel ignores the BOM.
 * Text that Excel would run as a formula (`=`, `+`, `-`, `@` first) is written after an apostrophe.
 */
export function writeCsv(header: string[], rows: Cell[][]): Buffer {
  const cell = (c: Cell) => (typeof c === 'string' && /^[=+\-@\t\r]/.test(c) ? `'${c}` : (c ?? ''));
  const text = stringify([header, ...rows.map((r) => r.map(cell))], { delimiter: ';', record_delimiter: '\r\n' });
  return Buffer.from(`\uFEFF${text}`, 'utf8');
}
