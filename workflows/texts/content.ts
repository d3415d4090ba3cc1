/** What a content publication says to people, in Spanish; workflows/content.ts decides when and to whom. */
import { FORBIDDEN_CLAUSE, FORBIDDEN_LABELS, type ContentFlag, type ContentRequest, type ImageCheck, type Publication } from '../../domain/content';
import type { Decision } from '../../domain/decision';
import { NETWORK_LABELS } from '../../domain/networks';
import { OFFICIAL_ACT_RULES, officialActRecordRows, type OfficialAct, type OfficialActRecord } from '../../domain/officialActs';

/** PCM 6.2.4: what the CM must do before publishing an official act. */
function officialActInstruction(act: OfficialAct): string {
  const rule = OFFICIAL_ACT_RULES[act];
  return rule.lead
    ? `Es un acto oficial (${rule.clause}): publique después de ${rule.lead}, previa coordinación con la ${rule.office}, e indique el enlace de esa publicación y con quién coordinó.`
    : `Es un acto oficial (${rule.clause}): publique según las indicaciones de la ${rule.office} e indique con quién coordinó.`;
}

/** The request as every text names it: its title and its entity. */
export interface ContentSubject {
  title: string;
  entityName: string;
}

const named = (c: ContentSubject) => `${c.title} – ${c.entityName}`;

export const contentTexts = {
  /** Each image's measurement as the CM and the head see it (PCM 6.2.2.16; INPE 5.3.b). */
  imageRows: (checks: ImageCheck[]) => checks.map((c): [string, string] => [c.label, `${c.ok ? '✔' : '✘'} ${c.detail}`]),

  /** INPE 5.3.b: the CM evaluates, observes, or rejects forbidden content (PCM 6.2.2.9). */
  evaluation: (c: ContentSubject, requesterName: string, unit: string) => ({
    title: `Evaluación de contenido: ${named(c)}`,
    intro:
      `${requesterName} (${unit}) solicita difundir el contenido descrito abajo. Como administrador(a) de cuentas, evalúelo ` +
      `según los estándares de calidad (resolución, nitidez; INPE 5.3.b) y las medidas obligatorias de las gráficas (PCM 6.2.2.16): ` +
      `pase a aprobación, observe para que el órgano lo corrija, o rechace si es contenido prohibido (PCM 6.2.2.9).`,
  }),

  /** Evaluating sensitive content needs a Presidency in the roster (INPE 5.2.b). */
  noPresidency: 'La nómina de la entidad no tiene registrada a la Presidencia, que debe aprobar la información sensible (INPE 5.2.b). Regístrela antes de aprobar.',

  /** PCM 6.2.2.2; CONGRESO 5.1.1; INPE 5.3.d: the head (or designee) approves. */
  approval: (c: ContentSubject, clause: string) => ({
    title: `Aprobación de publicación: ${named(c)}`,
    intro:
      `El community manager evaluó conforme el contenido descrito abajo. Usted valida y aprueba su publicación (${clause}): ` +
      'puede aprobarla, observarla para que el órgano la corrija, o rechazarla.',
  }),

  /** INPE 5.2.b: sensitive information also needs the Presidency. */
  presidency: (c: ContentSubject, approvedBy: string, approverLabel: string, clause: string) => ({
    title: `Aprobación de información sensible: ${named(c)}`,
    intro:
      `El contenido descrito abajo contiene información sensible y ya cuenta con la aprobación de ${approvedBy}. ` +
      `Requiere la aprobación de la ${approverLabel} antes de su publicación (${clause}).`,
  }),

  /** INPE 5.3.b–c: the unit corrects and resubmits to the CM. */
  correction: (c: ContentSubject, observation: Decision) => ({
    title: `Corrija la solicitud de publicación: ${named(c)}`,
    intro:
      `La solicitud fue observada por ${observation.by}. Observación: «${observation.reason ?? ''}». Corrija el contenido ` +
      '(y reemplace las imágenes si hace falta) y envíelo de nuevo; volverá al community manager para su evaluación.',
  }),

  /** A correction whose body is not a content draft at all. */
  malformedCorrection: 'La corrección no tiene la forma esperada (INPE 5.3.a).',

  approved: (c: ContentSubject, request: Pick<ContentRequest, 'publishOn' | 'publishAt' | 'networks'>) => ({
    subject: `Publicación aprobada: ${named(c)}`,
    paragraphs: [
      `La publicación fue aprobada. Se difundirá el ${request.publishOn} a las ${request.publishAt} (hora de Lima) en ` +
        `${request.networks.map((n) => NETWORK_LABELS[n]).join(', ')}. Llegado el momento, el community manager confirmará la publicación con su enlace.`,
    ],
  }),

  /** INPE 5.3.d: at the planned time the CM confirms each post's address; PCM 6.2.4: an official act's lead post and coordination too. */
  publication: (c: ContentSubject, act?: OfficialAct) => ({
    title: `Confirme la publicación: ${named(c)}`,
    intro:
      `Es la fecha y hora de difusión aprobadas. Publique el contenido y confirme aquí el enlace de cada publicación (INPE 5.3.d).` +
      (act ? ` ${officialActInstruction(act)}` : ''),
  }),

  published: (c: ContentSubject, by: string, publications: Publication[], act?: OfficialActRecord) => ({
    subject: `Contenido publicado: ${named(c)}`,
    paragraphs: [
      `El contenido fue publicado por ${by}.`,
      ...publications.map((p) => `${NETWORK_LABELS[p.network]}: ${p.url}`),
      ...(act ? officialActRecordRows(act).map(([k, v]) => `${k}: ${v}`) : []),
    ],
  }),

  /** PCM 6.2.2.9: a rejection names the forbidden content it flagged, with the clause. */
  rejected: (c: ContentSubject, rejection: Decision, flags: ContentFlag[]) => ({
    subject: `Solicitud de publicación rechazada: ${named(c)}`,
    paragraphs: [
      `La solicitud de publicación fue rechazada por ${rejection.by}.`,
      ...(flags.length ? [`Contenido prohibido (${FORBIDDEN_CLAUSE}): ${flags.map((f) => FORBIDDEN_LABELS[f.flag]).join(', ')}.`] : []),
      `Motivo: ${rejection.reason ?? ''}`,
    ],
  }),
};
