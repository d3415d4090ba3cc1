/**
 * The I/O of the plan's approval (workflows/digitalPlan.ts; PCM 6.2.2.1, Anexo 2): who sent the plan, the
 * head's decision on the row (only for the round it was asked in, so a stale retry never overwrites a
 * later round), and the approved plan as a document.
 */
import type { Connection } from 'mongoose';
import type { Contact, EntityPolicy } from '../domain/entity';
import { digitalPlanId, digitalPlanModel } from '../infra/models/digitalPlan';
import type { DigitalPlanDocData } from '../infra/documents/digitalPlan';
import { planDocumentData } from '../registry/digitalPlans';
import type { Registry } from '../registry/reads';

export interface DigitalPlanContext {
  exists: boolean;
  entity?: EntityPolicy;
  submitter: Contact;
  submittedAt: string;
}

export interface DecideDigitalPlanInput {
  entityId: string;
  year: number;
  round: number;
  action: 'approve' | 'observe';
  by: string;
  at: string;
  reason?: string;
  recordCode?: string;
}

export function createDigitalPlanActivities(deps: { db: Connection; registry: Pick<Registry, 'policy' | 'roster' | 'entity'> }) {
  const plans = digitalPlanModel(deps.db);
  return {
    async digitalPlanContext(input: { entityId: string; year: number }): Promise<DigitalPlanContext> {
      const row = await plans.findById(digitalPlanId(input.entityId, input.year)).lean();
      const policy = await deps.registry.policy(input.entityId);
      const email = row?.submittedBy ?? '';
      const person = row ? (await deps.registry.roster(input.entityId)).find((r) => r.email === email) : undefined;
      return {
        exists: Boolean(row && (policy.ok || policy.reason !== 'unknown')),
        ...(policy.ok ? { entity: policy.policy } : {}),
        submitter: { name: person?.name ?? email, email },
        submittedAt: (row?.submittedAt ?? new Date(0)).toISOString(),
      };
    },

    async decideDigitalPlan(input: DecideDigitalPlanInput): Promise<void> {
      const approved = input.action === 'approve';
      await plans.updateOne(
        { _id: digitalPlanId(input.entityId, input.year), round: input.round },
        approved
          ? { $set: { state: 'approved', decidedBy: input.by, decidedAt: new Date(input.at), ...(input.recordCode ? { recordCode: input.recordCode } : {}) }, $unset: { observation: 1 } }
          : { $set: { state: 'draft', decidedBy: input.by, decidedAt: new Date(input.at), observation: input.reason ?? '' } },
      );
    },

    /** The approved plan's document data, from its row (registry/digitalPlans.ts). */
    async digitalPlanDocument(input: { entityId: string; year: number }): Promise<DigitalPlanDocData | undefined> {
      const row = await plans.findById(digitalPlanId(input.entityId, input.year)).lean();
      const entity = await deps.registry.entity(input.entityId);
      if (!row || !entity) return undefined;
      const roster = await deps.registry.roster(input.entityId);
      return planDocumentData(row, entity, (email) => roster.find((r) => r.email === email)?.name ?? email);
    },
  };
}
