/**
 * The audit row of a decision, written by the process that took it (issue 14 §1.7): the workflow calls
 * this after its `decide` update accepted the decision, and Temporal retries it until it succeeds, so a
 * crash of the API, the worker or the database anywhere leaves exactly one row per step and link version.
 */
import type { Decision } from '../domain/decision';
import type { AuditTrail } from '../registry/audit';

export interface RecordDecisionInput {
  workflowId: string;
  /** The link version the decision came through; with the step, the row's key. */
  version: number;
  decision: Decision;
}

export interface DecisionRecordDeps {
  audit: Pick<AuditTrail, 'recordOnce'>;
  /** The entity whose trail the row belongs to (registry/workflowEntity.ts). */
  entityOf: (workflowId: string) => Promise<string | undefined>;
}

export function createDecisionActivities(deps: DecisionRecordDeps) {
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
    },
  };
}
