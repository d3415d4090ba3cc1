/**
 * Time-skipping servers whose clock a test left locked for good. The Java test server counts a lock for
 * each workflow task and activity in flight and releases it when the task reports back. Two things keep
 * a task from ever reporting back, and then the server skips no time again and the next `env.sleep`
 * hangs:
 * - A process terminated meanwhile. `terminateWhenIdle` waits for a quiet moment, but a timer or a
 *   signal from another process can still schedule a task just before the termination lands; it then
 *   notes the server here.
 * - The server refusing the task's completion. It does when the task cancels a timer that fired while
 *   the task ran (temporalio/sdk-java#2606, open in 1.38.0, the newest release), as when a digest's
 *   quiet timer fires just as a step joins. The real server accepts that. The worker logs the refusal,
 *   which the test runtime (quietRuntime.ts) passes here.
 * timeSkippingFile.ts gives the file's next test a fresh server, and a sleep pending on a refusal ends
 * at once with the reason, so that the test's retry starts without waiting out its timeout.
 */
import type { WorkflowClient, WorkflowHandle } from '@temporalio/client';

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

const locked = new WeakMap<WorkflowClient, string[]>();

export function noteClockLockedBy(client: WorkflowClient, what: string): void {
  locked.set(client, [...(locked.get(client) ?? []), what]);
}

/** What left the clock of `client`'s server, started at `sinceMs`, locked, if anything did. */
export function clockLockedBy(client: WorkflowClient, sinceMs: number): string[] {
  return [...(locked.get(client) ?? []), ...refusedSince(sinceMs)];
}

const refusals: Array<{ atMs: number; what: string }> = [];
const refusalListeners = new Set<(what: string) => void>();
const REFUSED = 'invalid history builder state for action';

/** Called with every log line of the SDK's runtime in tests. */
export function noteWorkerLog(message: string, meta?: object): void {
  if (!message.includes(REFUSED) && !JSON.stringify(meta ?? {}).includes(REFUSED)) return;
  const what = `the server refused a workflow task that cancelled a timer as it fired (temporalio/sdk-java#2606): ${message}`;
  refusals.push({ atMs: Date.now(), what });
  for (const listener of refusalListeners) listener(what);
}

/** Refusals logged since `sinceMs` (a server started later has not seen them). */
function refusedSince(sinceMs: number): string[] {
  return refusals.filter((r) => r.atMs >= sinceMs).map((r) => r.what);
}

/** Calls `listener` on each refusal from now on; returns the unsubscribe. */
export function onRefusal(listener: (what: string) => void): () => void {
  refusalListeners.add(listener);
  return () => refusalListeners.delete(listener);
}

/** The workflow tasks and activities a process has in flight, from its history (the Java server's describe never reports a workflow task). */
export async function tasksInFlight(handle: WorkflowHandle): Promise<string[]> {
  return tasksLeftOpen((await handle.fetchHistory()).events ?? []);
}

/** The workflow tasks and activities a history leaves open at its end, each holding one lock. */
function tasksLeftOpen(events: HistoryEvent[]): string[] {
  const open = new Map<string, string>();
  for (const e of events) {
    if (e.workflowTaskScheduledEventAttributes) open.set(String(e.eventId), 'a workflow task');
    if (e.activityTaskScheduledEventAttributes) open.set(String(e.eventId), `activity ${e.activityTaskScheduledEventAttributes.activityType?.name}`);
    const closed =
      e.workflowTaskCompletedEventAttributes ?? e.workflowTaskFailedEventAttributes ?? e.workflowTaskTimedOutEventAttributes ??
      e.activityTaskCompletedEventAttributes ?? e.activityTaskFailedEventAttributes ?? e.activityTaskTimedOutEventAttributes ?? e.activityTaskCanceledEventAttributes;
    if (closed?.scheduledEventId != null) open.delete(String(closed.scheduledEventId));
  }
  return [...open.values()];
}
