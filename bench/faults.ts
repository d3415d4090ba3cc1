/**
 * The worker-kill fault scenario at a larger size (issue 14 §2). Not a test: `npm run bench:faults`.
 *
 * Runs the scenario the fault test runs (`test/support/faults/workerKills.ts`: the production worker
 * SIGKILLed three times while rotations come due and account creations go through their decisions, a
 * crowd answering every decision email by link) on the real local stack, waits until every process
 * completed, and writes what it counted: processes, kills, processes under way at each kill, emails
 * expected / recorded / arrived / arrived twice, decisions expected / recorded once / lost / doubled,
 * pages nobody should meet, and the times. Results: bench/results/faults-<date>-n<N>.{json,md}.
 *
 * It runs from the TypeScript sources (`test/support/tsRequire.js`), as the fault test does, because it
 * shares the test's workload, crowd and ledger; it asserts nothing and exits 1 when a figure is wrong.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../local/tools';
import { arrivalTrigger } from '../test/support/faults/atArrival';
import { waitEveryProcessDone, workflowIdsOf } from '../test/support/faults/expectations';
import { decisionsNotOnce, mailLedger } from '../test/support/faults/ledger';
import { runWorkerKills } from '../test/support/faults/workerKills';
import { expectedDecisions, expectedEmails } from '../test/support/faults/workload';
import { startTestStack, WORKER_MAIN } from '../test/support/stack';

const ROTATIONS = Number(process.env.BENCH_ROTATIONS ?? 950);
const CREATIONS = Number(process.env.BENCH_CREATIONS ?? 50);
const MAX_WAIT_S = Number(process.env.BENCH_MAX_WAIT_S ?? 3600);
const RESULTS_DIR = process.env.BENCH_RESULTS_DIR ?? join(REPO_ROOT, 'bench', 'results');

const say = (m: string) => console.log(`[bench:faults] ${new Date().toISOString()} ${m}`);
const s = (ms: number) => Math.round(ms / 100) / 10;

async function main(): Promise<number> {
  const arrival = arrivalTrigger();
  say(`starting the stack; ${ROTATIONS} rotations and ${CREATIONS} account creations`);
  const stack = await startTestStack(
    { requester: 'dtorres@cultura.gob.pe' },
    {
      temporalFile: true,
      // One head answers every creation's approval from one address: at this size the links' limit of
      // 120 requests per 15 minutes per address would refuse them (429), which is not the fault measured.
      stack: { workerProcess: WORKER_MAIN, mailCapture: { onArrival: (m) => arrival.onArrival(m) }, rateLimits: { linksPer15Min: 1_000_000, submissionsPerMinute: 10_000 } },
    },
  );
  try {
    const run = await runWorkerKills(stack, { rotations: ROTATIONS, creations: CREATIONS, requester: stack.as.requester, arrival });
    say(`three kills done (${run.midFlight.join(', ')} processes under way); waiting for every process`);
    let completed = true;
    try {
      await waitEveryProcessDone(stack, run.w, run.crowd, MAX_WAIT_S * 1000);
    } catch (err) {
      completed = false;
      say((err as Error).message);
    }
    const done = Date.now();
    await run.crowd.stop();
    const ids = workflowIdsOf(run.w);
    const ledger = await mailLedger(stack.db, stack.mailbox.list(), ids);
    const answered = run.crowd.answered().filter((a) => ids.includes(a.workflowId));
    const notOnce = await decisionsNotOnce(stack.db, answered);
    const decisionsExpected = expectedDecisions(run.w);
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, memGiB: Math.round(totalmem() / 2 ** 30), load: loadavg().map((l) => Math.round(l * 10) / 10) },
      processes: { rotations: run.w.rotations.length, creations: run.w.creations.length, total: ids.length, completed },
      kills: { count: run.times.kills.length, underWay: run.midFlight, atS: run.times.kills.map((t) => s(t - run.times.start)) },
      emails: {
        expected: expectedEmails(run.w),
        recorded: ledger.sent,
        arrived: ledger.arrived,
        duplicated: ledger.resent.reduce((n, r) => n + r.copies - 1, 0),
        duplicatedWithoutTakeover: ledger.resent.filter((r) => !r.takenOver).length,
        lost: ledger.lost.length,
        refused: ledger.refused.length,
        unrecorded: ledger.unrecorded.length,
        resent: ledger.resent,
      },
      decisions: {
        expected: decisionsExpected,
        answered: answered.length,
        recordedOnce: answered.length - Object.keys(notOnce).length,
        // Never answered, or answered and not in the trail.
        lost: decisionsExpected - answered.length + Object.values(notOnce).filter((n) => n === 0).length,
        doubled: Object.values(notOnce).filter((n) => n > 1).length,
        postedWhileWorkerDown: answered.filter((a) => a.whileWorkerDown).length,
        triedAgainAfter503: answered.filter((a) => a.pages.some((p) => p.startsWith('POST 503') || p.startsWith('GET 503'))).length,
      },
      anomalies: run.crowd.anomalies(),
      times: { totalS: s(done - run.times.start), afterLastRestartS: s(done - run.times.lastRestart) },
    };
    const ok =
      completed &&
      result.emails.recorded === result.emails.expected &&
      result.emails.arrived === result.emails.expected &&
      result.emails.duplicatedWithoutTakeover === 0 &&
      result.emails.lost + result.emails.unrecorded === 0 &&
      result.decisions.lost + result.decisions.doubled === 0 &&
      result.anomalies.length === 0;
    mkdirSync(RESULTS_DIR, { recursive: true });
    const base = join(RESULTS_DIR, `faults-${result.date.slice(0, 19).replace(/:/g, '-')}-n${result.processes.total}`);
    writeFileSync(`${base}.json`, JSON.stringify({ ...result, ok }, null, 2) + '\n');
    writeFileSync(`${base}.md`, summary(result, ok));
    process.stdout.write(summary(result, ok));
    say(`results: ${base}.json and .md`);
    return ok ? 0 : 1;
  } catch (err) {
    // Said before the stack stops: a retry still under way may end the process as the client closes.
    console.error(err);
    throw err;
  } finally {
    await stack.stop();
  }
}

function summary(r: {
  date: string;
  machine: { cpus: number; memGiB: number };
  processes: { rotations: number; creations: number; total: number; completed: boolean };
  kills: { count: number; underWay: number[]; atS: number[] };
  emails: { expected: number; recorded: number; arrived: number; duplicated: number; duplicatedWithoutTakeover: number; lost: number; unrecorded: number };
  decisions: { expected: number; recordedOnce: number; lost: number; doubled: number; postedWhileWorkerDown: number; triedAgainAfter503: number };
  anomalies: string[];
  times: { totalS: number; afterLastRestartS: number };
}, ok: boolean): string {
  return `# Fault bench: worker SIGKILLed ${r.kills.count} times — ${ok ? 'every figure as expected' : 'FIGURES WRONG'}

${r.date}, ${r.machine.cpus} cores, ${r.machine.memGiB} GiB.

| figure | value |
|---|---|
| processes | ${r.processes.total} (${r.processes.rotations} rotations, ${r.processes.creations} account creations); all completed: ${r.processes.completed ? 'yes' : 'no'} |
| kills | ${r.kills.count}, at ${r.kills.atS.join(' s, ')} s; processes under way at each: ${r.kills.underWay.join(', ')} |
| emails expected / recorded / arrived | ${r.emails.expected} / ${r.emails.recorded} / ${r.emails.arrived} |
| emails duplicated (same Message-ID, claim taken over) | ${r.emails.duplicated} (without a takeover: ${r.emails.duplicatedWithoutTakeover}) |
| emails lost / arrived unrecorded | ${r.emails.lost} / ${r.emails.unrecorded} |
| decisions expected / recorded once | ${r.decisions.expected} / ${r.decisions.recordedOnce} |
| decisions lost / doubled | ${r.decisions.lost} / ${r.decisions.doubled} |
| decisions posted while the worker was dead / tried again after a 503 | ${r.decisions.postedWhileWorkerDown} / ${r.decisions.triedAgainAfter503} |
| pages nobody should meet | ${r.anomalies.length} |
| time, total / after the last restart | ${r.times.totalS} s / ${r.times.afterLastRestartS} s |
`;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
