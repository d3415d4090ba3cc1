/**
 * Starting and nudging the long-lived processes, shared by activities (a workflow starting another),
 * the API (after a registry change) and the reconciler. Every start is idempotent: the workflow id is
 * derived from what it governs, and "already started" counts as success.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { credentialRotation, refreshRotationSignal, type CredentialRotationInput, rotateNowSignal, rotationWorkflowId } from '../workflows/credentialRotation';
import { refreshRoleReviewSignal, roleReview, roleReviewScheduler, roleReviewSchedulerId, roleReviewWorkflowId } from '../workflows/roleReview';
import { agencyGrant, endEarlySignal, grantWorkflowId, refreshGrantSignal, type EndEarlyRequest } from '../workflows/agencyGrant';

/** What a new rotation process starts from: the last confirmed rotation, and the cycle that comes next (1 by default). */
export interface RotationStart {
  accountId: string;
  lastConfirmedAt: string;
  cycle?: number;
  dueAt?: string;
}

export interface Processes {
  /** Starts the rotation process of each account unless it runs already. */
  startRotations(accounts: RotationStart[]): Promise<void>;
  /** Tells rotation processes to read the registry again (policy, roster or status changed). Missing ones are skipped. */
  refreshRotations(accountIds: string[]): Promise<void>;
  /** Asks for an immediate rotation, starting the process first if it is missing. */
  rotateNow(accountIds: string[], request: { reason: string; by: string }): Promise<void>;
  /**
   * Starts an entity's review of a month (PCM 6.1.2.11) unless it runs or completed already (a failed or
   * terminated one may start again); true when this call started it.
   */
  startRoleReview(entityId: string, month: string): Promise<boolean>;
  /** Starts each entity's monthly review scheduler unless it runs already. */
  startReviewSchedulers(entityIds: string[]): Promise<void>;
  /** Tells review schedulers to read the calendar again (decreed non-working days changed). Missing ones are skipped. */
  refreshReviewSchedulers(entityIds: string[]): Promise<void>;
  /** Starts the process of an agency grant whose registry row is written (PCM 6.1.2.10) unless it runs already. */
  startAgencyGrant(grantId: string): Promise<void>;
  /** Ends a grant's campaign early; false when its process has ended (nothing left to end). */
  endAgencyGrantEarly(grantId: string, request: EndEarlyRequest): Promise<boolean>;
  /** Tells grant processes to read the registry again (a new custodian or head). Ended ones are skipped. */
  refreshAgencyGrants(grantIds: string[]): Promise<void>;
}

export function createProcesses(client: Client, taskQueue: string): Processes {
  const rotationArgs = (a: RotationStart): [CredentialRotationInput] => [
    { accountId: a.accountId, lastConfirmedAt: a.lastConfirmedAt, cycle: a.cycle ?? 1, history: [], ...(a.dueAt ? { dueAt: a.dueAt } : {}) },
  ];

  return {
    async startRotations(accounts) {
      for (const a of accounts) {
        try {
          await client.workflow.start(credentialRotation, { taskQueue, workflowId: rotationWorkflowId(a.accountId), args: rotationArgs(a) });
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        }
      }
    },

    async refreshRotations(accountIds) {
      for (const id of accountIds) {
        try {
          await client.workflow.getHandle(rotationWorkflowId(id)).signal(refreshRotationSignal);
        } catch (err) {
          // A retired account's process has ended: nothing to tell it.
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        }
      }
    },

    async rotateNow(accountIds, request) {
      for (const accountId of accountIds) {
        await client.workflow.signalWithStart(credentialRotation, {
          taskQueue,
          workflowId: rotationWorkflowId(accountId),
          args: rotationArgs({ accountId, lastConfirmedAt: new Date().toISOString() }),
          signal: rotateNowSignal,
          signalArgs: [request],
        });
      }
    },

    async startRoleReview(entityId, month) {
      try {
        await client.workflow.start(roleReview, {
          taskQueue,
          workflowId: roleReviewWorkflowId(entityId, month),
          // A month's review runs once; only a failed or terminated one may be started again.
          workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
          args: [{ entityId, month }],
        });
        return true;
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
        throw err;
      }
    },

    async startReviewSchedulers(entityIds) {
      for (const entityId of entityIds) {
        try {
          await client.workflow.start(roleReviewScheduler, { taskQueue, workflowId: roleReviewSchedulerId(entityId), args: [{ entityId }] });
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        }
      }
    },

    async refreshReviewSchedulers(entityIds) {
      for (const id of entityIds) {
        try {
          await client.workflow.getHandle(roleReviewSchedulerId(id)).signal(refreshRoleReviewSignal);
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        }
      }
    },

    async startAgencyGrant(grantId) {
      try {
        await client.workflow.start(agencyGrant, { taskQueue, workflowId: grantWorkflowId(grantId), args: [{ grantId }] });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    },

    async endAgencyGrantEarly(grantId, request) {
      try {
        await client.workflow.getHandle(grantWorkflowId(grantId)).signal(endEarlySignal, request);
        return true;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return false;
        throw err;
      }
    },

    async refreshAgencyGrants(grantIds) {
      for (const id of grantIds) {
        try {
          await client.workflow.getHandle(grantWorkflowId(id)).signal(refreshGrantSignal);
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        }
      }
    },
  };
}
