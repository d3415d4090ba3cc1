/**
 * An open decision step sent to someone else (issue 14 §1.2): when the relay refuses a decider's address
 * (a departed person's disabled mailbox), the head of the entity (or the platform admin) sends the step to
 * a person of the roster instead. The new person gets links of their own; the refused address's stop working.
 */
import type { Connection } from 'mongoose';
import type { Processes } from '../../contracts/processes';
import { can, canGlobally, requireIdentified, principalLabel } from '../../domain/access';
import type { DecisionStepView } from '../../domain/decision';
import type { Contact } from '../../domain/entity';
import { Refusal } from '../../domain/refusal';
import { stepResendSchema } from '../../domain/stepInput';
import { validate } from '../../domain/validation';
import type { AuditTrail, Caller } from '../../registry/audit';
import type { Registry } from '../../registry/reads';
import { workflowEntity } from '../../registry/workflowEntity';

export interface StepsDeps {
  db: Connection;
  registry: Registry;
  audit: AuditTrail;
  processes: Processes;
}

/** The step, and who it may be sent to instead: the entity's roster and its supervisor. */
export interface ResendableStep {
  workflowId: string;
  entityId: string;
  view: DecisionStepView;
  candidates: Contact[];
}

export function stepsService(deps: StepsDeps) {
  const entityOf = workflowEntity(deps.db);

  /** The open step of a process of an entity the caller heads (or any, for the platform admin). */
  async function guarded(workflowId: string, step: string, caller: Caller): Promise<ResendableStep> {
    requireIdentified(caller.principal);
    const entityId = await entityOf(String(workflowId));
    const entity = entityId ? await deps.registry.entity(entityId) : null;
    if (!entity) throw new Refusal('not_found', 'No existe ese proceso.');
    if (!can(caller.principal, 'account.lifecycle', { id: entity._id, profile: entity.profile }) && !canGlobally(caller.principal, 'entity.manage')) {
      throw new Refusal('forbidden', 'Solo el titular de la Oficina de Comunicaciones o la administración de la plataforma reenvían un paso.');
    }
    const view = await deps.processes.decisionStep(workflowId, String(step));
    if (!view) throw new Refusal('not_found', 'Ese paso no existe en el proceso.');
    if (view.decision || view.withdrawn) throw new Refusal('conflict', 'Ese paso ya fue atendido o quedó sin efecto: no hay nada que reenviar.');
    const roster = (await deps.registry.roster(entity._id)).map((r) => ({ name: r.name, email: r.email }));
    const supervisor = { name: 'Secretaría de Comunicación Social', email: entity.supervisorEmail.toLowerCase() };
    const candidates = [...roster, ...(roster.some((c) => c.email === supervisor.email) ? [] : [supervisor])];
    return { workflowId, entityId: entity._id, view, candidates };
  }

  return {
    guarded,

    /** Sends the step to `to` (someone of the roster, or the supervisor) in place of the decider `replace`. */
    async resend(workflowId: string, step: string, body: unknown, caller: Caller): Promise<{ step: string; to: Contact }> {
      const found = await guarded(workflowId, step, caller);
      const checked = validate(stepResendSchema, body, 'Custodio');
      if (!checked.ok) throw new Refusal('validation_failed', 'No se pudo reenviar el paso.', checked.errors);
      const { replace, to } = checked.value;
      const replaced = found.view.deciders.find((d) => d.toLowerCase() === replace);
      const person = found.candidates.find((c) => c.email.toLowerCase() === to);
      const violations = [
        ...(replaced ? [] : [{ field: 'replace', rule: 'Custodio', message: 'Elija a quién reemplazar entre quienes deben atender el paso.' }]),
        ...(person ? [] : [{ field: 'to', rule: 'PCM 5.2.4', message: 'La persona debe figurar en la nómina de la entidad.' }]),
      ];
      if (violations.length) throw new Refusal('validation_failed', 'No se pudo reenviar el paso.', violations);
      if (found.view.deciders.some((d) => d.toLowerCase() === person!.email.toLowerCase())) {
        throw new Refusal('validation_failed', 'No se pudo reenviar el paso.', [{ field: 'to', rule: 'Custodio', message: 'Esa persona ya debe atender el paso.' }]);
      }
      const by = principalLabel(caller.principal);
      if (!(await deps.processes.resendStep(workflowId, { step, replace: replaced!, to: person!, by }))) throw new Refusal('conflict', 'El proceso ya terminó: no hay nada que reenviar.');
      await deps.audit.recordBy(caller, { action: 'step.resent', entityId: found.entityId, workflowId, step, subject: person!.email, detail: `${replaced} → ${person!.email}` });
      return { step, to: person! };
    },
  };
}

export type StepsService = ReturnType<typeof stepsService>;
