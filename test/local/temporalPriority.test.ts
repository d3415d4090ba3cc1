/**
 * The Temporal dev server as the project starts it (local/temporal.ts) hands out prioritized work ahead of
 * a backlog. A reminder digest's email relies on it (activities/reminderDigest.ts, `sendPriority`): under a
 * burst the task queue holds the registry reads and joins of thousands of rotations, and at one priority
 * the email waited behind all of them. Server 1.29 honours priority keys only with its new matcher.
 *
 * No worker runs: the test queues tasks and then polls the queue itself, as a worker would.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startTemporalDevServer, type TemporalDevServer } from '../../local/temporal';

jest.setTimeout(120_000);

let dir: string;
let server: TemporalDevServer;
let connection: Connection;
let client: Client;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'custodio-priority-'));
  server = await startTemporalDevServer({ dataDir: dir });
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
});

afterAll(async () => {
  await connection?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The workflow type of the next workflow task the queue hands out. */
async function nextTask(taskQueue: string): Promise<string> {
  const task = await connection.withDeadline(Date.now() + 10_000, () =>
    connection.workflowService.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity: 'custodio-prueba' }),
  );
  // An empty answer (no task within the poll) fails here rather than passes. The task goes back failed,
  // and its retry is queued at its own priority.
  await connection.workflowService.respondWorkflowTaskFailed({ namespace: 'default', taskToken: task.taskToken, identity: 'custodio-prueba' });
  return task.workflowType!.name!;
}

it('a task at priority 1 is handed out before a backlog of 200 at the default priority, queued ahead of it', async () => {
  const taskQueue = `prioridad-${randomUUID()}`;
  const start = (type: string, priorityKey?: number) =>
    client.workflow.start(type, { taskQueue, workflowId: `${type}-${randomUUID()}`, workflowExecutionTimeout: '1 minute', ...(priorityKey ? { priority: { priorityKey } } : {}) });
  for (let i = 0; i < 200; i += 20) await Promise.all(Array.from({ length: 20 }, () => start('rafaga')));
  await start('resumen', 1);
  // The queue has four partitions, and a poll reaches one of them: each poll finds the prioritized task
  // with a chance of one in four (two to four polls when tried), so forty polls miss it about once in
  // 100,000 runs. Without priorities it comes after most of the backlog (41st of 41 when tried with 40).
  const seen: string[] = [];
  while (!seen.includes('resumen') && seen.length < 40) seen.push(await nextTask(taskQueue));
  expect(seen).toContain('resumen');
});
