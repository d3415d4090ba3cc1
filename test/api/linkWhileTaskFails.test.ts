import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startTemporalDevServer, type TemporalDevServer } from '../../local/temporal';
import { startTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';

/**
 * A link opened while its process's workflow task has failed three times in a row: Temporal refuses
 * the query at once (WorkflowNotReady, FAILED_PRECONDITION) rather than letting it time out. The worker
 * kill fault test met this as a 500 «Error» page when the worker stayed down past two task timeouts
 * (2 × 10 s); the person must get «Intente de nuevo» with their link still valid.
 *
 * No worker runs here: the test takes the process's workflow tasks from the task queue itself, as a
 * worker would, and fails them, so the state is reached in milliseconds and deterministically.
 */
const TASK_QUEUE = 'custodio';
const WORKFLOW_ID = 'account-request-0123456789abcdef01234567';

let dataDir: string;
let temporal: TemporalDevServer;
let connection: Connection;
let t: TestApp;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'custodio-notready-'));
  temporal = await startTemporalDevServer({ dataDir });
  connection = await Connection.connect({ address: temporal.address });
  t = await startTestApp({ temporal: new Client({ connection }), temporalDeadlineMs: 120_000 });
});
afterAll(async () => {
  await t?.stop();
  await connection?.close();
  await temporal?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Takes the next workflow task of the queue, as a worker's poll would; its attempt number. */
async function takeTask(): Promise<{ attempt: number; taskToken: Uint8Array }> {
  const task = await connection.withDeadline(Date.now() + 20_000, () =>
    connection.workflowService.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: TASK_QUEUE }, identity: 'prueba' }),
  );
  return { attempt: task.attempt, taskToken: task.taskToken };
}

it('a link page answers 503 «Intente de nuevo», not 500, while the process\'s workflow task keeps failing, and the link stays valid', async () => {
  await new Client({ connection }).workflow.start('accountCreation', { taskQueue: TASK_QUEUE, workflowId: WORKFLOW_ID, args: [{}] });
  for (let attempt = 1; attempt <= 2; attempt++) {
    const task = await takeTask();
    expect(task.attempt).toBe(attempt);
    await connection.withDeadline(Date.now() + 5_000, () =>
      connection.workflowService.respondWorkflowTaskFailed({ namespace: 'default', taskToken: task.taskToken, identity: 'prueba' }),
    );
  }
  expect((await takeTask()).attempt).toBe(3);

  const token = t.links.sign({ workflowId: WORKFLOW_ID, step: 'aprobacion-1', version: 1, email: 'aquispe@cultura.gob.pe', action: 'approve', expiresAt: Date.now() + 60_000 });
  // The deadline is longer than the test's own timeout: only Temporal's refusal can have answered.
  const page = await new Browser(t.url).open(`/enlace/${token}`);
  expect([page.status, /<h1>([^<]*)<\/h1>/.exec(page.html)?.[1]]).toEqual([503, 'Intente de nuevo']);
  expect(page.html).toContain('Su enlace sigue siendo válido');
  expect(t.links.verify(token).ok).toBe(true);
});
