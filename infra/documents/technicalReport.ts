import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { filedHead, filedHeading, limaDateTime, pageFooter, renderPdf, slug } from './pdf';

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
  /**
   * Issue 19 §6: the report as the administration files it: its number, the A / De / Asunto / Referencia /
   * Fecha block, numbered sections and a signature block. Absent in data recorded before numbering.
   */
  filing?: {
    /** e.g. `INFORME TÉCNICO N° 001-2026-OC/MINCUL`. */
    code: string;
    /** «A»: SCS, or the head of the office when the report is filed. */
    to: string;
    /** «De»: who asked for the account. */
    from: string;
    submittedAt: string;
    names: string;
    networks: string;
    /** PCM 6.2.2.1: the year's approved plan the account serves (`code` null when none is approved). */
    plan?: { year: number; code: string | null };
  };
}

// The label domain/accountProposal gives the proposed names; the first one names the file.
const PROPOSED_NAMES = 'Nombres de cuenta propuestos';

const TITLE = 'Informe técnico para la creación de cuenta institucional en redes sociales';

/** The technical report of PCM 6.1.1.2: every Anexo 4 field and the head's approval; filed form when numbered. */
export function technicalReportDefinition(d: TechnicalReportData): TDocumentDefinitions {
  return d.filing ? filedDefinition(d, d.filing) : unnumberedDefinition(d);
}

const muted = { fontSize: 9, color: '#555555' };
const anexo4Table = (d: TechnicalReportData): Content => ({
  table: { widths: [140, '*'], body: d.summary.map(([label, value]) => [{ text: label, bold: true }, value]) },
  layout: 'lightHorizontalLines',
});
const info = (d: TechnicalReportData, title: string) => ({ title, author: d.entityName, subject: `Solicitud ${d.requestId}`, creationDate: new Date(d.decision.at) });
const gmSentence = (g: NonNullable<TechnicalReportData['generalManagement']>) =>
  `Por tratarse de una cuenta propia de ${g.unit}, la Gerencia General la aprobó después de esa evaluación: ${g.byName} (${g.by}), el ${limaDateTime(g.at)} (${g.clause}).`;

/** PCM 6.2.2.1: the contents of every account answer to the entity's plan, so the report says which one, or that there is none. */
const planSentence = (plan: { year: number; code: string | null }) =>
  plan.code
    ? `La cuenta se propone en el marco del Plan de Comunicación Digital ${plan.year} de la entidad (${plan.code}), al que responden los contenidos de sus cuentas (PCM 6.2.2.1).`
    : `La entidad aún no tiene aprobado su Plan de Comunicación Digital ${plan.year}, al que deben responder los contenidos de sus cuentas (PCM 6.2.2.1).`;

/**
 * Issue 19 §6: numbered, with the memo block, the four sections a technical report carries and the
 * signature block of who approved and when (the decisions the process recorded, as the audit trail has them).
 */
function filedDefinition(d: TechnicalReportData, f: NonNullable<TechnicalReportData['filing']>): TDocumentDefinitions {
  const gm = d.generalManagement;
  const memo: Array<[string, string]> = [
    ['A', f.to],
    ['De', f.from],
    ['Asunto', `${TITLE}: ${f.names}`],
    ['Referencia', `Solicitud ${d.requestId}; ${d.profileDocument}`],
    ['Fecha', limaDateTime(gm?.at ?? d.decision.at)],
  ];
  const signatures: Content[] = [
    { text: `${d.decision.byName}`, bold: true },
    { text: `Titular de la Oficina de Comunicaciones · ${d.decision.by}` },
    { text: `Aprobó el ${limaDateTime(d.decision.at)}`, ...muted, margin: [0, 0, 0, 10] },
    ...(gm ? [{ text: gm.byName, bold: true }, { text: `Gerencia General (${gm.clause}) · ${gm.by}` }, { text: `Aprobó el ${limaDateTime(gm.at)}`, ...muted }] : []),
  ];
  const content: Content[] = [
    ...filedHead(f.code, memo),
    filedHeading('I. ANTECEDENTES'),
    {
      text:
        `El ${limaDateTime(f.submittedAt)}, ${f.from} solicitó la creación de la cuenta institucional ${f.names} (${f.networks}). ` +
        `Conforme a la ${d.profileDocument}, la creación de una cuenta institucional se sustenta en un informe técnico aprobado por el titular de la Oficina de Comunicaciones.`,
    },
    ...(f.plan ? [{ text: planSentence(f.plan), margin: [0, 6, 0, 0] } satisfies Content] : []),
    filedHeading('II. ANÁLISIS'),
    { text: 'La propuesta, con los datos del directorio de cuentas (Anexo 4):', margin: [0, 0, 0, 4] },
    anexo4Table(d),
    filedHeading('III. CONCLUSIONES'),
    {
      text:
        `La propuesta cumple las reglas que Custodio verifica al registrarla y fue aprobada por ${d.decision.byName}, titular de la Oficina de Comunicaciones, el ${limaDateTime(d.decision.at)}.` +
        (gm ? ` ${gmSentence(gm)}` : ''),
    },
    filedHeading('IV. RECOMENDACIONES'),
    {
      ul: [
        `Crear la cuenta con uno de los nombres propuestos (${f.names}) y con los administradores indicados.`,
        'Registrarla en el directorio de cuentas institucionales (Anexo 4) y entregar sus credenciales a cada administrador bajo acuerdo de confidencialidad (Anexo 1).',
        ...(d.addressee ? [`Remitir el presente informe a la ${d.addressee}.`] : ['Archivar el presente informe en la Oficina de Comunicaciones.']),
      ],
    },
    filedHeading('Aprobación'),
    ...signatures,
    { text: `Documento generado por Custodio a partir de las decisiones registradas; formato conforme a ${d.profileDocument}.`, ...muted, margin: [0, 18, 0, 0] },
  ];
  return { info: info(d, `${f.code} – ${TITLE}`), footer: pageFooter, content };
}

/** The report as processes begun before numbering send it. */
function unnumberedDefinition(d: TechnicalReportData): TDocumentDefinitions {
  const content: Content[] = [
    { text: TITLE, fontSize: 15, bold: true, margin: [0, 0, 0, 6] },
    { text: `${d.entityName} – ${d.profileDocument}`, fontSize: 11, margin: [0, 0, 0, 6] },
    ...(d.addressee ? [{ text: `Dirigido a: ${d.addressee}`, margin: [0, 0, 0, 4] } satisfies Content] : []),
    { text: `Código de solicitud: ${d.requestId}`, ...muted, margin: [0, 0, 0, 14] },
    { text: 'Datos de la cuenta (Anexo 4)', bold: true, margin: [0, 0, 0, 4] },
    anexo4Table(d),
    { text: 'Aprobación', bold: true, margin: [0, 18, 0, 4] },
    // The head's name goes after "titular", which reads the same for a woman or a man.
    {
      text:
        `La creación de la cuenta institucional descrita fue aprobada por ${d.decision.byName} (${d.decision.by}), ` +
        `titular de la Oficina de Comunicaciones, el ${limaDateTime(d.decision.at)}.`,
    },
    ...(d.generalManagement ? [{ text: gmSentence(d.generalManagement), margin: [0, 6, 0, 0] } satisfies Content] : []),
    { text: 'Formato conforme a PCM 6.1.1.2 y Anexo 4 (Directiva N° 03-2022-PCM/SCS).', ...muted, margin: [0, 18, 0, 0] },
  ];
  return { info: info(d, TITLE), footer: pageFooter, content };
}

export const renderTechnicalReport = (d: TechnicalReportData): Promise<Buffer> => renderPdf(technicalReportDefinition(d));

/** e.g. informe-tecnico-n-001-2026-oc-mincul-culturaperu.pdf; before numbering, informe-tecnico-ministerio-de-cultura-culturaperu.pdf */
export function technicalReportFilename(d: TechnicalReportData): string {
  const firstName = d.summary.find(([label]) => label === PROPOSED_NAMES)?.[1].split('/')[0]?.trim();
  return `${d.filing ? slug(d.filing.code) : `informe-tecnico-${slug(d.entityName)}`}-${slug(firstName || d.requestId)}.pdf`;
}
