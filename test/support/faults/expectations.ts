/**
 * What every fault test asserts once its fault is over, of the workload it ran: every process
 * completes; each email the outbox recorded arrived, none arrived that it did not record, as many as
 * the processes send, and a second copy only where the outbox took a dead attempt's claim over (with
 * the same Message-ID); every decision email answered and each step decided once in the audit trail;
 * no page a person should not meet.
 */
import type { Client } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { createProcesses } from '../../../processes';
import type { SmtpCapture } from '../../../local/smtpCapture';
import { eventually } from '../eventually';
import type { Answered, Crowd } from './crowd';
import { decisionsNotOnce, mailLedger, type MailLedger } from './ledger';
import { expectedDecisions, expectedEmails, rotationsNotOnNextCycle, unfinished, type Workload } from './workload';

export interface Survivor {
  db: Connection;
  client: Client;
  taskQueue: string;
  mailbox: SmtpCapture;
}

export const workflowIdsOf = (w: Workload) => [...w.rotations.map((r) => r.workflowId), ...w.creations];

export interface DoneOnceOptions {
  timeoutMs?: number;
  /** Decision steps the test answered itself, not the crowd. */
  answeredByTest?: Array<{ workflowId: string; step: string }>;
}

export async function expectEveryProcessDoneOnce(stack: Survivor, w: Workload, crowd: Crowd, opts: DoneOnceOptions = {}): Promise<{ ledger: MailLedger; answered: Answered[] }> {
  const { timeoutMs = 240_000, answeredByTest = [] } = opts;
  await waitEveryProcessDone(stack, w, crowd, timeoutMs);
  const ids = workflowIdsOf(w);

  const ledger = await mailLedger(stack.db, stack.mailbox.list(), ids);
  expect({ lost: ledger.lost, refused: ledger.refused, unrecorded: ledger.unrecorded }).toEqual({ lost: [], refused: [], unrecorded: [] });
  expect([ledger.sent, ledger.arrived]).toEqual([expectedEmails(w), expectedEmails(w)]);
  expect(ledger.resent.filter((r) => !r.takenOver)).toEqual([]);

  await crowd.idle();
  const answered = crowd.answered().filter((a) => ids.includes(a.workflowId));
  expect(crowd.anomalies()).toEqual([]);
  expect(answered.filter((a) => a.outcome !== 'recorded' && a.outcome !== 'earlier')).toEqual([]);
  expect(answered.length + answeredByTest.length).toBe(expectedDecisions(w));
  expect(await decisionsNotOnce(stack.db, [...answered, ...answeredByTest])).toEqual({});

  // Every rotation recorded its first cycle and waits for the next; every creation ended with its accounts active.
  expect(await rotationsNotOnNextCycle(createProcesses(stack.client, { taskQueue: stack.taskQueue }), w, 60_000, (id) => runsOf(stack, id))).toEqual([]);
  for (const id of w.creations) expect((await stack.client.workflow.getHandle(id).result()).stage).toBe('activa');
  return { ledger, answered };
}

/** Waits until every process of the workload completed; a failure says what each unfinished one waits on. */
export async function waitEveryProcessDone(stack: Survivor, w: Workload, crowd: Crowd, timeoutMs: number): Promise<void> {
  try {
    await eventually(() => unfinished(stack.db, stack.client, w), (ids) => ids.length === 0, 'every process to complete', timeoutMs, { intervalMs: 2_000 });
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${await whyUnfinished(stack, w, crowd)}`);
  }
}

type HistoryEvent = NonNullable<Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>['events']>[number];
/** An event by its kind, e.g. `activityTaskScheduled`. */
const eventName = (e: HistoryEvent) => Object.keys(e).find((k) => k.endsWith('EventAttributes'))?.replace('EventAttributes', '') ?? String(e.eventType);

/** For a failure: every run of a process and the events of the current one, compactly. */
async function runsOf(stack: Survivor, workflowId: string): Promise<string> {
  const runs: string[] = [];
  for await (const e of stack.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(`${e.runId.slice(0, 8)} ${e.status.name}`);
  const events = (await stack.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  return `runs [${runs.join(', ')}]; current run: ${events.map((e) => `${e.eventId}:${eventName(e)}`).join(' ')}`;
}

/** For a failure: what each unfinished process waits on (its pending activities, their last failure) and the crowd's pages for it. */
async function whyUnfinished(stack: Survivor, w: Workload, crowd: Crowd): Promise<string> {
  const lines: string[] = [];
  for (const id of (await unfinished(stack.db, stack.client, w)).slice(0, 10)) {
    const { raw } = await stack.client.workflow.getHandle(id).describe();
    const pending = (raw.pendingActivities ?? []).map((a) => `${a.activityType?.name} attempt ${a.attempt}: ${a.lastFailure?.message ?? 'no failure'}`);
    const pages = crowd.answered().filter((a) => a.workflowId === id).map((a) => `${a.step}: ${a.pages.join(', ')}`);
    const events = (await stack.client.workflow.getHandle(id).fetchHistory()).events ?? [];
    const last = events.slice(-12).map((e) => {
      const failed = e.workflowTaskFailedEventAttributes ?? e.activityTaskFailedEventAttributes;
      return `${e.eventId} ${eventName(e)}${failed?.failure?.message ? ` (${failed.failure.message.slice(0, 200)})` : ''}`;
    });
    const stuck = raw.pendingWorkflowTask ? `; workflow task ${raw.pendingWorkflowTask.state} attempt ${raw.pendingWorkflowTask.attempt}` : '';
    lines.push(`${id}: status ${raw.workflowExecutionInfo?.status}${stuck}; pending [${pending.join('; ')}]; answers [${pages.join('; ')}]\n  last events: ${last.join(' | ')}`);
  }
  return lines.join('\n');
}
