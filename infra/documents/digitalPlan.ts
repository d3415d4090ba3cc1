import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { filedHead, filedHeading, limaDateTime, pageFooter, renderPdf, slug } from './pdf';

/** The approved Plan de Comunicación Digital as filed (issue 19 §3, §6; PCM 6.2.2.1, Anexo 2). */
export interface DigitalPlanDocData {
  /** e.g. `PLAN DE COMUNICACIÓN DIGITAL N° 001-2026-OC/MINCUL`. */
  code: string;
  entityName: string;
  year: number;
  profileDocument: string;
  /** Anexo 2's ten sections, in order: heading and text. */
  sections: Array<[string, string]>;
  /** The weekly posting plan: network and posts per week. */
  weekly: Array<[string, number]>;
  /** Quarterly targets: label and figure. */
  indicators: Array<[string, number]>;
  drafted: { by: string; byName: string; at: string };
  approval: { by: string; byName: string; at: string };
}

const TITLE = 'Plan de Comunicación Digital';
const muted = { fontSize: 9, color: '#555555' };
const table = (head: [string, string], rows: Array<[string, number]>): Content => ({
  table: { headerRows: 1, widths: ['*', 140], body: [head.map((h, i) => ({ text: h, bold: true, ...(i ? { alignment: 'right' as const } : {}) })), ...rows.map(([k, v]) => [k, { text: v.toLocaleString('es-PE'), alignment: 'right' as const }])] },
  layout: 'lightHorizontalLines',
  margin: [0, 6, 0, 0],
});

export function digitalPlanDefinition(d: DigitalPlanDocData): TDocumentDefinitions {
  const memo: Array<[string, string]> = [
    ['Entidad', d.entityName],
    ['Periodo', `Año ${d.year}`],
    ['Referencia', `Numeral 6.2.2.1 y Anexo 2 de la ${d.profileDocument}`],
    ['Aprobado', `${d.approval.byName}, titular de la Oficina de Comunicaciones, el ${limaDateTime(d.approval.at)}`],
  ];
  const content: Content[] = [
    ...filedHead(d.code, memo),
    ...d.sections.flatMap(([heading, text]): Content[] => [
      filedHeading(heading.toUpperCase()),
      { text },
      ...(heading.startsWith('7.') ? [table(['Red social', 'Publicaciones por semana'], d.weekly)] : []),
      ...(heading.startsWith('8.') && d.indicators.length ? [table(['Meta (todas las cuentas)', 'Cifra'], d.indicators)] : []),
    ]),
    // The signatures stay together on one page.
    {
      unbreakable: true,
      stack: [
        filedHeading('APROBACIÓN'),
        { text: d.drafted.byName, bold: true },
        { text: `Elaboró · ${d.drafted.by}`, ...muted, margin: [0, 0, 0, 8] },
        { text: d.approval.byName, bold: true },
        { text: `Titular de la Oficina de Comunicaciones · ${d.approval.by}` },
        { text: `Aprobó el ${limaDateTime(d.approval.at)}`, ...muted },
        { text: 'Documento generado por Custodio a partir del plan registrado y su aprobación (PCM 6.2.2.1, Anexo 2).', ...muted, margin: [0, 18, 0, 0] },
      ],
    },
  ];
  return { info: { title: `${d.code} – ${TITLE} ${d.year}`, author: d.entityName, subject: `${TITLE} ${d.year}`, creationDate: new Date(d.approval.at) }, footer: pageFooter, content };
}

export const renderDigitalPlan = (d: DigitalPlanDocData): Promise<Buffer> => renderPdf(digitalPlanDefinition(d));

/** e.g. plan-de-comunicacion-digital-n-001-2026-oc-mincul.pdf */
export const digitalPlanFilename = (d: DigitalPlanDocData): string => `${slug(d.code)}.pdf`;
