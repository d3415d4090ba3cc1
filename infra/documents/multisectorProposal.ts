import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { filedHead, limaDateTime, pageFooter, renderPdf, slug } from './pdf';

const name = (d: Pick<MultisectorProposalData, 'rows'>) => d.rows.find(([label]) => label === 'Nombre de la campaña')?.[1];

export interface MultisectorProposalData {
  campaignId: string;
  entityName: string;
  addressee: string;
  /** Anexo 5 rows (label, value), already in Spanish and in the annex's order (domain/campaign.ts `anexo5Rows`). */
  rows: Array<[string, string]>;
  approval: { by: string; byName: string; at: string };
  /** Issue 19 §6: e.g. `PROPUESTA DE CAMPAÑA MULTISECTORIAL N° 001-2026-OC/MINCUL`; absent in proposals sent before numbering. */
  code?: string;
}

/** Anexo 5 (PCM 6.4.1): the multisector campaign proposal the proposing sector sends to SCS, approved by its head. */
export function multisectorProposalDefinition(d: MultisectorProposalData): TDocumentDefinitions {
  const muted = { fontSize: 9, color: '#555555' };
  return {
    info: {
      title: `${d.code ? `${d.code} – ` : ''}Anexo 5 – Propuesta de campaña multisectorial de comunicación digital`,
      author: d.entityName,
      subject: `Campaña ${d.campaignId}`,
      creationDate: new Date(d.approval.at),
    },
    footer: pageFooter,
    content: [
      // Issue 19 §6: numbered, with the memo block, as the administration files it.
      ...(d.code
        ? filedHead(d.code, [
            ['A', d.addressee],
            ['De', `${d.approval.byName}, titular de la Oficina de Comunicaciones de ${d.entityName}`],
            ['Asunto', `Propuesta de campaña multisectorial de comunicación digital${name(d) ? `: ${name(d)}` : ''}`],
            ['Referencia', `Numeral 6.4.1 y Anexo 5 de la Directiva N° 03-2022-PCM/SCS; campaña ${d.campaignId}`],
            ['Fecha', limaDateTime(d.approval.at)],
          ])
        : []),
      { text: 'Anexo 5', fontSize: 11, bold: true, alignment: 'center', ...(d.code ? { margin: [0, 10, 0, 0] } : {}) },
      { text: 'Propuesta de campaña multisectorial de comunicación digital', fontSize: 15, bold: true, alignment: 'center', margin: [0, 2, 0, 10] },
      ...(d.code ? [] : [{ text: `${d.entityName} – Dirigido a: ${d.addressee}`, margin: [0, 0, 0, 4] } satisfies Content, { text: `Código de campaña: ${d.campaignId}`, ...muted, margin: [0, 0, 0, 14] } satisfies Content]),
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

/** e.g. anexo-5-campana-multisectorial-manos-limpias.pdf; numbered, propuesta-de-campana-multisectorial-n-001-2026-oc-mincul-manos-limpias.pdf */
export function multisectorProposalFilename(d: MultisectorProposalData): string {
  return `${d.code ? slug(d.code) : 'anexo-5-campana-multisectorial'}-${slug(name(d) || d.campaignId)}.pdf`;
}
