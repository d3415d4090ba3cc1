import ExcelJS from 'exceljs';
import { ANEXO3_TABLES, NOT_AVAILABLE, accountTitle, type AccountSection, type Anexo3Metric, type Figure, type QuarterlyReport, type Totals } from '../../domain/anexo3';
import type { MetricNetwork } from '../../domain/metrics';
import { monthLabel, quarterLabel } from '../../domain/quarters';
import { excelDay, frequencyText, missingSummary } from './anexo3Text';

const TITLE = 'Informe trimestral sobre cuentas de redes sociales (Anexo 3)';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE3EAF2' } };
const COUNT = '#,##0';
// Excel multiplies by 100 for «%»: the cell holds the fraction, and the space is the Spanish «4,35 %».
const RATE = '0.00 %';
const SECONDS = '#,##0.0 "s"';
const DAY = 'dd/mm/yyyy';

const SHORT: Record<MetricNetwork, string> = { facebook: 'Facebook', x: 'X', youtube: 'YouTube', instagram: 'Instagram', tiktok: 'TikTok' };

/** A sheet name Excel accepts (≤ 31 characters, none of \ / ? * [ ] :) that no other sheet of the book has. */
function sheetName(s: AccountSection, taken: Set<string>): string {
  const base = `${SHORT[s.network]} ${s.name}`.replace(/[\\/?*[\]:]/g, '-').replace(/^'+|'+$/g, '').trim();
  let name = base.slice(0, 31);
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - ` (${n})`.length).trimEnd()} (${n})`;
  taken.add(name.toLowerCase());
  return name;
}

/** A figure as a number with its format, or the text of an absent one. */
function setFigure(cell: ExcelJS.Cell, metric: Anexo3Metric | 'count', value: Figure | undefined): void {
  if (value === null || value === undefined) {
    cell.value = NOT_AVAILABLE;
    cell.font = { italic: true, color: { argb: 'FF777777' } };
    return;
  }
  // The rate has two decimals: as a fraction it is a whole number of ten-thousandths, kept free of binary noise.
  cell.value = metric === 'engagementRate' ? Math.round(value * 100) / 10_000 : value;
  cell.numFmt = metric === 'engagementRate' ? RATE : metric === 'averageWatchSeconds' ? SECONDS : COUNT;
}

function headerRow(sheet: ExcelJS.Worksheet, labels: string[]): void {
  const row = sheet.addRow(labels);
  row.font = { bold: true };
  row.alignment = { wrapText: true, vertical: 'middle' };
  row.eachCell((c) => void (c.fill = HEADER_FILL));
}

const TOTAL_HEADERS = ['Publicaciones', 'Alcance', 'Impacto', 'Interacciones'];

function totalCells(row: ExcelJS.Row, from: number, t: Totals): void {
  setFigure(row.getCell(from), 'count', t.posts);
  // A month without posts has no sums to miss: «—», as in the PDF.
  (['reach', 'impact', 'interactions'] as const).forEach((f, i) => (t.posts ? setFigure(row.getCell(from + 1 + i), 'count', t[f]) : void (row.getCell(from + 1 + i).value = '—')));
}

/** One account: each month's Anexo 3 table, then its totals. */
function accountSheet(sheet: ExcelJS.Worksheet, r: QuarterlyReport, s: AccountSection): void {
  const table = ANEXO3_TABLES[s.network];
  const width = table.columns.length + 3;
  sheet.addRow([TITLE]).font = { bold: true, size: 13 };
  sheet.addRow([`${r.entityName} – ${quarterLabel(r.quarter)}`]);
  const account = sheet.addRow([accountTitle(s)]);
  account.font = { bold: true };
  if (s.url) account.getCell(2).value = { text: s.url, hyperlink: s.url };
  for (const m of s.months) {
    sheet.addRow([]);
    sheet.addRow([`${table.heading} – ${monthLabel(m.month)}`]).font = { bold: true };
    headerRow(sheet, ['N°', ...table.columns.map((c) => c.label), 'Fecha', table.linkLabel]);
    m.top.forEach((post, i) => {
      const row = sheet.addRow([i + 1]);
      table.columns.forEach((c, j) => setFigure(row.getCell(2 + j), c.metric, post.figures[c.metric]));
      const day = row.getCell(width - 1);
      day.value = excelDay(post.publishedAt);
      day.numFmt = DAY;
      setLink(row.getCell(width), post.url);
    });
    if (!m.top.length) sheet.addRow(['Sin publicaciones importadas para este mes.']).font = { italic: true };
    if (m.frequency) sheet.addRow([frequencyText(m.frequency)]);
  }
  sheet.addRow([]);
  sheet.addRow([`Totales – ${accountTitle(s)}`]).font = { bold: true };
  headerRow(sheet, ['Periodo', ...TOTAL_HEADERS, 'Observaciones']);
  for (const [label, t] of [...s.months.map((m) => [monthLabel(m.month), m.totals] as const), ['Trimestre', s.quarter] as const]) {
    const row = sheet.addRow([label]);
    totalCells(row, 2, t);
    if (t.missing) row.getCell(6).value = missingSummary(t);
  }
  sheet.getColumn(1).width = 14;
  table.columns.forEach((_, j) => void (sheet.getColumn(2 + j).width = 20));
  sheet.getColumn(width - 1).width = Math.max(sheet.getColumn(width - 1).width ?? 0, 14);
  sheet.getColumn(width).width = 60;
}

function setLink(cell: ExcelJS.Cell, url: string | null): void {
  if (url === null) return setFigure(cell, 'count', null);
  cell.value = { text: url, hyperlink: url };
  cell.font = { color: { argb: 'FF1A4F8B' }, underline: true };
}

/** Every account's totals, per month and for the quarter, with the followers typed in. */
function totalsSheet(sheet: ExcelJS.Worksheet, r: QuarterlyReport): void {
  sheet.addRow([`${TITLE} – totales`]).font = { bold: true, size: 13 };
  sheet.addRow([`${r.filing ? `${r.filing.code} – ` : ''}${r.entityName} – ${quarterLabel(r.quarter)}`]);
  sheet.addRow([]);
  headerRow(sheet, ['Red', 'Cuenta', 'Periodo', ...TOTAL_HEADERS, 'Seguidores al inicio', 'Seguidores al cierre', 'Crecimiento de seguidores', 'Observaciones']);
  for (const s of r.sections) {
    const lines = [...s.months.map((m) => [monthLabel(m.month), m.totals] as const), ['Trimestre', s.quarter] as const];
    for (const [label, t] of lines) {
      const row = sheet.addRow([SHORT[s.network], s.name, label]);
      totalCells(row, 4, t);
      if (label === 'Trimestre') {
        row.font = { bold: true };
        (['start', 'end', 'growth'] as const).forEach((f, i) => setFigure(row.getCell(8 + i), 'count', s.followers[f]));
      }
      if (t.missing) row.getCell(11).value = missingSummary(t);
    }
  }
  [12, 28, 20, 14, 14, 14, 14, 14, 14, 14, 40].forEach((w, i) => void (sheet.getColumn(i + 1).width = w));
}

/** PCM 6.2.2.1: the approved plan's quarterly targets against what was measured (as on the PDF's first page). */
function planSheet(sheet: ExcelJS.Worksheet, plan: NonNullable<QuarterlyReport['plan']>): void {
  sheet.addRow([`Metas del Plan de Comunicación Digital ${plan.year} (${plan.code}; PCM 6.2.2.1)`]).font = { bold: true, size: 13 };
  sheet.addRow([]);
  headerRow(sheet, ['Meta trimestral', 'Plan', 'Medido', 'Avance', 'Observaciones']);
  for (const r of plan.rows) {
    const row = sheet.addRow([r.label, r.target]);
    row.getCell(2).numFmt = COUNT;
    setFigure(row.getCell(3), 'count', r.measured);
    if (r.measured !== null && r.target > 0) {
      row.getCell(4).value = r.measured / r.target;
      row.getCell(4).numFmt = '0 %';
    }
    if (r.partial && r.measured !== null) row.getCell(5).value = 'Suma de las cuentas que tienen la cifra: a alguna le falta en la exportación.';
  }
  [36, 16, 16, 10, 60].forEach((w, i) => void (sheet.getColumn(i + 1).width = w));
}

function notesSheet(sheet: ExcelJS.Worksheet, r: QuarterlyReport): void {
  sheet.addRow(['Notas']).font = { bold: true, size: 13 };
  r.footnotes.forEach((note, i) => void sheet.addRow([`${i + 1}. ${note}`]));
  if (r.notes.length) {
    sheet.addRow([]);
    sheet.addRow(['Meses sin datos']).font = { bold: true };
    for (const note of r.notes) sheet.addRow([note]);
  }
  sheet.getColumn(1).width = 140;
  sheet.getColumn(1).alignment = { wrapText: true, vertical: 'top' };
}

/**
 * The Anexo 3 report as a workbook: «Totales», «Metas del plan» when the year has an approved plan, one sheet per account with the same tables as the PDF,
 * «Notas». Figures are numbers (ER a percentage, dates dates); the same report gives the same bytes.
 */
export async function renderAnexo3Xlsx(r: QuarterlyReport): Promise<Buffer> {
  const at = new Date(r.generatedAt);
  const book = new ExcelJS.Workbook();
  Object.assign(book, { creator: 'Custodio', lastModifiedBy: 'Custodio', created: at, modified: at, title: TITLE, subject: quarterLabel(r.quarter), company: r.entityName });
  const taken = new Set(['totales', 'notas', 'metas del plan']);
  totalsSheet(book.addWorksheet('Totales'), r);
  if (r.plan) planSheet(book.addWorksheet('Metas del plan'), r.plan);
  for (const s of r.sections) accountSheet(book.addWorksheet(sheetName(s, taken)), r, s);
  notesSheet(book.addWorksheet('Notas'), r);
  return stampZip(Buffer.from(await book.xlsx.writeBuffer()), at);
}

/**
 * Sets every entry's modification time in the zip to `at`: exceljs stamps them with the clock, which
 * would make a retried activity attach different bytes. Walks the central directory, so bytes inside
 * compressed data are never mistaken for a header.
 */
function stampZip(zip: Buffer, at: Date): Buffer {
  const time = (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | (at.getUTCSeconds() >> 1);
  const date = ((at.getUTCFullYear() - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate();
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('exceljs wrote no zip end record');
  const entries = zip.readUInt16LE(end + 10);
  let p = zip.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('unexpected zip central directory');
    const local = zip.readUInt32LE(p + 42);
    zip.writeUInt16LE(time, p + 12);
    zip.writeUInt16LE(date, p + 14);
    zip.writeUInt16LE(time, local + 10);
    zip.writeUInt16LE(date, local + 12);
    p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return zip;
}
