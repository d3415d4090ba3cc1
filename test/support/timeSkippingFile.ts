import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startTimeSkippingWorker, type TimeSkippingWorker } from './temporal';

/**
 * The worker of a file whose tests skip days with `env.sleep`, with the hooks that run it: started before
 * the file's first test, stopped after its last, and replaced by a fresh server before a test that
 * follows one which ended with a sleep still pending. Under the full suite's load the Java test server's
 * clock has stalled in `env.sleep` now and then (about one fresh-clone run in two since issue 17), never
 * with an assertion failing, the file passing alone even beside three busy loops; a stalled server
 * stayed stalled for the file's later tests, and once held its clock with no process of the file having
 * an activity or workflow task in flight. With it come a longer timeout and one retry, which also runs
 * on a fresh server: a real failure fails twice. `use` receives each environment as it starts.
 */
export function timeSkippingWorkerForFile(
  taskQueue: string,
  activities: object | ((env: TestWorkflowEnvironment) => object),
  use: (env: TestWorkflowEnvironment) => void,
): void {
  jest.setTimeout(120_000);
  jest.retryTimes(1, { logErrorsBeforeRetry: true });
  const workers: TimeSkippingWorker[] = [];
  const startOne = async () => {
    const worker = await startTimeSkippingWorker(taskQueue, activities);
    workers.push(worker);
    use(worker.env);
  };
  const ran = new Set<string | undefined>();
  beforeAll(startOne);
  beforeEach(async () => {
    // Jest retries a failed test after the file's others, under the same name.
    const name = expect.getState().currentTestName;
    const retry = ran.has(name);
    ran.add(name);
    if (!retry && !workers.at(-1)?.sleepsPending()) return;
    console.warn(`${retry ? 'a retry' : 'the previous test ended with env.sleep still waiting'}: this test gets a fresh time-skipping server`);
    await startOne();
  });
  afterAll(async () => {
    for (const worker of workers.reverse()) await worker.stop();
  });
}
