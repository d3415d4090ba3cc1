import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle, WorkflowResultType } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { DecisionAction } from '../../domain/decision';
import { decideSignal, type DecisionStepAnswer, decisionStepQuery, renewLinkSignal } from '../../contracts/decision';
import { ask } from '../../processes/asking';
import { noteClockLockedBy, tasksInFlight } from './clockLocks';
import { eventually } from './eventually';

/** Polls the workflow until the step is open (or already decided); the step appears once the workflow reaches it. */
export async function waitForStep(handle: WorkflowHandle, step: string, timeoutMs = 20_000): Promise<DecisionStepAnswer> {
  const view = await eventually(() => handle.query(decisionStepQuery, step), (v) => Boolean(v), `the opening of step ${step}`, timeoutMs, { intervalMs: 50 });
  return view!;
}

/** Posts a decision the way the link page does, through the step's current link version. */
export async function decide(
  handle: WorkflowHandle,
  step: string,
  action: DecisionAction,
  email: string,
  extra: { reason?: string; payload?: unknown; version?: number } = {},
) {
  const view = await waitForStep(handle, step);
  const actor = { email, ip: '127.0.0.1', userAgent: 'jest' };
  const outcome = await ask(handle.client, handle.workflowId, decideSignal, { step, version: extra.version ?? view.version, action, actor, ...extra }, { runId: view.runId });
  if (!('decision' in outcome)) throw new Error(`a decision was answered with ${JSON.stringify(outcome)}`);
  const { decision } = outcome;
  await auditWritten(handle);
  return decision;
}

/** Asks for fresh links the way the link page does; throws the Spanish refusal. */
export async function renewLink(handle: WorkflowHandle, step: string, email: string): Promise<void> {
  await ask(handle.client, handle.workflowId, renewLinkSignal, { step, email });
}

/**
 * Waits until the process has written the decision's audit row: it goes on only after that activity
 * (scheduled in the same workflow task that accepted the decision), so its status is current then.
 */
async function auditWritten(handle: WorkflowHandle): Promise<void> {
  const recording = (d: Awaited<ReturnType<WorkflowHandle['describe']>>) =>
    (d.raw.pendingActivities ?? []).some((a) => a.activityType?.name === 'recordDecision') || d.raw.pendingWorkflowTask != null;
  await eventually(() => handle.describe(), (d) => d.status.name !== 'RUNNING' || !recording(d), 'the decision\'s audit row', 20_000, { intervalMs: 25 });
}

/** Saves a finished workflow's history for the replay test when UPDATE_HISTORIES=1. */
export async function saveHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.UPDATE_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  const dir = join(__dirname, '..', 'workflows', 'histories');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), historyToJSON(history));
}

/**
 * Terminates an unfinished test workflow once it has no activity or workflow task in flight:
 * terminating mid-task leaves the Java test server's time skipping locked, and the file's next
 * `env.sleep` hangs. Only the history tells: that server's describe never reports a workflow task. A
 * task can still be scheduled between the quiet checks and the termination (a timer, a signal from
 * another process); the history then shows it open, and the server is noted as locked (clockLocks.ts)
 * so that the file's next test gets a fresh one.
 */
export async function terminateWhenIdle(handle: WorkflowHandle, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quietChecks = 0;
  while (quietChecks < 3) {
    quietChecks = (await tasksInFlight(handle)).length ? 0 : quietChecks + 1;
    if (Date.now() > deadline) throw new Error('workflow never went idle');
    await new Promise((r) => setTimeout(r, 50));
  }
  await handle.terminate('test done');
  const left = await tasksInFlight(handle);
  if (left.length) noteClockLockedBy(handle.client, `${handle.workflowId} was terminated with ${left.join(' and ')} in flight`);
}

/**
 * The result of a workflow expected to close by itself now (after a decision or a signal), by polling
 * its status first. `handle.result()` on the time-skipping server unlocks time skipping while it waits,
 * so the other workflows of the file jump ahead, by years if their timers say so; under load that
 * made later tests of the file hang. Use `result()` only where the test means to skip time.
 */
export async function closedResult<W extends Workflow>(handle: WorkflowHandle<W>, timeoutMs = 20_000): Promise<WorkflowResultType<W>> {
  await eventually(() => handle.describe(), (d) => d.status.name !== 'RUNNING', `the close of ${handle.workflowId}`, timeoutMs, { intervalMs: 25 });
  return handle.result();
}
