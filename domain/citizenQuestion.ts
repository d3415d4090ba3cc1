/**
 * Citizens' questions (issue 19 §4; PCM 6.2.2.12): a question received on a network is routed by the CM
 * to the area responsible for it, for registration and answer, with a deadline in business days; the
 * answer comes back to the CM, who replies on the network. PCM names no deadline («conforme a Ley»): each
 * entity sets one (default 5 business days). Where the document says its networks are no channel for
 * access-to-information requests or case files (INPE 4.2.b, SENACE 8.5), such a question is not routed:
 * the CM points the citizen to the formal channel. The question's text is kept as the CM wrote it; the
 * form asks to leave out the citizen's personal data (Ley 29733): the link to the message is enough.
 */
import { z } from 'zod';
import { NETWORKS } from './networks';
import type { PolicyProfile } from './policyProfiles';
import type { RuleViolation } from './validation';

export const QUESTION_CLAUSE = 'PCM 6.2.2.12';

export const QUESTION_KINDS = ['consulta', 'informacion-publica', 'expediente'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = {
  consulta: 'Consulta o pedido de orientación',
  'informacion-publica': 'Solicitud de acceso a la información pública (Ley 27806)',
  expediente: 'Consulta sobre un expediente o trámite específico',
};

/** PCM 6.2.2.12 names no deadline: the entity's, in business days. */
export const QUESTION_DUE_DEFAULT_DAYS = 5;
export const QUESTION_DUE_MIN_DAYS = 1;
export const QUESTION_DUE_MAX_DAYS = 30;

export const questionSchema = z
  .object({
    network: z.enum(NETWORKS, { error: 'Elija la red social donde llegó la consulta.' }),
    question: z.string({ error: 'Escriba la consulta.' }).trim().min(10, 'Escriba la consulta en al menos 10 caracteres.').max(2000, 'Use como máximo 2000 caracteres.'),
    link: z.url({ protocol: /^https$/, error: 'Pegue el enlace https al mensaje o comentario.' }).max(500).optional(),
    kind: z.enum(QUESTION_KINDS, { error: 'Elija qué tipo de consulta es.' }),
    /** The roster's person of the responsible area (a `requester`, who names the unit). */
    areaEmail: z.email({ error: 'Elija el área responsable.' }).toLowerCase(),
    /** When it arrived on the network (ISO); the deadline counts from it. Default: now. */
    receivedAt: z.iso.datetime({ offset: true, error: 'Indique cuándo llegó la consulta.' }).optional(),
  })
  .strict();
export type QuestionInput = z.output<typeof questionSchema>;

/** The area's answer, for the CM to reply with. */
export const questionAnswerSchema = z
  .object({ answer: z.string({ error: 'Escriba la respuesta.' }).trim().min(10, 'Escriba la respuesta en al menos 10 caracteres.').max(4000, 'Use como máximo 4000 caracteres.') })
  .strict();

/** A kind the entity's document says its networks are not a channel for: refused with its clause. */
export function notAChannelProblem(profile: PolicyProfile, kind: QuestionKind): RuleViolation | undefined {
  const rule = profile.citizenQuestions?.notAChannel;
  if (!rule || !rule.kinds.includes(kind as 'informacion-publica' | 'expediente')) return undefined;
  return {
    field: 'kind',
    rule: rule.clause,
    message:
      `Las redes sociales de la entidad no son un canal para ${kind === 'expediente' ? 'consultas sobre expedientes' : 'solicitudes de acceso a la información pública'} (${rule.clause}): ` +
      'responda al ciudadano indicándole el canal formal (mesa de partes o el formulario de acceso a la información pública) y no la derive.',
  };
}

/** The reminder plan of the area's step: reminded the day before it is due, escalated on the due day. */
export function answerPlan(days: number) {
  return { remindAfter: days > 1 ? [days - 1] : [], escalateAfter: days, repeatEvery: Math.min(days, 5) };
}
