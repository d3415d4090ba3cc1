/**
 * The few ways Custodio talks to Temporal, each written once: a start that is idempotent by its id and
 * refuses the same key with other input, a start that counts "already started" as success, a signal
 * that skips an ended process, a query that answers `undefined` for a process that does not exist. Each
 * operation of the port (processes/index.ts) runs in one `call`: under the caller's deadline, with
 * "Temporal did not answer" turned into `ProcessesUnavailable`.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client, type WorkflowHandle, type WorkflowStartOptions } from '@temporalio/client';
import type { QueryDefinition, SignalDefinition } from '@temporalio/common';
import { ProcessesUnavailable } from '../contracts/processes';
import { Refusal } from '../domain/refusal';
import type * as workflows from '../workflows';
import { isUnavailable } from './unavailable';

export type Workflows = typeof workflows;
/** A workflow type, by the name of its function in `workflows/index.ts` (type-checked, never imported here). */
export type WorkflowName = keyof Workflows;

export interface TemporalOptions {
  taskQueue: string;
  /** How long one call may wait for Temporal (the API's requests); none for the worker's activities. */
  deadlineMs?: number;
}

/** Signals the run the handle names (the current one when it names none); false when it has closed or never existed. */
export async function signalIfOpen<Args extends unknown[]>(handle: WorkflowHandle, signal: SignalDefinition<Args>, ...args: Args): Promise<boolean> {
  try {
    await handle.signal(signal, ...args);
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

export function temporalCalls(client: Client, opts: TemporalOptions) {
  const { taskQueue } = opts;

  /** Runs `fn` under the deadline; "no answer in time" becomes `ProcessesUnavailable`. */
  async function call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return opts.deadlineMs === undefined ? await fn() : await client.withDeadline(Date.now() + opts.deadlineMs, fn);
    } catch (err) {
      if (isUnavailable(err)) throw new ProcessesUnavailable(err);
      throw err;
    }
  }

  type StartOptions<N extends WorkflowName> = Omit<WorkflowStartOptions<Workflows[N]>, 'taskQueue'>;

  return {
    call,

    /**
     * Starts the process unless one with this id exists, running or closed: a retried submission with the
     * same key lands on the same process, even after it ended. The input's fingerprint is kept in the memo,
     * so the same key with other input is refused (`idempotency_conflict`) instead of silently answering
     * with the first process.
     */
    async startIdempotent<N extends WorkflowName>(
      name: N,
      options: StartOptions<N> & { workflowId: string },
      fingerprint: { value: string; entityId: string; conflict: string },
    ): Promise<void> {
      try {
        await client.workflow.start<Workflows[N]>(name, {
          ...options,
          taskQueue,
          workflowIdConflictPolicy: 'FAIL',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          memo: { fingerprint: fingerprint.value, entityId: fingerprint.entityId },
        } as WorkflowStartOptions<Workflows[N]>);
        // This call started it, with this fingerprint in its memo: nothing to compare (issue 18 §2: a
        // describe on every start cost a second Temporal round trip, about a third of the API's time).
        return;
      } catch (err) {
        // A process under this id, running (FAIL) or closed (REJECT_DUPLICATE refuses a second one): its
        // memo says whether this is the same submission.
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      const description = await client.workflow.getHandle(options.workflowId).describe();
      if (description.memo?.fingerprint !== fingerprint.value) throw new Refusal('idempotency_conflict', fingerprint.conflict);
    },

    /** Starts a process whose id is new (no conflict expected). */
    async start<N extends WorkflowName>(name: N, options: StartOptions<N> & { workflowId: string }): Promise<void> {
      await client.workflow.start<Workflows[N]>(name, { ...options, taskQueue } as WorkflowStartOptions<Workflows[N]>);
    },

    /** Starts the process; true when this call started it, false when it runs already (or, per the reuse policy, ran). */
    async startUnlessRunning<N extends WorkflowName>(name: N, options: StartOptions<N> & { workflowId: string }): Promise<boolean> {
      try {
        await client.workflow.start<Workflows[N]>(name, { ...options, taskQueue } as WorkflowStartOptions<Workflows[N]>);
        return true;
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
        throw err;
      }
    },

    /** Signals each process; false for one that has ended or never existed (nothing to tell it). */
    signalIfRunning<Args extends unknown[]>(workflowId: string, signal: SignalDefinition<Args>, ...args: Args): Promise<boolean> {
      return signalIfOpen(client.workflow.getHandle(workflowId), signal, ...args);
    },

    /** The query's answer, or `undefined` when the process does not exist. */
    async queryIfExists<R, Args extends unknown[]>(workflowId: string, query: QueryDefinition<R, Args>, ...args: Args): Promise<R | undefined> {
      try {
        return await client.workflow.getHandle(workflowId).query(query, ...args);
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return undefined;
        throw err;
      }
    },

    /** Whether the process runs now (false once it ended, or when it never existed). */
    async isRunning(workflowId: string): Promise<boolean> {
      try {
        return (await client.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return false;
        throw err;
      }
    },
  };
}
