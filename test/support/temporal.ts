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

/** `activities` may be built from the environment, e.g. activities that start workflows through `env.client`. */
export async function startTimeSkippingWorker(taskQueue: string, activities: object | ((env: TestWorkflowEnvironment) => object)): Promise<TimeSkippingWorker> {
  const env = await createTimeSkippingEnv();
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
