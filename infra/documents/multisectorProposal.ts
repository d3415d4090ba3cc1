import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { limaDateTime, pageFooter, renderPdf, slug } from './pdf';

export interface MultisectorProposalData {
  campaignId: string;
  entityName: string;
  addressee: string;
  /** Anexo 5 rows (label, value), already in Spanish and in the annex's order (domain/campaign.ts `anexo5Rows`). */
  rows: Array<[string, string]>;
  approval: { by: string; byName: string; at: string };
}

/** Anexo 5 (PCM 6.4.1): the multisector campaign proposal the proposing sector sends to SCS, approved by its head. */
export function multisectorProposalDefinition(d: MultisectorProposalData): TDocumentDefinitions {
  const muted = { fontSize: 9, color: '#555555' };
  return {
    info: {
      title: 'Anexo 5 – Propuesta de campaña multisectorial de comunicación digital',
      author: d.entityName,
      subject: `Campaña ${d.campaignId}`,
      creationDate: new Date(d.approval.at),
    },
    footer: pageFooter,
    content: [
      { text: 'Anexo 5', fontSize: 11, bold: true, alignment: 'center' },
      { text: 'Propuesta de campaña multisectorial de comunicación digital', fontSize: 15, bold: true, alignment: 'center', margin: [0, 2, 0, 10] },
      { text: `${d.entityName} – Dirigido a: ${d.addressee}`, margin: [0, 0, 0, 4] },
      { text: `Código de campaña: ${d.campaignId}`, ...muted, margin: [0, 0, 0, 14] },
      {
        table: { widths: [170, '*'], body: d.rows.map(([label, value]) => [{ text: label.toUpperCase(), bold: true }, value]) },
        layout: 'lightHorizontalLines',
      },
      {
        text: `Propuesta aprobada por ${d.approval.byName} (${d.approval.by}), titular de la Oficina de Comunicaciones, el ${limaDateTime(d.approval.at)}.`,
        margin: [0, 18, 0, 0],
      },
      { text: 'Formato conforme a PCM 6.4.1 y Anexo 5 (Directiva N° 03-2022-PCM/SCS).', ...muted, margin: [0, 18, 0, 0] },
    ],
  };
}

export const renderMultisectorProposal = (d: MultisectorProposalData): Promise<Buffer> => renderPdf(multisectorProposalDefinition(d));

/** e.g. anexo-5-campana-multisectorial-manos-limpias.pdf */
export function multisectorProposalFilename(d: MultisectorProposalData): string {
  const name = d.rows.find(([label]) => label === 'Nombre de la campaña')?.[1];
  return `anexo-5-campana-multisectorial-${slug(name || d.campaignId)}.pdf`;
}
