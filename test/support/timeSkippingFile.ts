import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startTimeSkippingWorker, type TimeSkippingWorker } from './temporal';

/**
 * The worker of a file whose tests skip days with `env.sleep`, with the hooks that run it: started before
 * the file's first test, stopped after its last, and replaced by a fresh server before a test that
 * follows one which left the server's clock locked: a sleep still pending, or a process terminated with
 * a task in flight (clockLocks.ts; a thread dump of such a stall showed the server's clock running at
 * real speed, locked, with no process of the file busy). With it come a longer timeout and two retries,
 * each on a fresh server: a real failure fails three times. Two, because the refusal of sdk-java#2606
 * came in 3 of 16 runs of reminderDigest.test.ts on a busy machine (its digests' quiet timers fire as
 * steps join), and a retry can meet it again. `use` receives each environment as it starts.
 */
export function timeSkippingWorkerForFile(
  taskQueue: string,
  activities: object | ((env: TestWorkflowEnvironment) => object),
  use: (env: TestWorkflowEnvironment) => void,
): void {
  jest.setTimeout(120_000);
  jest.retryTimes(2, { logErrorsBeforeRetry: true });
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
    const current = workers.at(-1);
    const why = retry
      ? 'a retry'
      : current?.sleepsPending()
        ? 'the previous test ended with env.sleep still waiting'
        : current?.clockLockedBy()[0];
    if (!why) return;
    console.warn(`${why}: this test gets a fresh time-skipping server`);
    await startOne();
  });
  afterAll(async () => {
    for (const worker of workers.reverse()) await worker.stop();
  });
}
