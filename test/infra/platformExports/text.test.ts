import iconv from 'iconv-lite';
import { ExportUnreadable } from '../../../infra/platformExports/errors';
import { readRows } from '../../../infra/platformExports/text';

const TEXT = 'Post ID,Publish time,Description\r\n1,09/15/2026 18:00,"Tejidos del Ande, Museo de la Nación"\r\n';
const ROWS = [
  ['Post ID', 'Publish time', 'Description'],
  ['1', '09/15/2026 18:00', 'Tejidos del Ande, Museo de la Nación'],
];

describe('an export as rows (issue 16 §1): encoding and separator from the bytes, file lines kept for messages', () => {
  it('UTF-8 with BOM: the BOM is not part of the first header', () => {
    const read = readRows(Buffer.from(`\uFEFF${TEXT}`, 'utf8'));
    expect(read).toEqual({ rows: ROWS, lines: [1, 2], delimiter: ',', encoding: 'UTF-8' });
  });

  it('UTF-16LE with BOM and a first sep=, line: the sep line is dropped, its separator used, and counted as line 1', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(`sep=,\r\n${TEXT}`, 'utf16le')]);
    expect(readRows(bytes)).toEqual({ rows: ROWS, lines: [2, 3], delimiter: ',', encoding: 'UTF-16LE' });
  });

  it('UTF-16LE without BOM is recognised from its bytes (chardet does not)', () => {
    expect(readRows(iconv.encode(TEXT, 'utf16le'))).toMatchObject({ rows: ROWS, encoding: 'UTF-16LE' });
  });

  it('sep=; says the separator even when the header has commas inside quotes', () => {
    const read = readRows(Buffer.from('sep=;\n"Red, social";Alcance\nX;10\n', 'utf8'));
    expect(read.rows).toEqual([['Red, social', 'Alcance'], ['X', '10']]);
    expect(read.delimiter).toBe(';');
  });

  it('without a sep line, the separator is the one the header line uses most: ; or tab', () => {
    expect(readRows(Buffer.from('Red;ID de la publicación\nX;1\n')).delimiter).toBe(';');
    expect(readRows(Buffer.from('Content\tViews\nA\t3\n')).rows).toEqual([['Content', 'Views'], ['A', '3']]);
  });

  it('Windows-1252 (Excel on Spanish Windows) keeps its accents', () => {
    const read = readRows(iconv.encode('Red;Duración (s)\nYouTube;184\n', 'windows-1252'));
    expect(read.rows[0]).toEqual(['Red', 'Duración (s)']);
  });

  it('a caption over three lines keeps the next row on its own file line, and a blank line stays a row', () => {
    const read = readRows(Buffer.from('a,b\n"uno\ndos\ntres",x\n\nc,d\n'));
    expect(read.rows).toEqual([['a', 'b'], ['uno\ndos\ntres', 'x'], [''], ['c', 'd']]);
    expect(read.lines).toEqual([1, 2, 5, 6]);
  });

  it('a zip, an xlsx or a binary file is refused in Spanish', () => {
    expect(() => readRows(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]))).toThrow(ExportUnreadable);
    expect(() => readRows(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]))).toThrow('Es un archivo comprimido');
    expect(() => readRows(Buffer.from([0x00, 0x01, 0x02, 0x00, 0x00, 0x07]))).toThrow('no es un CSV de texto');
  });
});
