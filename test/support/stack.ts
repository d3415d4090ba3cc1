/**
 * The whole system for an end-to-end test file: `startLocalStack` (Temporal dev server unless told
 * otherwise, FerretDB, SMTP capture, worker, API) in a temporary folder of its own, with the workflows
 * bundled once per jest worker, and people signed in at their own browsers by emailed link.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../infra/logger';
import type { SmtpCapture } from '../../local/smtpCapture';
import { startLocalStack, type LocalStack, type StackOptions } from '../../local/stack';
import type { WorkerCommand } from '../../local/workerProcess';
import { Browser } from './browser';
import { workflowBundle } from './temporal';

/** The test stacks' link secret, so a test can sign a link as the stack would (an expired one, say). */
export const TEST_LINK_SECRET = 's'.repeat(48);

export interface TestStack<Name extends string> extends Omit<LocalStack, 'mailbox' | 'stop'> {
  /** The SMTP capture: always there, since the test stack has no real relay. */
  mailbox: SmtpCapture;
  /** Each name's browser, signed in as its email. */
  as: Record<Name, Browser>;
  /** Stops the stack, then removes its folder. */
  stop(): Promise<void>;
}

export interface TestStackOptions {
  /** Runs once the stack is up, before anyone signs in: e.g. puts on the roster someone the demo data lacks. */
  prepare?: (stack: LocalStack) => Promise<unknown>;
  /** Passed on to `startLocalStack`, e.g. `temporalAddress` to run on the time-skipping test server. */
  stack?: Partial<Omit<StackOptions, 'dataDir' | 'log' | 'workflowBundle'>>;
  /** Keeps Temporal's state in a file of the stack's folder, as `npm start` does, so the dev server can be restarted. */
  temporalFile?: boolean;
}

/** Starts the stack and signs in, one after the other, each `name → email` of `people`. */
export async function startTestStack<const People extends Record<string, string>>(people: People, options: TestStackOptions = {}): Promise<TestStack<keyof People & string>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'custodio-stack-'));
  let local: LocalStack | undefined;
  const stop = async () => {
    try {
      await local?.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
  try {
    local = await startLocalStack({
      dataDir,
      // TEST_LOG_LEVEL=error shows what the API logged, e.g. the cause of a 500 a fault test met.
      log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
      linkSecret: TEST_LINK_SECRET,
      workflowBundle: await workflowBundle(),
      ...(options.temporalFile ? { temporalDbFile: join(dataDir, 'temporal.db') } : {}),
      ...options.stack,
    });
    const mailbox = local.mailbox;
    if (!mailbox) throw new Error('the test stack needs the SMTP capture: do not pass smtpUrl');
    await options.prepare?.(local);
    const as = {} as Record<keyof People & string, Browser>;
    for (const [name, email] of Object.entries(people) as Array<[keyof People & string, string]>) {
      as[name] = new Browser(local.apiUrl);
      await as[name].signIn(email, mailbox);
    }
    return { ...local, mailbox, as, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The production worker entry, run from its sources in a process of its own (`workerProcess`). */
export const WORKER_MAIN: WorkerCommand = {
  command: process.execPath,
  args: ['--enable-source-maps', '-r', join(__dirname, 'tsRequire.js'), join(__dirname, '..', '..', 'worker', 'main.ts')],
};
