/**
 * The fault suite leaves out processes stuck by a known core-SDK defect (temporalio/sdk-rust#1146) and
 * nothing else: `stuckByUpstreamNde` must recognise exactly that history, read from what Temporal's
 * client returns, and refuse any other stuck process.
 */
import type { Client } from '@temporalio/client';
import { stuckByUpstreamNde } from '../support/faults/expectations';

type Event = Record<string, unknown>;
const clientWith = (events: Event[]) => ({ workflow: { getHandle: () => ({ fetchHistory: async () => ({ events }) }) } }) as unknown as Client;

const NDE = '[TMPRL1100] Nondeterminism error: Timer machine does not handle this event: HistoryEvent(id: 73, WorkflowExecutionUpdateAccepted)';
const started = { eventId: 1, workflowExecutionStartedEventAttributes: {} };
const timedOut = { eventId: 70, workflowTaskTimedOutEventAttributes: { timeoutType: 1 } };
const failed = (message: string) => ({ eventId: 80, workflowTaskFailedEventAttributes: { failure: { message } } });

it('a workflow task failing on an accepted update after a timed-out task (as the worker-kill test met it) is the upstream defect', async () => {
  expect(await stuckByUpstreamNde({ client: clientWith([started, timedOut, { eventId: 71 }, failed(NDE)]) }, 'w')).toBe(true);
});

it('the same failure without a timed-out task before it, another nondeterminism, or a process that is merely waiting is not', async () => {
  expect(await stuckByUpstreamNde({ client: clientWith([started, failed(NDE)]) }, 'w')).toBe(false);
  expect(await stuckByUpstreamNde({ client: clientWith([started, failed(NDE), timedOut]) }, 'w')).toBe(false);
  const otherNde = '[TMPRL1100] Nondeterminism error: Activity machine does not handle this event: HistoryEvent(id: 5, TimerStarted)';
  expect(await stuckByUpstreamNde({ client: clientWith([started, timedOut, failed(otherNde)]) }, 'w')).toBe(false);
  expect(await stuckByUpstreamNde({ client: clientWith([started, timedOut, { eventId: 71, timerStartedEventAttributes: {} }]) }, 'w')).toBe(false);
});
