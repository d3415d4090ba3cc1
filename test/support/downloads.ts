/** A list exported as CSV or XLSX, fetched as a browser would and read back into rows to compare with the page. */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Browser } from './browser';

export async function download(b: Browser, path: string): Promise<{ status: number; type: string | null; disposition: string; data: Buffer }> {
  const res = await b.fetch(path);
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition') ?? '', data: Buffer.from(await res.arrayBuffer()) };
}

/** Custodio's CSVs: UTF-8 with BOM, `;` (what Spanish Excel opens). */
export const csvRows = (data: Buffer) => parse(data.toString('utf8'), { delimiter: ';', bom: true }) as string[][];

/** The first sheet's rows as text. */
export async function xlsxRows(data: Buffer): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(data as unknown as ArrayBuffer);
  const rows: string[][] = [];
  book.worksheets[0]!.eachRow((row) => void rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}
