import type { Response } from 'express';
import { writeCsv, writeXlsx } from '../infra/spreadsheets';
import type { Sheet } from './services/listExports';

export type SheetFormat = 'csv' | 'xlsx';

const TYPES: Record<SheetFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Sends a list as a download; `no-store`, since it holds an entity's data as of now. */
export async function sendSheet(res: Response, format: SheetFormat, sheet: Sheet): Promise<void> {
  const body = format === 'csv' ? writeCsv(sheet.header, sheet.rows) : await writeXlsx(sheet.sheetName, sheet.header, sheet.rows, sheet.widths);
  res.attachment(`${sheet.fileName}.${format}`).type(TYPES[format]).set('Cache-Control', 'no-store').send(body);
}
