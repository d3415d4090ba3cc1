/**
 * Handover of administration when a community manager leaves (RULEBOOK §4, PCM 6.2.3): supervised by
 * the head, who safeguards the passwords (6.2.3.1); the outgoing CM hands emails, users and current
 * passwords to the head by institutional email (6.2.3.2); the head verifies them and hands them to the
 * new CM (6.2.3.3); once the new CM has set the new page roles the outgoing one is removed (6.2.3.4),
 * and nobody outside the area keeps a role (6.2.3.5). Pure: the API and the workflow both read it.
 */
import type { EntityRole } from './access';
import type { RosterEntry } from './roster';
import type { RuleViolation } from './validation';

export const HANDOVER_RULE = 'PCM 6.2.3';

/** Why each affected account rotates at once when the handover ends (issue #4 §4). */
export const HANDOVER_ROTATION_REASON = 'Traspaso de administración (PCM 6.2.3)';

/** The decision steps, in order; `entrega` and `verificacion` repeat (`entrega-2`, …) after an observation. */
export const HANDOVER_STEPS = ['entrega', 'verificacion', 'acuerdo', 'roles-nuevos', 'retiro'] as const;
export type HandoverStep = (typeof HANDOVER_STEPS)[number];

export const HANDOVER_STEP_LABELS: Record<HandoverStep, string> = {
  entrega: 'Entrega de credenciales al titular (PCM 6.2.3.2)',
  verificacion: 'Verificación por el titular (PCM 6.2.3.3)',
  acuerdo: 'Acuerdo de confidencialidad del nuevo community manager (Anexo 1)',
  'roles-nuevos': 'Nuevos roles de página (PCM 6.2.3.4)',
  retiro: 'Retiro del community manager saliente (PCM 6.2.3.4–5)',
};

/** The step's name in its `round`: the first keeps the plain name, so links read `entrega`, `entrega-2`, … */
export const roundStep = (step: HandoverStep, round: number) => (round === 1 ? step : `${step}-${round}`);

/**
 * Roles whose holder cannot become the new CM through a handover: the head supervises it, the second is
 * a role of its own, and the Presidency approves sensitive content (INPE 5.2.b), a check on the CM's
 * work, from outside the social-media area (PCM 6.2.3.5). A requesting unit's person may take over: the
 * handover makes them the area's CM.
 */
const NOT_INCOMING: Partial<Record<EntityRole, string>> = {
  head: 'es titular de la Oficina de Comunicaciones: supervisa el traspaso y entrega las credenciales al nuevo community manager, no puede recibirlas (PCM 6.2.3.1, 6.2.3.3)',
  second: 'es segundo(a) al mando (PCM 6.1.1.5); si pasará a ser community manager, cambie primero su rol en la nómina',
  gerencia: 'figura como Gerencia General: decide las cuentas propias de las unidades (INPE 4.2.c) y está fuera del área de redes sociales (PCM 6.2.3.5)',
  presidency:
    'figura como Presidencia de la entidad: aprueba los contenidos sensibles que prepara el community manager (INPE 5.2.b) y está fuera del área de redes sociales (PCM 6.2.3.5); si pasará a ser community manager, cambie primero su rol en la nómina',
};

/** Whether someone of this role may be chosen to take over the administration (the form offers only them). */
export const mayTakeOver = (role: EntityRole): boolean => !NOT_INCOMING[role];

/** A handover step's name in words, its round when later than the first: «Verificación por el titular (PCM 6.2.3.3), 2.ª vuelta». */
export function handoverStepName(step: string): string {
  const m = /^(entrega|verificacion|acuerdo|roles-nuevos|retiro)(?:-(\d+))?$/.exec(step);
  if (!m) return step;
  const name = HANDOVER_STEP_LABELS[m[1] as HandoverStep];
  return m[2] && Number(m[2]) > 1 ? `${name}, ${m[2]}.ª vuelta` : name;
}

/**
 * What the roster says against a handover from `outgoingEmail` to `incomingEmail` (addresses already
 * normalised): the outgoing person must be a CM of the entity, the incoming one on its roster and
 * neither its head nor its second in command.
 */
export function handoverProblems(roster: RosterEntry[], outgoingEmail: string, incomingEmail: string): RuleViolation[] {
  const out: RuleViolation[] = [];
  const outgoing = roster.find((r) => r.email === outgoingEmail);
  const incoming = roster.find((r) => r.email === incomingEmail);
  if (!outgoing) {
    out.push({ field: 'outgoingEmail', rule: HANDOVER_RULE, message: `${outgoingEmail} no figura en la nómina de la entidad.` });
  } else if (outgoing.role !== 'cm') {
    out.push({
      field: 'outgoingEmail',
      rule: HANDOVER_RULE,
      message: `${outgoingEmail} no es community manager de la entidad: el traspaso de administración es para quien deja de administrar las cuentas (PCM 6.2.3).`,
    });
  }
  if (!incoming) {
    out.push({ field: 'incomingEmail', rule: HANDOVER_RULE, message: `${incomingEmail} no figura en la nómina de la entidad: regístrelo(a) primero en la nómina.` });
  } else if (NOT_INCOMING[incoming.role]) {
    out.push({ field: 'incomingEmail', rule: HANDOVER_RULE, message: `${incomingEmail} ${NOT_INCOMING[incoming.role]}.` });
  }
  return out;
}
