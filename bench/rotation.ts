/**
 * Benchmark of the credential rotation process (issue 4 §6). Not a test: `npm run bench:rotation`.
 *
 * Starts the real local stack (Temporal dev server with its state in a SQLite file, as `npm start`
 * runs it; FerretDB; the SMTP capture; the worker and the API in this process) in a temporary folder,
 * registers BENCH_ACCOUNTS active accounts with their entities and rosters, opens one rotation process
 * per account with the same explicit `dueAt`, so that all of them come due at once, and records:
 * processes started per second, memory and CPU of the worker process and of the servers, the lateness
 * of each reminder (from `dueAt` to its arrival at the SMTP capture) and whether every account got
 * exactly one reminder. Results go to bench/results/rotation-<date>-n<N>.{json,md}. See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { ArrivedMail } from '../local/smtpCapture';
import { startLocalStack, type LocalStack } from '../local/stack';
import { REPO_ROOT } from '../local/tools';
import { createLinkSigner } from '../infra/links';
import { createLogger } from '../infra/logger';
import { createMailer } from '../infra/mailer';
import { registerBenchAccounts } from './registry';
import { createWorker, DEFAULT_MAX_CACHED_WORKFLOWS, DEFAULT_MAX_CONCURRENT_ACTIVITIES, type WorkerTuning } from '../worker/createWorker';
import { sampleProcesses, type ProcFigures } from './procStats';
import { rotationWorkflowId } from '../contracts/credentialRotation';
import { createProcesses } from '../processes';
import { OUTBOX_LEASE_MS } from '../infra/models/outbox';
import { benchCleanUp } from './cleanUp';
import { startRotationsInBatches } from './startRotations';
import { intEnv } from './env';
import { backlog, storageMiB, toolVersion } from './stackFigures';

// ---------------------------------------------------------------------------------------------
// Settings (environment)


const N = intEnv('BENCH_ACCOUNTS', 10_000);
const PER_ENTITY = Math.max(1, intEnv('BENCH_ACCOUNTS_PER_ENTITY', 25));
/** Parallel callers of `Processes.startRotations`, each handing it `START_BATCH` accounts at a time. */
const START_CONCURRENCY = Math.max(1, intEnv('BENCH_START_CONCURRENCY', 4));
const START_BATCH = 25;
/**
 * `1`: the production worker entry (`dist/worker/main.js`) runs in an OS process of its own, as
 * bench:faults runs it, instead of in the bench process (issue 18 §3).
 */
const WORKER_PROCESS = process.env.BENCH_WORKER_PROCESS === '1';
/** The production worker's own setting (infra/config.ts), which its process inherits from the bench's environment. */
const WORKER_CACHE = process.env.WORKER_MAX_CACHED_WORKFLOWS;
/**
 * With BENCH_WORKER_PROCESS=1: SIGKILL the worker once, when this share of the reminders has arrived,
 * and start it again BENCH_DEAD_MS later (issue 18 §3). 0: no kill. A kill cuts deliveries whose
 * outbox claim then waits out its lease (`OUTBOX_LEASE_MS`, 10 minutes), hence the longer stall default.
 */
const KILL_AT_PERCENT = intEnv('BENCH_KILL_AT_PERCENT', 0);
const DEAD_MS = intEnv('BENCH_DEAD_MS', 2000);
/**
 * Assumed rate at which processes get started *and* reach their timer (first workflow task, registry
 * read, timer), only to pick `dueAt` far enough ahead that every process waits on its timer before it
 * fires: 10,000 reached it at about 3.8/s on a busy two-core machine (FerretDB's roster reads are the
 * bottleneck), so 2.5/s leaves room. BENCH_DUE_IN_S overrides it.
 */
const ASSUMED_READY_PER_S = 2.5;
const DUE_IN_S = intEnv('BENCH_DUE_IN_S', Math.ceil(N / ASSUMED_READY_PER_S) + 60);
/** Give up waiting for reminders after this long with no new one and no change in the task queue's backlog. */
const STALL_S = intEnv('BENCH_STALL_S', KILL_AT_PERCENT > 0 ? Math.ceil(OUTBOX_LEASE_MS / 1000) + 180 : 180);
/**
 * Stop waiting this long after the due instant even if reminders are still arriving, and write partial
 * results (accounts still waiting count as later than this). `kill -USR2 <pid>` does the same at once.
 */
const MAX_WAIT_S = intEnv('BENCH_MAX_WAIT_S', 7200);
/** After the last expected reminder, keep listening this long for duplicates. */
const QUIET_S = intEnv('BENCH_QUIET_S', 20);
const KEEP_DATA = process.env.BENCH_KEEP_DATA === '1';
const RESULTS_DIR = process.env.BENCH_RESULTS_DIR ?? join(REPO_ROOT, 'bench', 'results');
/**
 * Set by bench/run-built.sh: the temporary folder and the servers' pids are written here while they
 * run, and the file is emptied once they are stopped, so the wrapper can stop them if this process dies
 * without cleaning up (killed, out of memory).
 */
const STATE_FILE = process.env.BENCH_STATE_FILE;
/**
 * Worker options to try instead of those the project runs with (unset: the stack's own
 * worker is measured). When any is set, the stack's worker is replaced by one built the same way
 * (`worker/createWorker.ts`: same activities, workflows and task queue) with these options.
 */
const WORKER_TUNING: WorkerTuning = {
  ...(process.env.BENCH_MAX_CACHED_WORKFLOWS ? { maxCachedWorkflows: intEnv('BENCH_MAX_CACHED_WORKFLOWS', 0) } : {}),
  ...(process.env.BENCH_MAX_CONCURRENT_WFT ? { maxConcurrentWorkflowTaskExecutions: intEnv('BENCH_MAX_CONCURRENT_WFT', 0) } : {}),
  ...(process.env.BENCH_MAX_CONCURRENT_ACTIVITIES ? { maxConcurrentActivityTaskExecutions: intEnv('BENCH_MAX_CONCURRENT_ACTIVITIES', 0) } : {}),
};
const SAMPLE_MS = 1000;
const TIMELINE_EVERY_S = 5;
/** Rotation histories read after the burst to count the work per reminder. */
const HISTORY_SAMPLE = 50;

const SERVERS: Record<string, string> = { temporal: 'temporal', ferretdb: 'ferretdb', ...(WORKER_PROCESS ? { worker: 'node' } : {}) };
if (KILL_AT_PERCENT > 0 && !WORKER_PROCESS) throw new Error('BENCH_KILL_AT_PERCENT needs BENCH_WORKER_PROCESS=1 (the worker in a process of its own)');
if (KILL_AT_PERCENT >= 100) throw new Error('BENCH_KILL_AT_PERCENT must be below 100');
if (WORKER_PROCESS && Object.keys(WORKER_TUNING).length) throw new Error('BENCH_MAX_* tune the worker in the bench process: not with BENCH_WORKER_PROCESS=1');

/** CPU time and peak RSS of worker processes already killed, added to the running one's. */
let deadWorker = { cpuS: 0, hwmMiB: 0 };
/** sampleProcesses, with the worker's figures over every worker process the run had. */
function sample(): Record<string, ProcFigures> {
  const p = sampleProcesses(SERVERS);
  if (p.worker) p.worker = { ...p.worker, cpuS: Math.round((p.worker.cpuS + deadWorker.cpuS) * 100) / 100, hwmMiB: Math.max(p.worker.hwmMiB, deadWorker.hwmMiB) };
  return p;
}

// ---------------------------------------------------------------------------------------------
// Helpers

const say = (msg: string) => process.stderr.write(`[bench] ${new Date().toISOString().slice(11, 19)} ${msg}\n`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
/** Milliseconds as seconds with three decimals; `null` when there is nothing to measure. */
const s3 = (ms: number) => (Number.isFinite(ms) ? Math.round(ms) / 1000 : null);

/** Nearest-rank percentile of an ascending list. */
const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);

/**
 * The rotations whose first request a message carries: since one email per custodian per due instant
 * (issue 18 §1) a digest holds several, each as signed links (`/enlace/<claims>.<mac>`, infra/links.ts)
 * naming its workflow, step and version. Read from the raw MIME: quoted-printable soft breaks removed.
 */
function requestedRotations(raw: string): Set<string> {
  const body = raw.replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
  const found = new Set<string>();
  for (const m of body.matchAll(/\/enlace\/([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]+/g)) {
    try {
      const [workflowId, step, version] = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')) as [string, string, number];
      if (step === 'rotacion-1' && version === 1) found.add(workflowId);
    } catch {
      // Not a link of ours.
    }
  }
  return found;
}

/** What a workflow's history holds: workflow tasks, activities, local activities (markers), timers, signals, events. */
interface HistoryCounts {
  workflows: number;
  workflowTasks: number;
  activities: number;
  localActivities: number;
  timers: number;
  signals: number;
  events: number;
}

/**
 * Counts, over the current runs of `ids`, the work each did so far (issue 18 §1: "workflow tasks and
 * activities per reminder"). A rotation's open run holds its whole cycle up to the reminder: start,
 * registry read, timer, the digest's round trip, and the reminder plan's next timer.
 */
async function historyCounts(client: LocalStack['client'], ids: string[]): Promise<HistoryCounts> {
  const c: HistoryCounts = { workflows: 0, workflowTasks: 0, activities: 0, localActivities: 0, timers: 0, signals: 0, events: 0 };
  for (const id of ids) {
    const history = await client.workflow.getHandle(id).fetchHistory();
    c.workflows++;
    for (const e of history.events ?? []) {
      c.events++;
      if (e.workflowTaskCompletedEventAttributes) c.workflowTasks++;
      else if (e.activityTaskScheduledEventAttributes) c.activities++;
      else if (e.markerRecordedEventAttributes) c.localActivities++;
      else if (e.timerStartedEventAttributes) c.timers++;
      else if (e.workflowExecutionSignaledEventAttributes) c.signals++;
    }
  }
  return c;
}

const perWorkflow = (c: HistoryCounts, per: number) =>
  Object.fromEntries(Object.entries(c).filter(([k]) => k !== 'workflows').map(([k, v]) => [k, Math.round((v / (per || 1)) * 100) / 100]));

// ---------------------------------------------------------------------------------------------

interface Sample {
  t: number;
  procs: Record<string, ProcFigures>;
}

async function main() {
  if (process.platform !== 'linux') throw new Error('the benchmark reads /proc: run it on Linux');
  const dataDir = mkdtempSync(join(tmpdir(), 'custodio-bench-'));
  const date = new Date();
  const loadStart = loadavg();
  say(`N=${N} accounts (${PER_ENTITY} per entity), start concurrency ${START_CONCURRENCY}, data in ${dataDir}`);

  // The SDK's logs at WARN, as the local run has them, with the native side's forwarded here so that
  // the usual overload warnings are counted (and shown only a few times) instead of flooding the output.
  const sdkWarnings = { slowWorkflowTasks: 0, workflowTasksTimedOut: 0, other: 0, otherSample: [] as string[] };
  Runtime.install({
    logger: new DefaultLogger('WARN', (entry) => {
      const kind = entry.message.includes('Workflow task duration exceeded')
        ? 'slowWorkflowTasks'
        : entry.message.includes('Workflow task not found') || entry.message.includes('Task not found')
          ? 'workflowTasksTimedOut'
          : 'other';
      const seen = ++sdkWarnings[kind];
      const detail = entry.meta ? ` ${JSON.stringify(entry.meta, (_k, v: unknown) => (v instanceof Error ? `${v.name}: ${v.message}` : v))}`.slice(0, 600) : '';
      if (kind === 'other' && sdkWarnings.otherSample.length < 10) sdkWarnings.otherSample.push(`${entry.level} ${entry.message}${detail}`.slice(0, 800));
      if (seen <= 3) say(`SDK ${entry.level}: ${entry.message.slice(0, 200)}${kind === 'other' ? detail : ''}${seen === 3 ? ' (further ones only counted)' : ''}`);
    }),
    telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } },
  });

  // Arrivals at the SMTP capture, counted without keeping messages.
  // Per rotation, when each message carrying its request arrived; per Message-ID, how often it came.
  const arrivals = new Map<string, number[]>();
  const copies = new Map<string, number>();
  const perRecipient = new Map<string, number>();
  let arrivalCount = 0;
  let withoutRequest = 0;
  let lastArrivalAt = 0;
  const onArrival = (m: ArrivedMail) => {
    arrivalCount++;
    lastArrivalAt = m.receivedAt;
    const id = m.messageId ?? '(none)';
    copies.set(id, (copies.get(id) ?? 0) + 1);
    const rotations = requestedRotations(m.raw ?? '');
    if (!rotations.size) withoutRequest++;
    for (const wf of rotations) {
      const list = arrivals.get(wf);
      if (list) list.push(m.receivedAt);
      else arrivals.set(wf, [m.receivedAt]);
    }
    for (const r of m.recipients) perRecipient.set(r, (perRecipient.get(r) ?? 0) + 1);
  };

  let stack: LocalStack | undefined;
  let tunedWorker: { stop(): Promise<void> } | undefined;
  let sampler: NodeJS.Timeout | undefined;
  const cleanUp = benchCleanUp({
    dataDir, keepData: KEEP_DATA, stateFile: STATE_FILE, say, stack: () => stack,
    first: async () => {
      clearInterval(sampler);
      await tunedWorker?.stop();
    },
  });

  const samples: Sample[] = [];
  const t0 = Date.now();

  try {
    const linkSecret = randomBytes(32).toString('hex');
    stack = await startLocalStack({
      dataDir,
      log: createLogger('warn'),
      linkSecret,
      temporalDbFile: join(dataDir, 'temporal.db'),
      mailCapture: { keep: 'raw', onArrival },
      ...(WORKER_PROCESS ? { workerProcess: { command: process.execPath, args: ['--enable-source-maps', join(REPO_ROOT, 'dist', 'worker', 'main.js')] } } : {}),
    });
    if (Object.keys(WORKER_TUNING).length) tunedWorker = await replaceWorker(stack, linkSecret);
    const stackStartedAt = Date.now();
    say(`stack up in ${s3(stackStartedAt - t0)} s (Temporal ${stack.temporal.address})`);
    sampler = setInterval(() => samples.push({ t: Date.now(), procs: sample() }), SAMPLE_MS);
    const atStackStart = sample();
    if (STATE_FILE) writeFileSync(STATE_FILE, [dataDir, ...Object.keys(SERVERS).flatMap((k) => atStackStart[k]!.pids)].join('\n') + '\n');

    // Registry
    const registered = await registerBenchAccounts(stack.db, N, PER_ENTITY);
    const registeredAt = Date.now();
    say(`registered ${registered.length} accounts in ${s3(registeredAt - stackStartedAt)} s`);
    const expected = new Map(registered.map((a) => [rotationWorkflowId(a.accountId), a]));
    const custodians = new Set(registered.map((a) => a.custodian));

    // Start every process with the same due instant.
    const dueAtMs = Math.ceil((Date.now() + DUE_IN_S * 1000) / 1000) * 1000;
    const dueAt = new Date(dueAtMs).toISOString();
    const lastConfirmedAt = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const processes = createProcesses(stack.client, { taskQueue: stack.taskQueue });
    const startArgs = registered.map((a) => ({ accountId: a.accountId, lastConfirmedAt, dueAt }));
    say(`starting ${N} rotation processes, all due at ${dueAt} (in ${DUE_IN_S} s)`);
    let started = 0;
    const startsBegunAt = Date.now();
    const progress = setInterval(() => say(`started ${started}/${N}`), 10_000);
    await startRotationsInBatches(processes, startArgs, { concurrency: START_CONCURRENCY, batch: START_BATCH, onStarted: (n) => (started += n) });
    clearInterval(progress);
    const startsDoneAt = Date.now();
    const startSeconds = (startsDoneAt - startsBegunAt) / 1000;
    say(`started ${N} in ${startSeconds.toFixed(1)} s (${(N / startSeconds).toFixed(1)}/s); ${s3(dueAtMs - startsDoneAt)} s before due`);
    const atStartsDone = sample();

    // Until due: watch the task queue drain (the first workflow task and the registry read of each process).
    // Drained: the backlog read zero twice in a row (it counts tasks not yet handed to the worker).
    let drainedAt: number | undefined;
    let zeroSince: number | undefined;
    let zeroReads = 0;
    const backlogs: Array<{ t: number; workflow: number; activity: number }> = [];
    while (Date.now() < dueAtMs - 1500) {
      const b = await backlog(stack);
      if (b) backlogs.push({ t: Date.now(), ...b });
      if (b && b.workflow === 0 && b.activity === 0) {
        zeroSince ??= Date.now();
        if (++zeroReads >= 2) drainedAt ??= zeroSince;
      } else if (b) {
        zeroSince = undefined;
        zeroReads = 0;
        drainedAt = undefined;
      }
      if (b && backlogs.length % 15 === 0) say(`task queue backlog: ${b.workflow} workflow, ${b.activity} activity tasks`);
      await sleep(Math.min(2000, dueAtMs - 1500 - Date.now()));
    }
    if (drainedAt !== undefined) say(`task queue drained ${s3(drainedAt - startsDoneAt)} s after the last start`);
    const atDue = sample();
    const backlogAtDue = await backlog(stack);
    await sleep(dueAtMs - Date.now());
    const earlyArrivals = arrivalCount;
    say(`due now; backlog at due ${JSON.stringify(backlogAtDue)}; waiting for ${N} reminders`);

    // Wait for the reminders: all of them, or until for STALL_S none arrived and the backlog did not move.
    let lastReport = 0;
    let lastBacklog = '';
    let lastProgressAt = dueAtMs;
    const matched = () => {
      let n = 0;
      for (const id of expected.keys()) if (arrivals.has(id)) n++;
      return n;
    };
    let got = 0;
    let stopReason: string | undefined;
    let finishNow = false;
    const killAt = Math.ceil((N * KILL_AT_PERCENT) / 100);
    let kill: { atS: number | null; arrivedBefore: number; restartedAfterS: number | null } | undefined;
    process.on('SIGUSR2', () => void (finishNow = true));
    for (;;) {
      await sleep(1000);
      got = matched();
      if (!kill && KILL_AT_PERCENT > 0 && got >= killAt) {
        const last = sample();
        deadWorker = { cpuS: last.worker!.cpuS, hwmMiB: last.worker!.hwmMiB };
        const killedAt = Date.now();
        await stack.killWorker();
        say(`worker SIGKILLed with ${got}/${N} reminders arrived`);
        await sleep(DEAD_MS);
        await stack.startWorker();
        kill = { atS: s3(killedAt - dueAtMs), arrivedBefore: got, restartedAfterS: s3(Date.now() - killedAt) };
        say(`worker started again ${kill.restartedAfterS} s after the kill`);
        lastProgressAt = Date.now();
      }
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        say(`reminders ${got}/${N} (${arrivalCount} messages captured)`);
      }
      if (got >= N) break;
      if (finishNow || Date.now() - dueAtMs > MAX_WAIT_S * 1000) {
        stopReason = finishNow ? 'SIGUSR2' : `BENCH_MAX_WAIT_S (${MAX_WAIT_S} s)`;
        say(`${stopReason}: stopping the wait with ${got}/${N}; the results will be partial`);
        break;
      }
      if (Date.now() - lastArrivalAt > 5000 && Date.now() - lastProgressAt > 5000) {
        const b = JSON.stringify((await backlog(stack)) ?? null);
        if (b !== lastBacklog) lastProgressAt = Date.now();
        lastBacklog = b;
      }
      if (Date.now() - Math.max(lastArrivalAt, lastProgressAt) > STALL_S * 1000) {
        stopReason = `stalled for BENCH_STALL_S (${STALL_S} s)`;
        say(`no reminder and no change in the task queue for ${STALL_S} s: giving up with ${got}/${N}`);
        break;
      }
    }
    const allInAt = Date.now();
    const atAllIn = sample();
    if (!finishNow) {
      say(`listening ${QUIET_S} s more for duplicates`);
      await sleep(QUIET_S * 1000);
    }
    clearInterval(sampler);
    const listenedUntil = Date.now();
    const atEnd = sample();

    // The work per reminder, read from histories: a sample of rotations, and every digest of the burst.
    const sampled = registered.filter((_, i) => i % Math.max(1, Math.floor(N / HISTORY_SAMPLE)) === 0).slice(0, HISTORY_SAMPLE);
    const rotationWork = await historyCounts(stack.client, sampled.map((a) => rotationWorkflowId(a.accountId)));
    const digestIds: string[] = [];
    for await (const wf of stack.client.workflow.list({ query: `WorkflowType = 'reminderDigest'` })) digestIds.push(wf.workflowId);
    const digestWork = await historyCounts(stack.client, [...new Set(digestIds)]);
    say(`work per reminder from ${rotationWork.workflows} rotation histories and ${digestWork.workflows} digests`);

    // Delivery check and lateness.
    const lateness: number[] = [];
    const missing: string[] = [];
    const duplicated: Array<{ accountId: string; copies: number }> = [];
    for (const [id, a] of expected) {
      const times = arrivals.get(id);
      if (!times) missing.push(a.accountId);
      else {
        lateness.push(times[0]! - dueAtMs);
        if (times.length > 1) duplicated.push({ accountId: a.accountId, copies: times.length });
      }
    }
    lateness.sort((x, y) => x - y);
    // Over every account: one still waiting counts as later than the wait (a percentile landing there is unknown: null).
    const waitedMs = listenedUntil - dueAtMs;
    const overAll = [...lateness, ...missing.map(() => Infinity)];
    const unexpected = withoutRequest + [...arrivals.entries()].filter(([id]) => !expected.has(id)).reduce((n, [, t]) => n + t.length, 0);
    const sameMessageTwice = [...copies.values()].filter((n) => n > 1).length;
    // One email per custodian per due instant: how many each custodian got (more than one when a digest was split under the burst).
    const emailsPerCustodian = [...custodians].map((c) => perRecipient.get(c) ?? 0).sort((a, b) => a - b);
    const firstAt = lateness.length ? dueAtMs + lateness[0]! : NaN;
    const lastAt = lateness.length ? dueAtMs + lateness.at(-1)! : NaN;

    const peak = (label: string, from: number, to: number) =>
      Math.max(0, ...samples.filter((s) => s.t >= from && s.t <= to).map((s) => s.procs[label]?.rssMiB ?? 0));
    const memory = Object.fromEntries(
      ['self', ...Object.keys(SERVERS)].map((label) => [
        label === 'self' ? 'benchProcess' : label,
        {
          atStackStartMiB: atStackStart[label]!.rssMiB,
          afterStartsMiB: atStartsDone[label]!.rssMiB,
          atDueMiB: atDue[label]!.rssMiB,
          afterAllRemindersMiB: atAllIn[label]!.rssMiB,
          peakSampledMiB: peak(label, stackStartedAt, Date.now()),
          peakDuringStartsMiB: peak(label, startsBegunAt, startsDoneAt),
          peakDuringBurstMiB: peak(label, dueAtMs, allInAt),
          vmHwmMiB: atEnd[label]!.hwmMiB,
        },
      ]),
    );
    const cpu = Object.fromEntries(
      ['self', ...Object.keys(SERVERS)].map((label) => [
        label === 'self' ? 'benchProcess' : label,
        {
          duringStartsS: Math.round((atStartsDone[label]!.cpuS - atStackStart[label]!.cpuS) * 100) / 100,
          startsDoneToDueS: Math.round((atDue[label]!.cpuS - atStartsDone[label]!.cpuS) * 100) / 100,
          burstS: Math.round((atAllIn[label]!.cpuS - atDue[label]!.cpuS) * 100) / 100,
          totalS: atEnd[label]!.cpuS,
        },
      ]),
    );

    const timeline: Array<Record<string, number>> = [];
    let lastT = -Infinity;
    for (const s of samples) {
      if (s.t - lastT < TIMELINE_EVERY_S * 1000) continue;
      lastT = s.t;
      let reminders = 0;
      for (const l of lateness) if (dueAtMs + l <= s.t) reminders++;
      timeline.push({
        sinceDueS: Math.round((s.t - dueAtMs) / 1000),
        remindersArrived: reminders,
        benchRssMiB: s.procs.self!.rssMiB,
        temporalRssMiB: s.procs.temporal!.rssMiB,
        ferretdbRssMiB: s.procs.ferretdb!.rssMiB,
        ...(s.procs.worker ? { workerRssMiB: s.procs.worker.rssMiB } : {}),
      });
    }

    const exactlyOnce = missing.length === 0 && duplicated.length === 0 && sameMessageTwice === 0;
    const result = {
      bench: 'credential rotation: N processes due at once',
      date: date.toISOString(),
      accounts: N,
      entities: Math.ceil(N / PER_ENTITY),
      accountsPerEntity: PER_ENTITY,
      setup: {
        temporal: `${toolVersion('temporal')}; dev server, state in a SQLite file (--db-filename) in a temp folder`,
        ferretdb: `${toolVersion('ferretdb')}; SQLite handler in the same temp folder`,
        worker: WORKER_PROCESS
          ? `the production entry (dist/worker/main.js) in an OS process of its own, options as the project runs it (SDK defaults but maxConcurrentActivityTaskExecutions ${DEFAULT_MAX_CONCURRENT_ACTIVITIES}, maxCachedWorkflows ${WORKER_CACHE ? `${WORKER_CACHE} from WORKER_MAX_CACHED_WORKFLOWS` : DEFAULT_MAX_CACHED_WORKFLOWS})${KILL_AT_PERCENT ? `, SIGKILLed once at ${KILL_AT_PERCENT}% of the reminders and started again after ${DEAD_MS} ms` : ''}; the API, the Temporal client and the SMTP capture in the bench process`
          : Object.keys(WORKER_TUNING).length
          ? `in the bench process, built as worker/createWorker.ts does but with ${JSON.stringify(WORKER_TUNING)}; the API, the Temporal client that starts the processes and the SMTP capture share that process`
          : `in the bench process (startLocalStack), worker options as the project runs it (SDK defaults but maxConcurrentActivityTaskExecutions ${DEFAULT_MAX_CONCURRENT_ACTIVITIES}, maxCachedWorkflows ${DEFAULT_MAX_CACHED_WORKFLOWS}); the API, the Temporal client that starts the processes and the SMTP capture share that process`,
        workerTuning: WORKER_PROCESS ? { maxCachedWorkflows: Number(WORKER_CACHE ?? DEFAULT_MAX_CACHED_WORKFLOWS) } : WORKER_TUNING,
        smtpCapture: "local/smtpCapture with keep: 'raw' (reads each message's links to the rotations it asks for, keeps nothing), in the bench process",
        startPath: `processes/index.ts startRotations (one client.workflow.start per account), ${START_CONCURRENCY} callers in parallel, ${START_BATCH} accounts per call`,
        dueInS: DUE_IN_S,
        node: process.version,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        totalMemMiB: Math.round(totalmem() / 1024 / 1024),
        loadAvgAtStart: loadStart.map((l) => Math.round(l * 100) / 100),
        loadAvgAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
      },
      phases: {
        stackStartS: s3(stackStartedAt - t0),
        registryInsertS: s3(registeredAt - stackStartedAt),
        startsS: s3(startsDoneAt - startsBegunAt),
        startsPerSecond: Math.round((N / startSeconds) * 10) / 10,
        startsDoneBeforeDueS: s3(dueAtMs - startsDoneAt),
        /** When the task queue's approximate backlog (workflow and activity) first stayed at zero after the starts. */
        queueDrainedAfterStartsS: drainedAt !== undefined ? s3(Math.max(0, drainedAt - startsDoneAt)) : null,
        /** N over the time from the first start to the drained queue: processes started and waiting on their timer, per second. */
        readyPerSecond: drainedAt !== undefined ? Math.round((N / ((Math.max(drainedAt, startsDoneAt) - startsBegunAt) / 1000)) * 10) / 10 : null,
        backlogAtDue: backlogAtDue ?? null,
        remindersBeforeDue: earlyArrivals,
      },
      lateness: {
        definition: 'arrival at the SMTP capture minus dueAt, per account (first copy), over all accounts; null: beyond the wait (account still waiting)',
        complete: missing.length === 0,
        stoppedWaiting: stopReason ?? null,
        waitedAfterDueS: s3(waitedMs),
        count: lateness.length,
        minS: s3(overAll[0] ?? NaN),
        p50S: s3(percentile(overAll, 50)),
        p90S: s3(percentile(overAll, 90)),
        p99S: s3(percentile(overAll, 99)),
        maxS: s3(overAll.at(-1) ?? NaN),
        meanOfArrivedS: s3(lateness.reduce((a, b) => a + b, 0) / (lateness.length || 1)),
        burstRemindersPerSecond: lateness.length > 1 ? Math.round((lateness.length / ((lastAt - firstAt) / 1000)) * 10) / 10 : null,
      },
      delivery: {
        expected: N,
        remindersReceived: lateness.length,
        exactlyOnePerAccount: exactlyOnce,
        missing: missing.length,
        duplicated: duplicated.length,
        missingSample: missing.slice(0, 20),
        duplicatedSample: duplicated.slice(0, 20),
        otherMessages: unexpected,
        sameMessageIdTwice: sameMessageTwice,
        custodians: custodians.size,
        emailsPerCustodian: { min: emailsPerCustodian[0] ?? 0, p50: percentile(emailsPerCustodian, 50), max: emailsPerCustodian.at(-1) ?? 0 },
        messagesCaptured: arrivalCount,
        listenedAfterLastS: QUIET_S,
      },
      sdkWarnings,
      memory,
      cpuSeconds: cpu,
      // CPU per reminder during the burst, and the work each reminder took (its rotation's run so far, plus its share of the digests).
      cpuMsPerReminder: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, Math.round((v.burstS / (lateness.length || 1)) * 10_000) / 10])),
      workPerReminder: { rotation: perWorkflow(rotationWork, rotationWork.workflows), digestShare: perWorkflow(digestWork, lateness.length), digests: digestWork.workflows, sampledRotations: rotationWork.workflows },
      storage: storageMiB(dataDir),
      kill: kill ?? null,
      backlogs: backlogs.map((b) => ({ sinceStartsDoneS: Math.round((b.t - startsDoneAt) / 1000), workflow: b.workflow, activity: b.activity })).filter((_, i) => i % 5 === 0),
      timeline,
    };

    mkdirSync(RESULTS_DIR, { recursive: true });
    const stamp = date.toISOString().slice(0, 19).replace(/:/g, '-');
    const base = join(RESULTS_DIR, `rotation-${stamp}-n${N}`);
    writeFileSync(`${base}.json`, JSON.stringify(result, null, 2) + '\n');
    writeFileSync(`${base}.md`, summary(result));
    say(`results: ${base}.json and .md`);
    process.stdout.write(summary(result));
    if (!exactlyOnce) process.exitCode = 1;
  } finally {
    await cleanUp();
  }
}

/**
 * Stops the stack's worker and starts one built like `worker/createWorker.ts` (same activities,
 * workflows, task queue) with WORKER_TUNING on top.
 */
async function replaceWorker(stack: LocalStack, linkSecret: string): Promise<{ stop(): Promise<void> }> {
  say(`replacing the stack's worker with one using ${JSON.stringify(WORKER_TUNING)}`);
  await stack.stopWorker();
  const mailer = createMailer(stack.mailbox!.url, 'Custodio <no-responder@custodio.gob.pe>');
  const activities = createActivities({
    db: stack.db, mailer, links: createLinkSigner(linkSecret), publicUrl: stack.apiUrl, linkTtlDays: 14,
    processes: createProcesses(stack.client, { taskQueue: stack.taskQueue }),
  });
  const connection = await NativeConnection.connect({ address: stack.temporal.address });
  const worker = await createWorker({ connection, namespace: 'default', taskQueue: stack.taskQueue, activities, tuning: WORKER_TUNING });
  const running = worker.run();
  return {
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
      await connection.close();
      mailer.close();
    },
  };
}

type Result = {
  date: string;
  accounts: number;
  entities: number;
  setup: Record<string, unknown>;
  phases: {
    startsS: number | null;
    startsPerSecond: number;
    startsDoneBeforeDueS: number | null;
    queueDrainedAfterStartsS: number | null;
    readyPerSecond: number | null;
    backlogAtDue: { workflow: number; activity: number } | null;
    remindersBeforeDue: number;
  };
  lateness: {
    complete: boolean;
    waitedAfterDueS: number | null;
    stoppedWaiting: string | null;
    count: number;
    minS: number | null;
    p50S: number | null;
    p90S: number | null;
    p99S: number | null;
    maxS: number | null;
    burstRemindersPerSecond: number | null;
  };
  sdkWarnings: { slowWorkflowTasks: number; workflowTasksTimedOut: number; other: number };
  kill: { atS: number | null; arrivedBefore: number; restartedAfterS: number | null } | null;
  delivery: {
    exactlyOnePerAccount: boolean; remindersReceived: number; missing: number; duplicated: number; otherMessages: number; sameMessageIdTwice: number;
    messagesCaptured: number; custodians: number; emailsPerCustodian: { min: number; p50: number; max: number };
  };
  memory: Record<string, { atDueMiB: number; peakSampledMiB: number; vmHwmMiB: number; afterAllRemindersMiB: number }>;
  cpuMsPerReminder: Record<string, number>;
  workPerReminder: { rotation: Record<string, number>; digestShare: Record<string, number>; digests: number; sampledRotations: number };
  cpuSeconds: Record<string, { duringStartsS: number; burstS: number }>;
  storage: { temporalDbMiB: number; ferretdbMiB: number };
};

function summary(r: Result): string {
  const late = (v: number | null) => (v === null ? `> ${r.lateness.waitedAfterDueS} s (not arrived)` : `${v} s`);
  const mem = (label: string) => {
    const m = r.memory[label]!;
    return `| ${label} | ${m.atDueMiB} | ${m.afterAllRemindersMiB} | ${m.peakSampledMiB} | ${m.vmHwmMiB} | ${r.cpuSeconds[label]!.duringStartsS} | ${r.cpuSeconds[label]!.burstS} |`;
  };
  return [
    `# Rotation benchmark, ${r.date}`,
    '',
    `${r.accounts} active accounts in ${r.entities} entities, one rotation process each, all due at the same instant.`,
    `Temporal dev server with its state in a SQLite file; worker ${r.memory.worker ? 'in a process of its own' : 'in the bench process'} (${Object.keys(r.setup.workerTuning as object).length ? `options ${JSON.stringify(r.setup.workerTuning)}` : `the project's options: SDK defaults but at most ${DEFAULT_MAX_CONCURRENT_ACTIVITIES} activities at once`}). ${r.setup.cpus} CPUs (${r.setup.cpuModel}), load average at start ${(r.setup.loadAvgAtStart as number[]).join(' ')}.`,
    '',
    `- Processes started: ${r.phases.startsPerSecond}/s (${r.accounts} in ${r.phases.startsS} s), all ${r.phases.startsDoneBeforeDueS} s before due;` +
      ` task queue drained ${r.phases.queueDrainedAfterStartsS ?? '(never before due)'} s after the last start` +
      ` (started and waiting on the timer: ${r.phases.readyPerSecond ?? '?'}/s).`,
    ...(r.phases.queueDrainedAfterStartsS === null || (r.phases.startsDoneBeforeDueS ?? 0) < 0
      ? [`- WARNING: not every process was waiting on its timer at the due instant (backlog at due: ${JSON.stringify(r.phases.backlogAtDue)}); the lateness includes start-up work. Raise BENCH_DUE_IN_S.`]
      : []),
    `- Reminder lateness (due instant → arrival at the SMTP capture): p50 ${late(r.lateness.p50S)}, p99 ${late(r.lateness.p99S)}, max ${late(r.lateness.maxS)}` +
      ` (min ${late(r.lateness.minS)}, p90 ${late(r.lateness.p90S)}; ${r.lateness.burstRemindersPerSecond ?? '?'} reminders/s from the first to the last).`,
    ...(r.lateness.complete
      ? []
      : [`- INCOMPLETE: waiting stopped ${r.lateness.waitedAfterDueS} s after due (${r.lateness.stoppedWaiting}) with ${r.lateness.count} of ${r.accounts} reminders arrived.`]),
    ...(r.kill ? [`- Kill: the worker SIGKILLed ${r.kill.atS} s after due with ${r.kill.arrivedBefore} reminders arrived, up again ${r.kill.restartedAfterS} s later.`] : []),
    `- Exactly one reminder per account: ${r.delivery.exactlyOnePerAccount ? 'yes' : 'NO'} (${r.delivery.remindersReceived} received, ${r.delivery.missing} missing,` +
      ` ${r.delivery.duplicated} duplicated, ${r.delivery.sameMessageIdTwice} Message-IDs twice, ${r.delivery.otherMessages} other messages; ${r.phases.remindersBeforeDue} before due).`,
    `- One email per custodian per due instant: ${r.delivery.messagesCaptured} emails for ${r.accounts} accounts of ${r.delivery.custodians} custodians` +
      ` (per custodian: min ${r.delivery.emailsPerCustodian.min}, p50 ${r.delivery.emailsPerCustodian.p50}, max ${r.delivery.emailsPerCustodian.max}).`,
    `- Worker overload warnings from the SDK: ${r.sdkWarnings.slowWorkflowTasks} workflow tasks over 5 s, ${r.sdkWarnings.workflowTasksTimedOut} completed after the server` +
      ` had timed them out (retried), ${r.sdkWarnings.other} other warnings.`,
    `- CPU per reminder during the burst (ms): ${Object.entries(r.cpuMsPerReminder).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    `- Work per reminder (${r.workPerReminder.sampledRotations} rotation histories; ${r.workPerReminder.digests} digests shared over the reminders): rotation ` +
      `${r.workPerReminder.rotation.workflowTasks} workflow tasks, ${r.workPerReminder.rotation.activities} activities, ${r.workPerReminder.rotation.localActivities} local activities, ` +
      `${r.workPerReminder.rotation.events} events; digest share ${r.workPerReminder.digestShare.workflowTasks} workflow tasks, ${r.workPerReminder.digestShare.activities} activities, ` +
      `${r.workPerReminder.digestShare.events} events.`,
    `- Storage at the end: Temporal SQLite ${r.storage.temporalDbMiB} MiB, FerretDB ${r.storage.ferretdbMiB} MiB.`,
    '',
    '| process | RSS at due (MiB) | RSS after all reminders | peak RSS sampled | VmHWM | CPU s during starts | CPU s during burst |',
    '|---|---|---|---|---|---|---|',
    mem('benchProcess'),
    mem('temporal'),
    mem('ferretdb'),
    ...(r.memory.worker ? [mem('worker')] : []),
    '',
    r.memory.worker
      ? '`benchProcess` holds the API, the Temporal client and the SMTP capture; `worker` adds up every worker process of the run (CPU), its VmHWM is the largest.'
      : '`benchProcess` holds the worker, the API, the Temporal client and the SMTP capture.',
    '',
  ].join('\n');
}

main().then(
  // The SDK's runtime keeps handles open: leave explicitly once everything is stopped.
  () => process.exit(),
  (err) => {
    console.error(`[bench] failed: ${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
