/**
 * Starting and nudging the long-lived processes, shared by activities (a workflow starting another),
 * the API (after a registry change) and the reconciler. Every start is idempotent: the workflow id is
 * derived from what it governs, and "already started" counts as success.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { credentialRotation, refreshRotationSignal, type CredentialRotationInput, rotateNowSignal, rotationWorkflowId } from '../workflows/credentialRotation';

export interface Processes {
  /** Starts the rotation process of each account unless it runs already. */
  startRotations(accounts: Array<{ accountId: string; lastConfirmedAt: string; dueAt?: string }>): Promise<void>;
  /** Tells rotation processes to read the registry again (policy, roster or status changed). Missing ones are skipped. */
  refreshRotations(accountIds: string[]): Promise<void>;
  /** Asks for an immediate rotation, starting the process first if it is missing. */
  rotateNow(accountIds: string[], request: { reason: string; by: string }): Promise<void>;
}

export function createProcesses(client: Client, taskQueue: string): Processes {
  const rotationArgs = (a: { accountId: string; lastConfirmedAt: string; dueAt?: string }): [CredentialRotationInput] => [
    { accountId: a.accountId, lastConfirmedAt: a.lastConfirmedAt, cycle: 1, history: [], ...(a.dueAt ? { dueAt: a.dueAt } : {}) },
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
  };
}
