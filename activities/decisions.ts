/**
 * What a decision step does besides emailing (issue 14 §1.4, §1.7): the audit row of its decision,
 * written by the process that took it and retried until it holds, so a crash of the API, the worker or
 * the database anywhere leaves exactly one row per step and link version; the open-step index closed
 * when the step is decided or withdrawn; and the entity's roster read at the moment the step asks.
 */
import type { Decision } from '../domain/decision';
import type { EntityPolicy } from '../domain/entity';
import { currentContacts } from '../domain/roster';
import { toEntityPolicy } from '../infra/models/entity';
import type { AuditTrail } from '../registry/audit';
import type { OpenSteps } from '../registry/openSteps';
import type { Registry } from '../registry/reads';

export interface RecordDecisionInput {
  workflowId: string;
  /** The link version the decision came through; with the step, the row's key. */
  version: number;
  decision: Decision;
}

export interface StepWithdrawnInput {
  workflowId: string;
  step: string;
}

export interface CurrentEntityInput {
  /** What the process knew so far: it stands in while the registry has no entity or nobody to ask. */
  known: EntityPolicy;
}

export interface DecisionStepDeps {
  audit: Pick<AuditTrail, 'recordOnce'>;
  /** The entity whose trail the row belongs to (registry/workflowEntity.ts). */
  entityOf: (workflowId: string) => Promise<string | undefined>;
  steps: Pick<OpenSteps, 'closed'>;
  registry: Pick<Registry, 'entity' | 'rosterAsOf'>;
}

export function createDecisionActivities(deps: DecisionStepDeps) {
  return {
    async recordDecision({ workflowId, version, decision: d }: RecordDecisionInput): Promise<void> {
      const entityId = await deps.entityOf(workflowId);
      await deps.audit.recordOnce(
        `decision/${workflowId}/${d.step}/${version}`,
        {
          action: 'decision.recorded',
          actor: { kind: d.signedIn ? 'person' : 'link', email: d.by },
          workflowId,
          step: d.step,
          subject: d.by,
          ...(entityId ? { entityId } : {}),
          ...(d.ip ? { ip: d.ip } : {}),
          ...(d.userAgent ? { userAgent: d.userAgent } : {}),
          detail: (d.reason ? `${d.action}: ${d.reason}` : d.action).slice(0, 500),
        },
        new Date(d.at),
      );
      await deps.steps.closed(workflowId, d.step, new Date(d.at));
    },

    async stepWithdrawn({ workflowId, step }: StepWithdrawnInput): Promise<void> {
      await deps.steps.closed(workflowId, step);
    },

    /** The entity as the registry has it now: its policy, and whom to ask (domain/roster.ts `currentContacts`). */
    async currentEntity({ known }: CurrentEntityInput): Promise<EntityPolicy> {
      const doc = await deps.registry.entity(known.id);
      if (!doc) return known;
      // As of the revision just read: the registry serves it from memory until a writer bumps it.
      const roster = await deps.registry.rosterAsOf(doc._id, doc.rosterRevision ?? 0);
      return toEntityPolicy(doc, currentContacts(roster, known), roster);
    },
  };
}
