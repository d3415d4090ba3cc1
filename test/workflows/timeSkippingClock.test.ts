/**
 * What the test support assumes of the Java time-skipping server (test/support/clockLocks.ts): a process
 * terminated with an activity in flight leaves the server's clock locked for good, and its history shows
 * the activity open; one terminated while it waits on a timer leaves the clock free. (Whether a workflow
 * task is in flight only the history tells: this server's describe never reports one.) And how a sleep
 * on a locked clock ends when the worker logs a refused task completion.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { digestItemSignal, type DigestItem, type ReminderDigestInput } from '../../contracts/reminderDigest';
import { reminderDigest } from '../../workflows/reminderDigest';
import { noteWorkerLog, tasksInFlight } from '../support/clockLocks';
import { eventually } from '../support/eventually';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../support/temporal';

const taskQueue = 'time-skipping-clock-test';
let worker: TimeSkippingWorker;
let env: TestWorkflowEnvironment;
/** The digest's email activity, held until the file's end. */
let held = true;
async function sending(): Promise<never[]> {
  while (held) await new Promise((r) => setTimeout(r, 20));
  return [];
}

beforeAll(async () => {
  worker = await startTimeSkippingWorker(taskQueue, { sendReminderDigest: sending });
  env = worker.env;
});
afterAll(async () => {
  held = false;
  await worker.stop();
});

const HOUR = 60 * 60_000;
const input = (): ReminderDigestInput => ({
  to: { name: 'Ana Quispe', email: `cm-${randomUUID().slice(0, 8)}@cultura.gob.pe` },
  at: new Date().toISOString(),
  topic: 'Rotación de credenciales',
  noun: { one: 'cuenta', many: 'cuentas' },
  intro: 'Cambie la contraseña de cada cuenta.',
  quietMs: 100,
  maxGatherMs: HOUR,
});
const item = (): DigestItem => ({ workflowId: `rotacion-${randomUUID()}`, step: 'rotacion-1', version: 1, title: 'Cuenta', intro: '', summary: [], actions: ['changed'], openedAt: new Date().toISOString() });

async function digest(): Promise<WorkflowHandle> {
  return env.client.workflow.signalWithStart(reminderDigest, {
    taskQueue, workflowId: `resumen-${randomUUID()}`, args: [input()], signal: digestItemSignal, signalArgs: [item()],
  });
}

/** Whether an hour of simulated time passes within `realMs` of real time (a sleep left waiting ends with the server). */
async function hourPasses(realMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const slept = env.sleep(HOUR).then(() => true, () => false);
  const waited = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), realMs)));
  try {
    return await Promise.race([slept, waited]);
  } finally {
    clearTimeout(timer);
  }
}

it('a process terminated while it waits on a timer leaves nothing open, and the clock skips', async () => {
  const handle = await env.client.workflow.start(reminderDigest, { taskQueue, workflowId: `resumen-${randomUUID()}`, args: [{ ...input(), quietMs: HOUR, maxGatherMs: 2 * HOUR }] });
  await eventually(() => tasksInFlight(handle), (open) => open.length === 0, 'the digest on its timer', 10_000, { intervalMs: 20 });
  await handle.terminate('test done');
  expect(await tasksInFlight(handle)).toEqual([]);
  expect(await hourPasses(10_000)).toBe(true);
});

it('a process terminated with its activity in flight leaves it open in its history, and the clock locked for good', async () => {
  const handle = await digest();
  await eventually(() => handle.describe(), (d) => d.raw.pendingActivities?.length === 1, 'the email activity in flight', 10_000, { intervalMs: 20 });
  await handle.terminate('test done');
  expect(await tasksInFlight(handle)).toEqual(['activity sendReminderDigest']);
  expect(await hourPasses(3_000)).toBe(false);
});

it('a task completion the server refuses (sdk-java#2606) ends a pending sleep at once, with the reason, and marks the server for replacement', async () => {
  // The previous test left this server's clock locked, as a refused completion does: a sleep hangs.
  const sleeping = env.sleep(HOUR);
  noteWorkerLog('Error while completing workflow activation', { error: 'code: \'Client specified an invalid argument\', message: "invalid history builder state for action"' });
  await expect(sleeping).rejects.toThrow(/cannot end: the server refused a workflow task .*sdk-java#2606/);
  expect(worker.clockLockedBy()).toEqual(expect.arrayContaining([expect.stringContaining('sdk-java#2606')]));
  expect(worker.sleepsPending()).toBe(0);
});
