import { Connection } from '@temporalio/client';
import { InternalConnectionOptionsSymbol, type InternalConnectionOptions } from '@temporalio/client/lib/connection';
import { msToTs } from '@temporalio/common/lib/time';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { toolPath } from '../../local/tools';
import { clockLockedBy, onRefusal, tasksInFlight } from './clockLocks';
import { WORKFLOWS_PATH } from '../../worker/createWorker';

/** The Java time-skipping test server, installed by scripts/install-tools.sh (the SDK's download cannot reach its host here). */
export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: toolPath('temporal-test-server') } },
  });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** Bundles the workflows once per jest worker; every Worker in the file reuses it. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
  return bundle;
}

/** A test file's time-skipping server with one worker running the workflows and the given activities. */
export interface TimeSkippingWorker {
  env: TestWorkflowEnvironment;
  /** Stops the worker, then the server. */
  stop(): Promise<void>;
  /** How many `env.sleep` calls have not returned. */
  sleepsPending(): number;
  /** What left the server's clock locked for good (see clockLocks.ts), if anything did. */
  clockLockedBy(): string[];
}

/** How long `env.sleep` may take in real time before the file's processes in flight are logged. */
const SLEEP_WATCH_MS = 20_000;

/** A client method that starts a process, wrapped so that the watch knows the process's workflow id. */
function recordingStarts<A extends unknown[], H extends { workflowId: string }>(start: (...args: A) => Promise<H>, started: Set<string>) {
  return async (...args: A): Promise<H> => {
    const handle = await start(...args);
    started.add(handle.workflowId);
    return handle;
  };
}

/**
 * Replaces `env.sleep` with a watched one, on a connection of its own. The Java test server skips time
 * only while nothing holds its clock (a workflow task, an activity or a query in flight), and when a
 * sleep stalls the test only says "timeout". This logs, every SLEEP_WATCH_MS of a stalled sleep, the
 * server's clock and what each process the file started through `env.client` has in flight, so the
 * stall names its holder.
 */
async function installWatchedSleep(env: TestWorkflowEnvironment, serverStartedAtMs: number): Promise<{ pending(): number; close(): Promise<void> }> {
  const started = new Set<string>();
  let pending = 0;
  const workflow = env.client.workflow;
  workflow.start = recordingStarts(workflow.start.bind(workflow), started) as typeof workflow.start;
  workflow.signalWithStart = recordingStarts(workflow.signalWithStart.bind(workflow), started) as typeof workflow.signalWithStart;
  // Sleeps go through a connection of their own, without the client's retries or keepalive pings. The
  // Java server answers a sleep only when it ends, and after about 90 s of pings with nothing sent back it
  // closes the connection ("too many pings"); the client's retry of the sleep then fired on a channel
  // already shut down by the file's teardown, and jest blamed the next file in the worker.
  const options: InternalConnectionOptions = {
    address: env.address,
    interceptors: [],
    channelArgs: { 'grpc.keepalive_time_ms': -1 },
    // How TestWorkflowEnvironment itself asks for the test service on its connection.
    [InternalConnectionOptionsSymbol]: { supportsTestService: true },
  };
  const sleeper = await Connection.connect(options);
  const testService = sleeper.testService!;
  env.sleep = async (duration) => {
    const since = Date.now();
    const watch = setInterval(() => void logInFlight(env, serverStartedAtMs, [...started], duration, Date.now() - since), SLEEP_WATCH_MS);
    pending++;
    let unsubscribe = () => {};
    const refused = new Promise<never>((_resolve, reject) => {
      unsubscribe = onRefusal((what) => reject(new Error(`env.sleep(${JSON.stringify(duration)}) cannot end: ${what}`)));
    });
    try {
      await Promise.race([testService.unlockTimeSkippingWithSleep({ duration: msToTs(duration) }), refused]);
    } finally {
      unsubscribe();
      pending--;
      clearInterval(watch);
    }
  };
  return { pending: () => pending, close: () => sleeper.close() };
}

/** PendingActivityState, by number. */
const STATES = ['unspecified', 'scheduled', 'started', 'cancel requested'];

async function logInFlight(env: TestWorkflowEnvironment, serverStartedAtMs: number, workflowIds: string[], duration: unknown, waitedMs: number): Promise<void> {
  const waiting = `env.sleep(${JSON.stringify(duration)}) still waiting after ${Math.round(waitedMs / 1000)} s`;
  try {
    const lines = [`${waiting}; server clock ${new Date(await env.currentTimeMs()).toISOString()}`];
    for (const id of workflowIds) {
      const handle = env.client.workflow.getHandle(id);
      const { status, raw } = await handle.describe();
      if (status.name !== 'RUNNING') continue;
      const activities = (raw.pendingActivities ?? []).map((a) => `${a.activityType?.name} ${STATES[a.state ?? 0]} attempt ${a.attempt}${a.lastFailure?.message ? ` (${a.lastFailure.message})` : ''}`);
      const task = (await tasksInFlight(handle)).includes('a workflow task') ? 'a workflow task in flight' : undefined;
      if (activities.length || task) lines.push(`  ${id}: ${[task, ...activities].filter(Boolean).join('; ')}`);
    }
    for (const what of clockLockedBy(env.client.workflow, serverStartedAtMs)) lines.push(`  locked for good: ${what}`);
    console.warn(lines.join('\n'));
  } catch (err) {
    console.warn(`${waiting}; describing its processes failed: ${String(err)}`);
  }
}

/** `activities` may be built from the environment, e.g. activities that start workflows through `env.client`. */
export async function startTimeSkippingWorker(taskQueue: string, activities: object | ((env: TestWorkflowEnvironment) => object)): Promise<TimeSkippingWorker> {
  const startedAtMs = Date.now();
  const env = await createTimeSkippingEnv();
  const sleeps = await installWatchedSleep(env, startedAtMs);
  try {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      activities: typeof activities === 'function' ? activities(env) : activities,
      workflowBundle: await workflowBundle(),
    });
    const running = worker.run();
    return {
      env,
      async stop() {
        // First, so that a sleep still waiting on a stalled clock ends (cancelled) before the server goes.
        await sleeps.close();
        worker.shutdown();
        await running;
        await env.teardown();
      },
      sleepsPending: sleeps.pending,
      clockLockedBy: () => clockLockedBy(env.client.workflow, startedAtMs),
    };
  } catch (err) {
    await sleeps.close();
    await env.teardown();
    throw err;
  }
}
