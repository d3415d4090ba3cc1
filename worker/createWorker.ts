import { Worker, type NativeConnection, type WorkerOptions, type WorkflowBundleOption } from '@temporalio/worker';
import type { Activities } from '../activities';

/** Where the workflow sources live; the SDK bundles them (or takes a prebuilt bundle). */
export const WORKFLOWS_PATH = require.resolve('../workflows');

export type WorkerTuning = Partial<Pick<WorkerOptions, 'maxCachedWorkflows' | 'maxConcurrentWorkflowTaskExecutions' | 'maxConcurrentActivityTaskExecutions'>>;

/**
 * Most activities wait on the registry, whose writes a FerretDB (SQLite) node serializes. The SDK's
 * default of 100 concurrent activities let tasks queue inside the worker past their start-to-close
 * timeout when 10,000 rotations came due at once (bench/README.md "Findings"); a task that waits in
 * the server's queue instead has no timeout running.
 */
export const DEFAULT_MAX_CONCURRENT_ACTIVITIES = 20;

/**
 * Workflows kept in memory between their tasks (`WORKER_MAX_CACHED_WORKFLOWS` in production). The SDK
 * sizes its cache from the heap (about 2,300 here), and the worker reached 1.9 GiB through 10,000
 * reminders due at once; at 500 it stayed under 1.2 GiB, for 12% more CPU per reminder, as the processes
 * not kept replay their history when they wake (bench/README.md, "A smaller workflow cache").
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 500;

/**
 * How long a stopping worker (a deploy, `npm start` stopped) lets the activities it already took
 * finish. At the SDK's default of 0 they are cancelled, and those that do not observe cancellation
 * (ours: short registry writes and emails) may never be reported: the server then waits out their
 * start-to-close timeout (a minute) before another worker retries them. The e2e test that restarts the
 * worker right after a decision met exactly that.
 */
export const SHUTDOWN_GRACE = '10 seconds';

/** Wires activities and workflows to the task queue. */
export async function createWorker(opts: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  workflowBundle?: WorkflowBundleOption;
  tuning?: WorkerTuning;
}): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: opts.activities,
    maxConcurrentActivityTaskExecutions: DEFAULT_MAX_CONCURRENT_ACTIVITIES,
    maxCachedWorkflows: DEFAULT_MAX_CACHED_WORKFLOWS,
    shutdownGraceTime: SHUTDOWN_GRACE,
    ...opts.tuning,
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
  });
}
