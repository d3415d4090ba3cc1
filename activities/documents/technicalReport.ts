import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { limaDateTime, pageFooter, renderPdf, slug } from './pdf';

export interface TechnicalReportData {
  requestId: string;
  entityName: string;
  profileDocument: string;
  /** PCM profile only: the SCS office the report is addressed to. */
  addressee?: string;
  /** Anexo 4 rows, already in Spanish. */
  summary: Array<[string, string]>;
  decision: { by: string; byName: string; at: string; action: 'approve' };
}

/** The technical report of PCM 6.1.1.2 with every Anexo 4 field and the head's approval. */
export function technicalReportDefinition(d: TechnicalReportData): TDocumentDefinitions {
  return {
    info: { title: `Informe técnico – ${d.entityName}`, author: d.entityName, subject: `Solicitud ${d.requestId}`, creator: 'Custodio' },
    footer: pageFooter,
    content: [
      { text: 'Informe técnico para la creación de cuenta institucional en redes sociales', fontSize: 15, bold: true, margin: [0, 0, 0, 6] },
      { text: `${d.entityName} · ${d.profileDocument}`, fontSize: 11, margin: [0, 0, 0, 4] },
      ...(d.addressee ? [{ text: `Dirigido a: ${d.addressee}`, margin: [0, 0, 0, 4] as [number, number, number, number] }] : []),
      { text: `Código de solicitud: ${d.requestId}`, fontSize: 9, color: '#555555', margin: [0, 0, 0, 12] },
      { text: 'Datos de la cuenta (Anexo 4)', bold: true, margin: [0, 0, 0, 4] },
      {
        table: { widths: [140, '*'], body: d.summary.map(([k, v]) => [{ text: k, bold: true }, v]) },
        layout: 'lightHorizontalLines',
      },
      { text: 'Aprobación', bold: true, margin: [0, 16, 0, 4] },
      {
        text:
          `El titular de la Oficina de Comunicaciones, ${d.decision.byName} (${d.decision.by}), aprobó la creación ` +
          `de la cuenta el ${limaDateTime(d.decision.at)}, conforme al numeral 5.2.4 de la directiva.`,
      },
      { text: 'Base normativa: PCM 6.1.1.2 y Anexo 4 de la Directiva N° 03-2022-PCM/SCS.', fontSize: 8, color: '#555555', margin: [0, 16, 0, 0] },
    ],
  };
}

export const renderTechnicalReport = (d: TechnicalReportData): Promise<Buffer> => renderPdf(technicalReportDefinition(d));

export function technicalReportFilename(d: TechnicalReportData): string {
  const account = d.summary.find(([k]) => k === 'Nombres de cuenta propuestos')?.[1].split(' / ')[0] ?? d.requestId;
  return `informe-tecnico-${slug(d.entityName)}-${slug(account)}.pdf`;
}
