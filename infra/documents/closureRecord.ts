import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { filedHead, filedHeading, limaDateTime, pageFooter, renderPdf, slug } from './pdf';

/** «ACTA DE CIERRE» (issue 19 §5–6; PCM 5.2.5, SENACE 7.2): how an institutional account ended, as filed. */
export interface ClosureRecordData {
  requestId: string;
  /** e.g. `ACTA DE CIERRE N° 001-2026-OC/MINCUL`. */
  code: string;
  entityName: string;
  /** Title of the governing document. */
  profileDocument: string;
  /** The clause the closure answers to (domain/accountClosure.ts `closureClause`). */
  clause: string;
  /** «A»: SCS, or the office's own file. */
  to: string;
  /** e.g. `CulturaPeru (Facebook)`. */
  account: string;
  requester: { name: string; email: string };
  requestedAt: string;
  reason: string;
  /** PCM 5.2.5's flag when it was asked, in words. */
  inactivity?: string;
  approval: { by: string; byName: string; at: string; ownRequest: boolean };
  closing: { by: string; byName: string; at: string; note?: string };
  /** What the CM confirmed, one sentence each (domain/accountClosure.ts `CLOSURE_CHECK_RECORDS`). */
  done: string[];
}

const TITLE = 'Cierre de cuenta institucional en redes sociales';
const muted = { fontSize: 9, color: '#555555' };

export function closureRecordDefinition(d: ClosureRecordData): TDocumentDefinitions {
  const memo: Array<[string, string]> = [
    ['A', d.to],
    ['De', `${d.approval.byName}, titular de la Oficina de Comunicaciones`],
    ['Asunto', `${TITLE}: ${d.account}`],
    ['Referencia', `Pedido de cierre ${d.requestId}; ${d.clause}; ${d.profileDocument}`],
    ['Fecha', limaDateTime(d.closing.at)],
  ];
  const approvalSentence = d.approval.ownRequest
    ? `${d.approval.byName}, titular de la Oficina de Comunicaciones, decidió el cierre al pedirlo el ${limaDateTime(d.approval.at)}.`
    : `${d.approval.byName}, titular de la Oficina de Comunicaciones, lo aprobó el ${limaDateTime(d.approval.at)}.`;
  const content: Content[] = [
    ...filedHead(d.code, memo),
    filedHeading('I. ANTECEDENTES'),
    {
      text:
        `El ${limaDateTime(d.requestedAt)}, ${d.requester.name} (${d.requester.email}) pidió cerrar la cuenta institucional ${d.account} de ${d.entityName}, ` +
        `con el motivo: «${d.reason.replace(/\.+$/, '')}».` + (d.inactivity ? ` Al pedirlo, la cuenta estaba señalada sin actividad (PCM 5.2.5): ${d.inactivity}` : ''),
    },
    { text: approvalSentence, margin: [0, 6, 0, 0] },
    filedHeading('II. ACCIONES REALIZADAS'),
    { text: `${d.closing.byName} (${d.closing.by}) confirmó el ${limaDateTime(d.closing.at)}:`, margin: [0, 0, 0, 4] },
    { ul: d.done },
    ...(d.closing.note ? [{ text: `Nota: ${d.closing.note}`, margin: [0, 6, 0, 0] } satisfies Content] : []),
    filedHeading('III. CONCLUSIÓN'),
    {
      text:
        `La cuenta ${d.account} queda cerrada y dada de baja en el registro de cuentas institucionales de ${d.entityName}: ` +
        'ya no se piden cambios de contraseña ni revisiones de roles para ella, y el directorio de cuentas (Anexo 4) la muestra de baja.',
    },
    filedHeading('Firmas'),
    { text: d.approval.byName, bold: true },
    { text: `Titular de la Oficina de Comunicaciones · ${d.approval.by}` },
    { text: `${d.approval.ownRequest ? 'Decidió' : 'Aprobó'} el ${limaDateTime(d.approval.at)}`, ...muted, margin: [0, 0, 0, 10] },
    { text: d.closing.byName, bold: true },
    { text: `Community manager · ${d.closing.by}` },
    { text: `Confirmó el cierre el ${limaDateTime(d.closing.at)}`, ...muted },
    { text: `Documento generado por Custodio a partir de las decisiones registradas (${d.clause}).`, ...muted, margin: [0, 18, 0, 0] },
  ];
  return {
    info: { title: `${d.code} – ${TITLE}`, author: d.entityName, subject: `Pedido de cierre ${d.requestId}`, creationDate: new Date(d.closing.at) },
    footer: pageFooter,
    content,
  };
}

export const renderClosureRecord = (d: ClosureRecordData): Promise<Buffer> => renderPdf(closureRecordDefinition(d));

/** e.g. acta-de-cierre-n-001-2026-oc-mincul-culturaperu-facebook.pdf */
export const closureRecordFilename = (d: ClosureRecordData): string => `${slug(d.code)}-${slug(d.account)}.pdf`;
