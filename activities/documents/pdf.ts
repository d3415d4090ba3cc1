import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';

// Roboto ships inside pdfmake: no network and no system fonts, and Spanish accents render.
// eslint-disable-next-line @typescript-eslint/no-require-imports
pdfmake.setFonts(require('pdfmake/fonts/Roboto'));
// Documents are built only from Custodio's own data: refuse every external or local resource.
pdfmake.setUrlAccessPolicy(() => false);

/** Renders a pdfmake definition to PDF bytes. */
export async function renderPdf(doc: TDocumentDefinitions): Promise<Buffer> {
  return pdfmake.createPdf({ pageSize: 'A4', pageMargins: [56, 56, 56, 64], defaultStyle: { font: 'Roboto', fontSize: 10 }, ...doc }).getBuffer();
}

const limaDay = new Intl.DateTimeFormat('es-PE', { timeZone: 'America/Lima', day: 'numeric', month: 'long', year: 'numeric' });
const limaTime = new Intl.DateTimeFormat('es-PE', { timeZone: 'America/Lima', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** e.g. "23 de noviembre de 2026, 10:15 (hora de Lima)". */
export function limaDateTime(iso: string): string {
  const at = new Date(iso);
  return `${limaDay.format(at)}, ${limaTime.format(at)} (hora de Lima)`;
}

/** ASCII, lowercase, hyphenated: safe in every mail client and file system. */
export function slug(s: string): string {
  return s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** Page footer "Página X de Y". */
export const pageFooter = (currentPage: number, pageCount: number) => ({ text: `Página ${currentPage} de ${pageCount}`, alignment: 'center' as const, fontSize: 8, margin: [0, 24, 0, 0] as [number, number, number, number] });
