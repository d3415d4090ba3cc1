/**
 * The entity's Plan de Comunicación Digital per year (issue 19 §3; PCM 6.2.2.1, Anexo 2): the CM or the
 * head drafts it (saving as often as they like), sends it for approval (every section, a weekly posting
 * plan and a target, or a refusal naming each part missing), and the head approves or observes it by
 * link (workflows/digitalPlan.ts). Approved, it is final for its year and downloadable as PDF/A.
 */
import type { Connection } from 'mongoose';
import { digitalPlanWorkflowId, type DigitalPlanStage } from '../../contracts/digitalPlan';
import { unlessUnavailable, type Processes } from '../../contracts/processes';
import { rolesFor } from '../../domain/access';
import { numberingYear } from '../../domain/documentNumbers';
import { PLAN_CLAUSE, planCompletenessProblems, planDraftSchema, type PlanDraft } from '../../domain/digitalPlan';
import { Refusal } from '../../domain/refusal';
import { validate } from '../../domain/validation';
import { insertOnce } from '../../infra/db';
import type { DigitalPlanDocData } from '../../infra/documents/digitalPlan';
import { digitalPlanId, digitalPlanModel, type DigitalPlanDoc, type PlanState } from '../../infra/models/digitalPlan';
import type { EntityDoc } from '../../infra/models/entity';
import type { AuditTrail, Caller } from '../../registry/audit';
import { planDocumentData } from '../../registry/digitalPlans';
import { guardedEntity } from '../../registry/guards';
import type { Registry } from '../../registry/reads';

export interface DigitalPlansDeps {
  db: Connection;
  registry: Registry;
  processes: Processes;
  audit: AuditTrail;
}

export interface DigitalPlanView extends PlanDraft {
  entityId: string;
  year: number;
  /** `none`: nothing saved yet for that year. */
  state: PlanState | 'none';
  round: number;
  updatedBy?: string;
  updatedAt?: string;
  submittedBy?: string;
  submittedAt?: string;
  decidedBy?: string;
  decidedAt?: string;
  observation?: string;
  recordCode?: string;
  live?: { stage: DigitalPlanStage; waitingFor: string[] };
}

/** The CM and the head draft and send the plan; a principal that is not a person never does. */
export const mayDraftPlan = (p: Caller['principal'], entity: Pick<EntityDoc, '_id' | 'profile'>) =>
  p.kind === 'person' && rolesFor(p, { id: entity._id, profile: entity.profile }).some((r) => r === 'cm' || r === 'head');

const empty: PlanDraft = { sections: {}, weeklyPosts: {}, indicators: {} };
const yearProblem = (year: number) => (Number.isInteger(year) && year >= 2020 && year <= 2100 ? undefined : 'Indique un año entre 2020 y 2100.');

const view = (entityId: string, year: number, r: DigitalPlanDoc | null): DigitalPlanView =>
  r
    ? {
        entityId, year, state: r.state, round: r.round, sections: r.sections ?? {}, weeklyPosts: r.weeklyPosts ?? {}, indicators: r.indicators ?? {},
        updatedBy: r.updatedBy, updatedAt: r.updatedAt.toISOString(),
        ...(r.submittedBy ? { submittedBy: r.submittedBy } : {}), ...(r.submittedAt ? { submittedAt: r.submittedAt.toISOString() } : {}),
        ...(r.decidedBy ? { decidedBy: r.decidedBy } : {}), ...(r.decidedAt ? { decidedAt: r.decidedAt.toISOString() } : {}),
        ...(r.observation ? { observation: r.observation } : {}), ...(r.recordCode ? { recordCode: r.recordCode } : {}),
      }
    : { entityId, year, state: 'none', round: 0, ...empty };

export function digitalPlansService(deps: DigitalPlansDeps) {
  const plans = digitalPlanModel(deps.db);

  async function writable(entityId: string, year: number, caller: Caller): Promise<{ entity: EntityDoc; row: DigitalPlanDoc | null; by: string }> {
    const entity = await guardedEntity(deps.registry, entityId, caller, 'account.read');
    const p = caller.principal;
    if (p.kind !== 'person' || !mayDraftPlan(p, entity)) throw new Refusal('forbidden', `Solo el community manager o el/la titular elaboran el Plan de Comunicación Digital (${PLAN_CLAUSE}).`);
    const thisYear = numberingYear(new Date());
    if (year !== thisYear && year !== thisYear + 1) throw new Refusal('validation_failed', 'Revise el año.', [{ field: 'year', rule: PLAN_CLAUSE, message: `Solo se elabora el plan de ${thisYear} o de ${thisYear + 1}.` }]);
    const row = await plans.findById(digitalPlanId(entity._id, year)).lean();
    if (row?.state === 'pending') throw new Refusal('conflict', 'El plan está en aprobación del/de la titular: espere su decisión.');
    if (row?.state === 'approved') throw new Refusal('conflict', `El plan de ${year} ya fue aprobado (${row.recordCode ?? ''}): es definitivo.`);
    return { entity, row, by: p.email.toLowerCase() };
  }

  return {
    async get(entityId: string, year: number, caller: Caller): Promise<DigitalPlanView> {
      const entity = await guardedEntity(deps.registry, entityId, caller, 'account.read');
      const problem = yearProblem(year);
      if (problem) throw new Refusal('validation_failed', 'Revise el año.', [{ field: 'year', rule: PLAN_CLAUSE, message: problem }]);
      const row = await plans.findById(digitalPlanId(entity._id, year)).lean();
      const shown = view(entity._id, year, row);
      if (row?.state !== 'pending') return shown;
      const s = await unlessUnavailable(() => deps.processes.digitalPlanStatus(entity._id, year, row.round));
      return s ? { ...shown, live: { stage: s.stage, waitingFor: s.waitingFor } } : shown;
    },

    /** The approved plan as a document; `undefined` until then. */
    async document(entityId: string, year: number, caller: Caller): Promise<DigitalPlanDocData | undefined> {
      const entity = await guardedEntity(deps.registry, entityId, caller, 'account.read');
      const row = await plans.findById(digitalPlanId(entity._id, year)).lean();
      if (!row) return undefined;
      const roster = await deps.registry.roster(entity._id);
      return planDocumentData(row, entity, (email) => roster.find((r) => r.email === email)?.name ?? email);
    },

    /** Saves the draft as typed; parts may still be missing. */
    async save(entityId: string, year: number, body: unknown, caller: Caller): Promise<DigitalPlanView> {
      const { entity, row, by } = await writable(entityId, year, caller);
      const parsed = validate(planDraftSchema, body, PLAN_CLAUSE);
      if (!parsed.ok) throw new Refusal('validation_failed', 'Revise el plan.', parsed.errors);
      const now = new Date();
      const id = digitalPlanId(entity._id, year);
      const fresh = { _id: id, entityId: entity._id, year, state: 'draft' as const, round: 0, ...parsed.value, updatedBy: by, updatedAt: now };
      if (row || !(await insertOnce(plans, fresh))) {
        await plans.updateOne({ _id: id, state: 'draft' }, { $set: { ...parsed.value, updatedBy: by, updatedAt: now } });
      }
      return view(entity._id, year, await plans.findById(id).lean());
    },

    /** Sends the saved plan for approval: complete, or every missing part named at once. */
    async submit(entityId: string, year: number, caller: Caller): Promise<DigitalPlanView> {
      const { entity, row, by } = await writable(entityId, year, caller);
      if (!row) throw new Refusal('conflict', 'Guarde primero el plan.');
      const problems = planCompletenessProblems(row);
      if (problems.length) throw new Refusal('validation_failed', 'Al plan le falta lo que pide el Anexo 2.', problems);
      const round = row.round + 1;
      const now = new Date();
      await plans.updateOne({ _id: row._id, state: 'draft' }, { $set: { state: 'pending', round, submittedBy: by, submittedAt: now } });
      try {
        await deps.processes.startDigitalPlan(entity._id, year, round);
      } catch (err) {
        await plans.updateOne({ _id: row._id, round }, { $set: { state: 'draft', round: row.round } });
        throw err;
      }
      await deps.audit.recordBy(caller, { action: 'request.submitted', entityId: entity._id, workflowId: digitalPlanWorkflowId(entity._id, year, round), detail: `Plan de Comunicación Digital ${year} enviado a aprobación (${PLAN_CLAUSE})` });
      return view(entity._id, year, await plans.findById(row._id).lean());
    },
  };
}

export type DigitalPlansService = ReturnType<typeof digitalPlansService>;
