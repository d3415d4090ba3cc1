/**
 * Types of the one human-decision primitive (workflows/decision.ts). Every approval, acknowledgement
 * and confirmation in Custodio is a decision step: who decides, which actions they may take, when they
 * are reminded, when it escalates.
 */
export const DECISION_ACTIONS = ['approve', 'observe', 'reject', 'acknowledge', 'confirm', 'sign', 'correct', 'changed', 'removed', 'attest', 'opine', 'report', 'answer'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

/** Actions that must carry a written reason (issue #2, §5). */
export const ACTIONS_NEEDING_REASON: readonly DecisionAction[] = ['observe', 'reject'];
/** The shortest reason accepted: the person who proposed must be able to act on it. */
export const MIN_REASON = 5;

export const ACTION_LABELS: Record<DecisionAction, string> = {
  approve: 'Aprobar',
  observe: 'Observar',
  reject: 'Rechazar',
  acknowledge: 'Acusar recibo',
  confirm: 'Confirmar',
  sign: 'Confirmar firma',
  correct: 'Enviar corrección',
  changed: 'Ya las cambié',
  removed: 'Ya lo retiré',
  attest: 'Doy conformidad',
  opine: 'Emitir opinión técnica',
  report: 'Enviar informe de cierre',
  answer: 'Enviar respuesta',
};

/**
 * How a decision's button looks, in the email and on pages: the way forward is filled, sending back is
 * outlined, refusing is outlined in red, so three buttons side by side never look the same.
 */
export type ActionEmphasis = 'primary' | 'secondary' | 'danger';
export const ACTION_EMPHASIS = (action: DecisionAction): ActionEmphasis => (action === 'reject' ? 'danger' : action === 'observe' ? 'secondary' : 'primary');

/** What a taken decision did, as a sentence reports it ("ya fue atendido: aprobado, por …"). */
export const ACTION_OUTCOMES: Record<DecisionAction, string> = {
  approve: 'aprobado',
  observe: 'observado',
  reject: 'rechazado',
  acknowledge: 'recibo acusado',
  confirm: 'confirmado',
  sign: 'firma confirmada',
  correct: 'corrección enviada',
  changed: 'contraseñas cambiadas',
  removed: 'acceso retirado',
  attest: 'conformidad dada',
  opine: 'opinión técnica emitida',
  report: 'informe de cierre enviado',
  answer: 'respuesta enviada',
};

/** Reminders and escalation, counted in business days from the moment the step opens. */
export interface ReminderPlan {
  /** Business days after opening at which the decider is reminded, ascending. */
  remindAfter: number[];
  /** Business days after opening at which the step escalates; omitted for no escalation. */
  escalateAfter?: number;
  /** After the last reminder (and escalation), remind again every this many business days. */
  repeatEvery?: number;
}

/** Decision links last at least this long (LINK_TTL_DAYS may be longer, never shorter). */
export const MIN_LINK_TTL_DAYS = 14;

/**
 * The most business days an open step may go without emailing fresh links: five business days span at
 * most twelve calendar days even across two weekends and three holidays or decreed days, so a link
 * never expires before the next one arrives (issue 14 §1.5).
 */
export const MAX_LINK_GAP_BUSINESS_DAYS = 5;

/**
 * Why a plan would leave an open step without a live link (Spanish, for the entity form), or undefined:
 * it must repeat its reminders, and no two consecutive emails may lie more than
 * MAX_LINK_GAP_BUSINESS_DAYS apart.
 */
export function planLinkGapProblem(plan: ReminderPlan): string | undefined {
  if (plan.repeatEvery === undefined) {
    return 'Indique cada cuántos días hábiles se repite el recordatorio: sin repetición, un paso sin atender se quedaría sin enlaces vigentes cuando venzan.';
  }
  const sends = [0, ...plan.remindAfter, ...(plan.escalateAfter !== undefined ? [plan.escalateAfter] : [])].sort((a, b) => a - b);
  const gaps = [...sends.slice(1).map((d, i) => d - sends[i]!), plan.repeatEvery];
  if (Math.max(...gaps) > MAX_LINK_GAP_BUSINESS_DAYS) {
    return `Entre dos correos de un paso abierto no pueden pasar más de ${MAX_LINK_GAP_BUSINESS_DAYS} días hábiles: los enlaces vencen a los ${MIN_LINK_TTL_DAYS} días.`;
  }
  return undefined;
}

export const DEFAULT_REMINDER_PLAN: ReminderPlan = { remindAfter: [2, 4], escalateAfter: 5, repeatEvery: 5 };

/** For steps nobody above can unblock (a requester's correction, SCS's acknowledgement): remind, never escalate. */
export const REMIND_ONLY_PLAN: ReminderPlan = { remindAfter: [3], repeatEvery: 5 };

/** Who acted, and from where: recorded with every decision (Ley 27806, RULEBOOK §8). */
export interface DecisionActor {
  email: string;
  ip?: string;
  userAgent?: string;
  /** Signed in as that person (not only holding the link): the audit row names a person, not a link. */
  signedIn?: boolean;
}

/** The body of the `decide` update that every workflow accepts. */
export interface DecisionInput {
  step: string;
  /** Version of the link used; a newer link for the same step supersedes older ones. */
  version: number;
  action: DecisionAction;
  reason?: string;
  /** Structured data some steps take (a corrected proposal, checklist items). */
  payload?: unknown;
  actor: DecisionActor;
}

export interface Decision {
  step: string;
  action: DecisionAction;
  reason?: string;
  payload?: unknown;
  by: string;
  /** ISO instant the workflow accepted the decision. */
  at: string;
  ip?: string;
  userAgent?: string;
  signedIn?: boolean;
}

/** A decider's address the mail relay refused for good, as a step records it. */
export interface Undelivered {
  email: string;
  reason: string;
  /** ISO instant the refusal was learned. */
  at: string;
}

/** What a link page needs to know about an open (or closed) step, returned by the `decisionStep` query. */
export interface DecisionStepView {
  step: string;
  title: string;
  summary: Array<[string, string]>;
  actions: DecisionAction[];
  deciders: string[];
  version: number;
  openedAt: string;
  decision?: Decision;
  /** Set when the process closed the step without a decision (account retired, grant ended early). */
  withdrawn?: { reason: string; at: string };
  /** Deciders' addresses the relay refused (issue 14 §1.2); the step can be sent to someone else instead. */
  undelivered?: Undelivered[];
  /** Extra form the step needs on its page, e.g. the correction form or the checklist. */
  form?: 'proposal' | 'checklist' | 'campaign' | 'scsOpinion' | 'closingReport' | 'contentEvaluation' | 'contentCorrection' | 'publication' | 'nameChange' | 'incidentClosing' | 'imageIssueAck' | 'followsAttestation' | 'accountClosure' | 'questionAnswer';
  formData?: unknown;
}
