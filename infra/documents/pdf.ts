import { dirname, join, resolve, sep } from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';

// Roboto ships inside pdfmake: no network, no system fonts, and it covers á é í ó ú ñ ° –.
const ROBOTO = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
pdfmake.setFonts({
  Roboto: {
    normal: join(ROBOTO, 'Roboto-Regular.ttf'),
    bold: join(ROBOTO, 'Roboto-Medium.ttf'),
    italics: join(ROBOTO, 'Roboto-Italic.ttf'),
    bolditalics: join(ROBOTO, 'Roboto-MediumItalic.ttf'),
  },
});
// Documents are built only from Custodio's own data: nothing may be fetched, and the only local
// files read are the fonts above (this also silences pdfmake's warning on every render).
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => resolve(path).startsWith(ROBOTO + sep));

/**
 * pdfkit copies the title, author and subject into the XMP packet without escaping them, so an entity
 * named «… & …» would make it invalid XML; and PDF/A wants the same text in both places. These
 * characters are replaced alike in both.
 */
const xmpSafe = (s: string | undefined) => s?.replace(/&/g, ' y ').replace(/</g, '‹').replace(/>/g, '›').replace(/\s+/g, ' ');

/**
 * Renders a pdfmake definition to PDF bytes (A4, Roboto 10 pt unless the definition says otherwise) as
 * PDF/A-2b (issue 19 §6), the archival form the administration files: fonts embedded (Roboto, subset),
 * an sRGB output intent and XMP metadata, which pdfkit writes only above PDF 1.3.
 * Pass `info.creationDate` taken from the input: pdfkit derives the file ID and the XMP dates from it,
 * so the same data always gives the same bytes and a retried activity attaches an identical file.
 */
export function renderPdf(doc: TDocumentDefinitions): Promise<Buffer> {
  const info = { creator: 'Custodio', producer: 'Custodio', ...doc.info };
  return pdfmake
    .createPdf({
      pageSize: 'A4',
      pageMargins: [56, 56, 56, 64],
      language: 'es-PE',
      defaultStyle: { font: 'Roboto', fontSize: 10 },
      ...doc,
      version: '1.7',
      subset: 'PDF/A-2b',
      info: { ...info, title: xmpSafe(info.title), author: xmpSafe(info.author), subject: xmpSafe(info.subject) },
    })
    .getBuffer();
}

const limaDay = new Intl.DateTimeFormat('es-PE', { timeZone: 'America/Lima', day: 'numeric', month: 'long', year: 'numeric' });
const limaTime = new Intl.DateTimeFormat('es-PE', { timeZone: 'America/Lima', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** e.g. "23 de noviembre de 2026, 10:15 (hora de Lima)"; throws on an invalid instant rather than print it. */
export function limaDateTime(iso: string): string {
  const at = new Date(iso);
  return `${limaDay.format(at)}, ${limaTime.format(at)} (hora de Lima)`;
}

/** ASCII, lowercase, hyphenated: safe as an attachment name in every mail client and file system. */
export function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Page footer "Página X de Y". */
export function pageFooter(currentPage: number, pageCount: number): Content {
  return { text: `Página ${currentPage} de ${pageCount}`, alignment: 'center', fontSize: 8, color: '#555555', margin: [0, 24, 0, 0] };
}

/**
 * The head of a filed document (issue 19 §6): its number, the A / De / Asunto / Referencia / Fecha block and
 * a rule under it; `heading` gives the numbered sections' titles their spacing.
 */
export function filedHead(code: string, memo: Array<[string, string]>, width = 483): Content[] {
  return [
    { text: code, fontSize: 14, bold: true, alignment: 'center', margin: [0, 0, 0, 10] },
    { table: { widths: [70, '*'], body: memo.map(([k, v]) => [{ text: `${k}:`, bold: true }, v]) }, layout: 'noBorders', margin: [0, 0, 0, 6] },
    { canvas: [{ type: 'line', x1: 0, y1: 0, x2: width, y2: 0, lineWidth: 0.5 }], margin: [0, 0, 0, 4] },
  ];
}

/** A section's title in a filed document («I. ANTECEDENTES»). */
export const filedHeading = (text: string): Content => ({ text, bold: true, margin: [0, 14, 0, 4] });
