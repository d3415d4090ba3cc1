import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { limaDateTime, pageFooter, renderPdf, slug } from './pdf';

export interface TechnicalReportData {
  requestId: string;
  entityName: string;
  /** Title of the governing document, e.g. 'Directiva N° 03-2022-PCM/SCS'. */
  profileDocument: string;
  /** PCM profile only: the SCS office the report is addressed to. */
  addressee?: string;
  /** Anexo 4 rows (label, value), already in Spanish. */
  summary: Array<[string, string]>;
  decision: { by: string; byName: string; at: string; action: 'approve' };
  /** INPE 4.2.c: a unit's own account, decided by the Gerencia General after the head's evaluation. */
  generalManagement?: { unit: string; by: string; byName: string; at: string; clause: string };
}

// The label domain/accountProposal gives the proposed names; the first one names the file.
const PROPOSED_NAMES = 'Nombres de cuenta propuestos';

/** The technical report of PCM 6.1.1.2: every Anexo 4 field and the head's approval. */
export function technicalReportDefinition(d: TechnicalReportData): TDocumentDefinitions {
  const muted = { fontSize: 9, color: '#555555' };
  const content: Content[] = [
    { text: 'Informe técnico para la creación de cuenta institucional en redes sociales', fontSize: 15, bold: true, margin: [0, 0, 0, 6] },
    { text: `${d.entityName} – ${d.profileDocument}`, fontSize: 11, margin: [0, 0, 0, 6] },
    ...(d.addressee ? [{ text: `Dirigido a: ${d.addressee}`, margin: [0, 0, 0, 4] } satisfies Content] : []),
    { text: `Código de solicitud: ${d.requestId}`, ...muted, margin: [0, 0, 0, 14] },
    { text: 'Datos de la cuenta (Anexo 4)', bold: true, margin: [0, 0, 0, 4] },
    {
      table: { widths: [140, '*'], body: d.summary.map(([label, value]) => [{ text: label, bold: true }, value]) },
      layout: 'lightHorizontalLines',
    },
    { text: 'Aprobación', bold: true, margin: [0, 18, 0, 4] },
    // The head's name goes after "titular", which reads the same for a woman or a man.
    {
      text:
        `La creación de la cuenta institucional descrita fue aprobada por ${d.decision.byName} (${d.decision.by}), ` +
        `titular de la Oficina de Comunicaciones, el ${limaDateTime(d.decision.at)}.`,
    },
    ...(d.generalManagement
      ? [
          {
            text:
              `Por tratarse de una cuenta propia de ${d.generalManagement.unit}, la Gerencia General la aprobó después de esa evaluación: ` +
              `${d.generalManagement.byName} (${d.generalManagement.by}), el ${limaDateTime(d.generalManagement.at)} (${d.generalManagement.clause}).`,
            margin: [0, 6, 0, 0],
          } satisfies Content,
        ]
      : []),
    { text: 'Formato conforme a PCM 6.1.1.2 y Anexo 4 (Directiva N° 03-2022-PCM/SCS).', ...muted, margin: [0, 18, 0, 0] },
  ];
  return {
    info: {
      title: 'Informe técnico para la creación de cuenta institucional en redes sociales',
      author: d.entityName,
      subject: `Solicitud ${d.requestId}`,
      creationDate: new Date(d.decision.at),
    },
    footer: pageFooter,
    content,
  };
}

export const renderTechnicalReport = (d: TechnicalReportData): Promise<Buffer> => renderPdf(technicalReportDefinition(d));

/** e.g. informe-tecnico-ministerio-de-cultura-culturaperu.pdf */
export function technicalReportFilename(d: TechnicalReportData): string {
  const firstName = d.summary.find(([label]) => label === PROPOSED_NAMES)?.[1].split('/')[0]?.trim();
  return `informe-tecnico-${slug(d.entityName)}-${slug(firstName || d.requestId)}.pdf`;
}
