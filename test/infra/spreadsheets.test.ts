import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { readSpreadsheet, writeXlsx } from '../../infra/spreadsheets';

const HEADER = ['Red social', 'Denominación de la cuenta', 'Descripción'];

describe('reading the spreadsheets people upload (issue 15 §1): the kind from the bytes, the encoding and separator from the text', () => {
  it('CSV in UTF-8 with BOM and commas, and without BOM with semicolons, read the same', async () => {
    const rows = [HEADER, ['Facebook', 'CulturaPeru', 'Agenda cultural, noticias y campañas']];
    const comma = `\uFEFF${rows.map((r) => r.map((c) => (c.includes(',') ? `"${c}"` : c)).join(',')).join('\r\n')}\r\n`;
    const semicolon = rows.map((r) => r.join(';')).join('\n');
    expect(await readSpreadsheet(Buffer.from(comma, 'utf8'))).toEqual(rows);
    expect(await readSpreadsheet(Buffer.from(semicolon, 'utf8'))).toEqual(rows);
  });

  it('CSV as Excel on Spanish Windows writes it (Windows-1252), as UTF-16 with BOM, and with a sep= line: accents survive', async () => {
    const text = 'Red social;Denominación de la cuenta;Descripción\nYouTube;CulturaPeru;Difusión de la programación\n';
    const expected = [HEADER, ['YouTube', 'CulturaPeru', 'Difusión de la programación']];
    expect(await readSpreadsheet(iconv.encode(text, 'windows-1252'))).toEqual(expected);
    expect(await readSpreadsheet(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]))).toEqual(expected);
    const withSep = await readSpreadsheet(Buffer.from(`sep=;\n${text}`, 'utf8'));
    // The grid keeps the file's line numbers: the sep= line is line 1.
    expect(withSep.slice(1)).toEqual(expected);
  });

  it("a quoted cell over two lines keeps the next row on the file's own line number", async () => {
    const grid = await readSpreadsheet(Buffer.from('a,b\n"uno\ndos",x\nc,d\n', 'utf8'));
    expect(grid[3]).toEqual(['c', 'd']);
  });

  it('XLSX: rich text, links, formulas and dates as they show; the sheet row is the line', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Cuentas');
    sheet.addRow(['Título']);
    sheet.getRow(3).values = [
      { richText: [{ text: 'Face' }, { text: 'book', font: { bold: true } }] },
      { text: 'https://facebook.com/CulturaPeru', hyperlink: 'https://facebook.com/CulturaPeru' },
      { formula: '1+1', result: 2 },
      new Date(Date.UTC(2026, 10, 15)),
      987654321,
    ];
    const grid = await readSpreadsheet(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(grid[0]).toEqual(['Título']);
    expect(grid[1]).toEqual([]);
    expect(grid[2]).toEqual(['Facebook', 'https://facebook.com/CulturaPeru', 2, new Date(Date.UTC(2026, 10, 15)), 987654321]);
  });

  it('what writeXlsx writes, readSpreadsheet reads back', async () => {
    const file = await writeXlsx('Plantilla', HEADER, [['Instagram', 'CulturaPeru', null]]);
    expect(await readSpreadsheet(file)).toEqual([HEADER, ['Instagram', 'CulturaPeru']]);
  });

  it('an old .xls, a broken .xlsx and a binary file are refused with a Spanish reason', async () => {
    await expect(readSpreadsheet(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).rejects.toThrow('guárdelo como .xlsx o como CSV');
    await expect(readSpreadsheet(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).rejects.toThrow('No se pudo abrir el archivo .xlsx');
    await expect(readSpreadsheet(Buffer.from([0x00, 0x01, 0x02, 0x00, 0x00]))).rejects.toThrow('no es una hoja de cálculo');
  });
});
