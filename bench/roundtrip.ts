/**
 * The approval round trip as a person feels it (issue 18 §2). Not a test: `npm run bench:roundtrip`.
 *
 * On the real local stack (Temporal dev server with its state in a file, FerretDB, the SMTP capture,
 * the API, and the production worker in a process of its own), BENCH_DECISIONS custodians each get a
 * rotation request. One after another, each opens the emailed link (not timed) and presses «Ya las
 * cambié»; the clock runs from that POST to
 *   - the page's answer (the workflow accepted the decision: `post`), and
 *   - the arrival at the SMTP capture of the next email the process sends, the notice to those
 *     concerned (`roundTrip`: decision recorded, registry written, notice rendered and delivered).
 * BENCH_WARMUP decisions first are not counted. Results: bench/results/roundtrip-<date>-n<N>.{json,md}.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../local/tools';
import { tsToMs } from '@temporalio/common/lib/time';
import { createProcesses } from '../processes';
import { Browser, linkIn } from '../test/support/browser';
import { registerAccounts, startRotationsDue } from '../test/support/faults/workload';
import { startTestStack, WORKER_MAIN } from '../test/support/stack';

const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 200);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 10);
const RESULTS_DIR = process.env.BENCH_RESULTS_DIR ?? join(REPO_ROOT, 'bench', 'results');

const say = (m: string) => console.log(`[bench:roundtrip] ${new Date().toISOString()} ${m}`);
/** The Message-ID the outbox gives the email of `key` (activities/email/outbox.ts). */
const messageIdOf = (key: string) => `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@custodio>`;
/** Nearest-rank percentile of an ascending list. */
const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);
const figures = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return { p50Ms: percentile(s, 50), p90Ms: percentile(s, 90), p99Ms: percentile(s, 99), maxMs: s.at(-1) ?? NaN, minMs: s[0] ?? NaN };
};

async function main(): Promise<number> {
  const total = DECISIONS + WARMUP;
  const arrivals = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  say(`starting the stack; ${total} rotations (${WARMUP} to warm up)`);
  const stack = await startTestStack(
    {},
    {
      temporalFile: true,
      stack: {
        workerProcess: WORKER_MAIN,
        mailCapture: {
          onArrival: (m) => {
            if (!m.messageId) return;
            arrivals.set(m.messageId, m.receivedAt);
            waiters.get(m.messageId)?.();
          },
        },
      },
    },
  );
  const arrived = (id: string, timeoutMs: number) =>
    arrivals.has(id)
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no email ${id} within ${timeoutMs} ms`)), timeoutMs);
          waiters.set(id, () => (clearTimeout(timer), waiters.delete(id), resolve()));
        });
  try {
    // One account per custodian: a custodian's accounts due together come in one digest (issue 18 §1), whose
    // Message-ID is the digest's; alone, the request is the email it always was, found by its own.
    const accounts = await registerAccounts(stack.db, total, 'rt', 1);
    await startRotationsDue(createProcesses(stack.client, { taskQueue: stack.taskQueue }), accounts, Date.now() + 5_000, 0);
    const requests = accounts.map((a) => messageIdOf(`${a.workflowId}/rotacion-1/v1/request/${a.custodian}`));
    for (const id of requests) await arrived(id, 600_000);
    say(`every request arrived; deciding one after another`);
    const loadAtStart = loadavg();
    const rows: Array<{ accountId: string; workflowId: string; runId: string; t0: number; postMs: number; roundTripMs: number; status: number }> = [];
    for (const [i, a] of accounts.entries()) {
      const mail = stack.mailbox.list().find((m) => m.messageId === requests[i]);
      if (!mail) throw new Error(`request of ${a.accountId} not in the capture`);
      const url = linkIn(mail, 'Ya las cambié');
      // Each custodian from an address of their own, as people are: the API limits requests per address.
      const browser = new Browser(stack.apiUrl, { 'x-forwarded-for': `10.9.${(i >> 8) & 255}.${i & 255}` });
      await browser.open(url);
      const notice = messageIdOf(`${a.workflowId}/rotacion-1/aviso`);
      // The run that takes the decision (it continues as new after), read back below for where the time went.
      const { runId } = await stack.client.workflow.getHandle(a.workflowId).describe();
      const t0 = Date.now();
      const res = await browser.submit(url);
      const t1 = Date.now();
      const page = await res.text();
      if (res.status !== 200) throw new Error(`decision ${i} (${a.accountId}) answered ${res.status}: ${page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 300)}`);
      await arrived(notice, 60_000);
      if (i >= WARMUP) rows.push({ accountId: a.accountId, workflowId: a.workflowId, runId, t0, postMs: t1 - t0, roundTripMs: arrivals.get(notice)! - t0, status: res.status });
    }
    const phases = await whereTheTimeWent(stack.client, rows, (r) => arrivals.get(messageIdOf(`${r.workflowId}/rotacion-1/aviso`))!);
    const result = {
      benchmark: 'approval round trip (issue 18 §2)',
      at: new Date().toISOString(),
      decisions: rows.length,
      warmup: WARMUP,
      statuses: [...new Set(rows.map((r) => r.status))],
      post: figures(rows.map((r) => r.postMs)),
      roundTrip: figures(rows.map((r) => r.roundTripMs)),
      phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, figures(v)])),
      targets: { roundTripP50Ms: 100, roundTripP99Ms: 500 },
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), loadAtStart, loadAtEnd: loadavg() },
      setup: 'startTestStack: Temporal dev server (SQLite file), FerretDB, SMTP capture, API in the bench process, worker/main.ts in its own process',
      rows,
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    const base = join(RESULTS_DIR, `roundtrip-${result.at.replace(/[:.]/g, '-').slice(0, 19)}-n${rows.length}`);
    writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
    const ms = (f: ReturnType<typeof figures>) => `p50 ${f.p50Ms} ms, p90 ${f.p90Ms} ms, p99 ${f.p99Ms} ms, max ${f.maxMs} ms`;
    const md = [
      `# Approval round trip, ${result.at}`,
      '',
      `${rows.length} rotation confirmations by emailed link, one after another (${WARMUP} more to warm up, not counted); ${result.setup}.`,
      `${result.machine.cpus} CPUs (${result.machine.cpuModel}), load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}, at end ${result.machine.loadAtEnd.map((l) => l.toFixed(2)).join(' ')}.`,
      '',
      `- POST «Ya las cambié» → the page's answer (decision accepted): ${ms(result.post)}.`,
      `- POST → the next email (the notice) at the SMTP capture: ${ms(result.roundTrip)}. Target: p50 < 100 ms, p99 < 500 ms.`,
      `- Page statuses: ${result.statuses.join(', ')}.`,
      '',
      'Where the round trip goes, from the history of the run that took each decision (Temporal\'s event times; the bench\'s clock for the POST and the arrival; p50 / p90 / p99):',
      '',
      ...Object.entries(result.phases).map(([k, f]) => `- ${PHASE_NAMES[k as keyof typeof PHASE_NAMES]}: ${f.p50Ms} / ${f.p90Ms} / ${f.p99Ms} ms`),
      '',
    ].join('\n');
    writeFileSync(`${base}.md`, md);
    console.log(md);
    return result.statuses.every((s) => s === 200) ? 0 : 1;
  } finally {
    await stack.stop();
  }
}

const PHASE_NAMES = {
  postToSignal: 'POST → the decision\'s signal in the history',
  signalToTaskDone: 'signal → the workflow task that took it completed',
  signalToTaskStarted: '  of which: signal → that task started (the server dispatching it to the worker)',
  taskStartedToDone: '  of which: that task started → completed (the worker: the decision, local activities, the answer)',
  taskDoneToNoticeStarted: 'that task → the notice\'s activity started',
  noticeActivity: 'the notice\'s activity (render, outbox, SMTP)',
  noticeDoneToArrival: 'activity completed → arrival at the capture (negative: it arrived before Temporal heard the activity end)',
};

/** Per decision, the intervals between the POST, the history's events and the email's arrival. */
async function whereTheTimeWent(
  client: Awaited<ReturnType<typeof startTestStack>>['client'],
  rows: Array<{ workflowId: string; runId: string; t0: number }>,
  arrivalOf: (r: { workflowId: string }) => number,
): Promise<Record<keyof typeof PHASE_NAMES, number[]>> {
  const out: Record<keyof typeof PHASE_NAMES, number[]> = {
    postToSignal: [], signalToTaskDone: [], signalToTaskStarted: [], taskStartedToDone: [], taskDoneToNoticeStarted: [], noticeActivity: [], noticeDoneToArrival: [],
  };
  for (const r of rows) {
    const events = (await client.workflow.getHandle(r.workflowId, r.runId).fetchHistory()).events ?? [];
    const at = (e: (typeof events)[number] | undefined) => (e?.eventTime ? tsToMs(e.eventTime) : NaN);
    const signalIndex = events.findIndex((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'decideRequest');
    const signal = events[signalIndex];
    const taskDone = events.slice(signalIndex).find((e) => e.workflowTaskCompletedEventAttributes);
    const taskStarted = events.find((e) => String(e.eventId) === String(taskDone?.workflowTaskCompletedEventAttributes?.startedEventId));
    const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendNotice' && Number(e.eventId) > Number(signal?.eventId ?? 0));
    const started = events.find((e) => Number(e.activityTaskStartedEventAttributes?.scheduledEventId ?? -1) === Number(scheduled?.eventId));
    const completed = events.find((e) => Number(e.activityTaskCompletedEventAttributes?.scheduledEventId ?? -1) === Number(scheduled?.eventId));
    out.postToSignal.push(at(signal) - r.t0);
    out.signalToTaskDone.push(at(taskDone) - at(signal));
    out.signalToTaskStarted.push(at(taskStarted) - at(signal));
    out.taskStartedToDone.push(at(taskDone) - at(taskStarted));
    out.taskDoneToNoticeStarted.push(at(started) - at(taskDone));
    out.noticeActivity.push(at(completed) - at(started));
    out.noticeDoneToArrival.push(arrivalOf(r) - at(completed));
  }
  return out;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
