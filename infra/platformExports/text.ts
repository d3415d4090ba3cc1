/**
 * An export's bytes as rows of cells, each with the file line it starts on (issue 16 §1).
 * The platforms write CSV in more than one way: Meta Business Suite writes UTF-8 with a BOM, or
 * UTF-16LE whose first line is Excel's `sep=,`; X and YouTube write UTF-8 with or without BOM; a
 * person saving Custodio's template from Excel on Spanish Windows may write Windows-1252 with `;`.
 * So the encoding comes from the BOM, else from the bytes (UTF-16 without BOM shows as NUL halves,
 * which chardet does not detect), else UTF-8 if it decodes, else chardet's guess; the separator from a
 * `sep=` line, else from the header line.
 */
import chardet from 'chardet';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { ExportUnreadable } from './errors';

export interface Rows {
  /** Every record of the file, the header first; a blank line is a row with one empty cell. */
  rows: string[][];
  /** The file line (1-based, counting a `sep=` line) on which each row starts, for messages. */
  lines: number[];
  delimiter: string;
  encoding: string;
}

/** Reads the CSV text of an export; throws `ExportUnreadable` for what is not CSV text or cannot be parsed. */
export function readRows(bytes: Buffer): Rows {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw new ExportUnreadable('Es un archivo comprimido o de Excel (.zip o .xlsx): suba el CSV que contiene, o guárdelo como CSV.');
  }
  const { text, encoding } = decode(bytes);
  if (text.includes('\u0000')) throw new ExportUnreadable('El archivo no es un CSV de texto: súbalo tal como lo descargó de la plataforma.');
  const sep = /^sep=(.)[ \t]*\r?\n/i.exec(text);
  const body = sep ? text.slice(sep[0].length) : text;
  const offset = sep ? 1 : 0;
  const delimiter = sep?.[1] ?? separatorOf(body.split(/\r?\n/, 1)[0] ?? '');
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(body, {
      delimiter,
      info: true,
      relax_column_count: true, // a Meta export with 32 columns may end a row early; the reader checks what it needs
      relax_quotes: true, // a caption with a stray quote inside an unquoted cell is still that cell
      skip_empty_lines: false, // kept, so the readers can say which lines they skipped
      trim: true,
    }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new ExportUnreadable(
      `No se pudo leer el CSV${line ? ` (línea ${line + offset})` : ''}: revise las comillas de esa línea.`,
      line ? line + offset : undefined,
    );
  }
  // csv-parse reports the line a record ends on; a record starts on the line after the previous one ends.
  const lines = records.map((_, i) => (i === 0 ? 1 : records[i - 1]!.info.lines + 1) + offset);
  return { rows: records.map((r) => r.record), lines, delimiter, encoding };
}

function decode(bytes: Buffer): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString('utf8'), encoding: 'UTF-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(bytes.subarray(2), 'utf16le'), encoding: 'UTF-16LE' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(bytes.subarray(2), 'utf16be'), encoding: 'UTF-16BE' };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { text: iconv.decode(bytes, utf16), encoding: utf16 === 'utf16le' ? 'UTF-16LE' : 'UTF-16BE' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    const guess = chardet.detect(bytes);
    const encoding = guess && iconv.encodingExists(guess) && !/^UTF/i.test(guess) ? guess : 'windows-1252';
    return { text: iconv.decode(bytes, encoding), encoding };
  }
}

/** CSV headers are ASCII or Latin letters, so UTF-16 text has a NUL in most odd (LE) or even (BE) bytes. */
function utf16WithoutBom(bytes: Buffer): 'utf16le' | 'utf16be' | undefined {
  const sample = bytes.subarray(0, 4096);
  const pairs = Math.floor(sample.length / 2);
  if (pairs < 2) return undefined;
  let oddNul = 0;
  let evenNul = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) evenNul++;
    if (sample[i + 1] === 0) oddNul++;
  }
  if (oddNul > pairs * 0.6 && evenNul < pairs * 0.1) return 'utf16le';
  if (evenNul > pairs * 0.6 && oddNul < pairs * 0.1) return 'utf16be';
  return undefined;
}

/** The separator the header line uses most, outside quotes (`,` when it has none: a one-column file). */
function separatorOf(line: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  const [best, n] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return n > 0 ? best : ',';
}
