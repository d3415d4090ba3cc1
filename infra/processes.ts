/**
 * Starting and nudging the long-lived processes, shared by activities (a workflow starting another),
 * the API (after a registry change) and the reconciler. Every start is idempotent: the workflow id is
 * derived from what it governs, and "already started" counts as success.
 */
import type { Processes, RotationStart } from '../contracts/processes';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { credentialRotation } from '../workflows/credentialRotation';
import { roleReview, roleReviewScheduler } from '../workflows/roleReview';
import { agencyGrant } from '../workflows/agencyGrant';
import { refreshRotationSignal, type CredentialRotationInput, rotateNowSignal, rotationWorkflowId } from '../contracts/credentialRotation';
import { refreshRoleReviewSignal, roleReviewSchedulerId, roleReviewWorkflowId } from '../contracts/roleReview';
import { endEarlySignal, grantWorkflowId, refreshGrantSignal } from '../contracts/agencyGrant';

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
