/**
 * Custodio's rotation burst on the job queues a team would use instead (issue 18 §3). Not a test:
 * `npm run bench:peers`. For each peer (BullMQ on Debian's Redis, Agenda 6 on FerretDB): a fresh
 * FerretDB with the registry bench/rotation.ts inserts, the SMTP capture with `keep: false`, one job per
 * account all due at one instant, the worker in a process of its own (`worker.ts`), SIGKILLed once
 * after BENCH_KILL_AT_PERCENT of the reminders arrived and started again. Records per account received
 * once / missing / duplicated, lateness from the due instant to the capture, reminders/s, CPU and RSS
 * of the worker and of the servers, and the load average. Results: bench/results/peers-<date>-n<N>.{json,md}.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { connectDb } from '../../infra/db';
import { startFerretDb } from '../../local/ferretdb';
import { startSmtpCapture, type ArrivedMail } from '../../local/smtpCapture';
import { REPO_ROOT } from '../../local/tools';
import { sampleProcesses, type ProcFigures } from '../procStats';
import { registerBenchAccounts } from '../registry';
import { AGENDA_PROCESS_EVERY_MS, BULLMQ_ATTEMPTS, enqueueAgenda, enqueueBullmq } from './enqueue';
import { REDIS_BIN, REDIS_DURABILITY, startRedis, type Redis } from './redis';
import { peerMessageId } from './reminder';
import { summary, type PeerResult } from './summary';
import { intEnv } from '../env';


const PEERS = (process.env.BENCH_PEERS ?? 'bullmq,agenda').split(',').map((p) => p.trim()) as Array<'bullmq' | 'agenda'>;
const N = intEnv('BENCH_ACCOUNTS', 10_000);
const PER_ENTITY = Math.max(1, intEnv('BENCH_ACCOUNTS_PER_ENTITY', 25));
/** Jobs one worker process runs at once: Custodio's worker runs at most 20 activities at once. */
const CONCURRENCY = Math.max(1, intEnv('BENCH_CONCURRENCY', 20));
const KILL_AT_PERCENT = intEnv('BENCH_KILL_AT_PERCENT', 30);
/** How long the killed worker stays dead before it is started again (as bench:faults). */
const DEAD_MS = intEnv('BENCH_DEAD_MS', 2000);
/** Seconds from the end of the registry insert to the due instant: enqueueing and the worker's start must fit. */
const DUE_IN_S = process.env.BENCH_DUE_IN_S;
const AGENDA_ENQUEUE_PARALLEL = Math.max(1, intEnv('BENCH_AGENDA_ENQUEUE_PARALLEL', 4));
/** Agenda keeps a dead worker's lock on a job for its lock lifetime (10 minutes) before another takes it. */
const STALL_S = intEnv('BENCH_STALL_S', 780);
const MAX_WAIT_S = intEnv('BENCH_MAX_WAIT_S', 3600);
const QUIET_S = intEnv('BENCH_QUIET_S', 40);
const RESULTS_DIR = process.env.BENCH_RESULTS_DIR ?? join(REPO_ROOT, 'bench', 'results');
const WORKER_ENTRY = join(__dirname, 'worker.ts');
const TS_REQUIRE = join(REPO_ROOT, 'test', 'support', 'tsRequire.js');

const say = (msg: string) => process.stderr.write(`[bench:peers] ${new Date().toISOString().slice(11, 19)} ${msg}\n`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
const s3 = (ms: number) => (Number.isFinite(ms) ? Math.round(ms) / 1000 : null);
const round2 = (n: number) => Math.round(n * 100) / 100;
const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);

/** The worker process: spawned, ready once it prints `ready`. */
async function spawnWorker(peer: string, env: Record<string, string>, logTo: (s: string) => void): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--enable-source-maps', '-r', TS_REQUIRE, WORKER_ENTRY], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, PEER: peer, CONCURRENCY: String(CONCURRENCY) },
  });
  child.stderr!.on('data', (c: Buffer) => logTo(c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('worker not ready within 120 s')), 120_000);
    child.stdout!.on('data', (c: Buffer) => {
      if (c.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code, sig) => reject(new Error(`worker exited (${code ?? sig}) before it was ready`)));
  });
  return child;
}

const exited = (c: ChildProcess) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => c.once('exit', () => r())));

async function runPeer(peer: 'bullmq' | 'agenda'): Promise<PeerResult> {
  const dataDir = mkdtempSync(join(tmpdir(), `custodio-peers-${peer}-`));
  const stops: Array<() => Promise<unknown>> = [];
  const workerLog: string[] = [];
  const logTo = (s: string) => {
    if (workerLog.length < 40) workerLog.push(s.slice(0, 500));
  };
  const arrivals = new Map<string, number[]>();
  let captured = 0;
  let lastArrivalAt = 0;
  const onArrival = (m: ArrivedMail) => {
    captured++;
    lastArrivalAt = m.receivedAt;
    const id = m.messageId ?? '(none)';
    const list = arrivals.get(id);
    if (list) list.push(m.receivedAt);
    else arrivals.set(id, [m.receivedAt]);
  };
  const loadStart = loadavg();
  try {
    const ferret = await startFerretDb({ dataDir });
    stops.push(() => ferret.stop());
    let redis: Redis | undefined;
    if (peer === 'bullmq') {
      redis = await startRedis(dataDir);
      stops.push(() => redis!.stop());
    }
    const capture = await startSmtpCapture({ keep: false, onArrival });
    stops.push(() => capture.stop());
    const uri = ferret.uri('custodio');
    const db = await connectDb(uri);
    stops.push(() => db.close());

    const t0 = Date.now();
    const registered = await registerBenchAccounts(db, N, PER_ENTITY);
    const registeredAt = Date.now();
    say(`${peer}: registered ${N} accounts in ${s3(registeredAt - t0)} s`);
    const ids = registered.map((a) => a.accountId);
    // Enqueueing Agenda's unique jobs on FerretDB is an upsert that scans the collection: give it room.
    const dueInS = DUE_IN_S ? Number(DUE_IN_S) : peer === 'bullmq' ? 30 + Math.ceil(N / 500) : 60 + Math.ceil(N / 10);
    const dueAtMs = Math.ceil((Date.now() + dueInS * 1000) / 1000) * 1000;
    say(`${peer}: enqueueing ${N} jobs due at ${new Date(dueAtMs).toISOString()} (in ${dueInS} s)`);
    if (peer === 'bullmq') await enqueueBullmq(redis!.url, ids, dueAtMs);
    else await enqueueAgenda(uri, ids, dueAtMs, AGENDA_ENQUEUE_PARALLEL);
    const enqueuedAt = Date.now();
    say(`${peer}: enqueued in ${s3(enqueuedAt - registeredAt)} s (${Math.round(N / ((enqueuedAt - registeredAt) / 1000))}/s); ${s3(dueAtMs - enqueuedAt)} s before due`);

    const workerEnv = { MONGODB_URI: uri, SMTP_URL: capture.url, ...(redis ? { REDIS_URL: redis.url } : {}) };
    let worker = await spawnWorker(peer, workerEnv, logTo);
    stops.push(async () => {
      worker.kill('SIGTERM');
      const timer = setTimeout(() => worker.kill('SIGKILL'), 20_000);
      await exited(worker);
      clearTimeout(timer);
    });

    // Each second: CPU and RSS of the worker and the servers. A killed worker's CPU is kept and added.
    const servers = { worker: 'node', ferretdb: 'ferretdb', ...(redis ? { redis: 'redis-server' } : {}) };
    let deadWorkerCpuS = 0;
    let deadWorkerHwmMiB = 0;
    const sample = () => {
      const p = sampleProcesses(servers);
      p.worker = { ...p.worker!, cpuS: round2(p.worker!.cpuS + deadWorkerCpuS), hwmMiB: Math.max(p.worker!.hwmMiB, deadWorkerHwmMiB) };
      return p;
    };
    const samples: Array<{ t: number; procs: Record<string, ProcFigures> }> = [];
    const sampler = setInterval(() => samples.push({ t: Date.now(), procs: sample() }), 1000);
    stops.push(async () => clearInterval(sampler));
    const beforeDue = sample();
    if (Date.now() > dueAtMs) say(`${peer}: WARNING the worker was ready only after the due instant; raise BENCH_DUE_IN_S`);
    await sleep(dueAtMs - Date.now());
    const atDue = sample();
    const loadAtDue = loadavg();
    say(`${peer}: due now`);

    const killAt = Math.ceil((N * KILL_AT_PERCENT) / 100);
    const matched = () => {
      let n = 0;
      for (const id of ids) if (arrivals.has(peerMessageId(id))) n++;
      return n;
    };
    let kill: { atS: number; arrivedBefore: number; restartedAfterS: number } | undefined;
    let got = 0;
    let stopReason: string | undefined;
    let lastReport = 0;
    for (;;) {
      await sleep(100);
      got = arrivals.size >= killAt || arrivals.size >= N ? matched() : arrivals.size;
      if (!kill && KILL_AT_PERCENT > 0 && KILL_AT_PERCENT < 100 && got >= killAt) {
        const last = sample();
        deadWorkerCpuS = last.worker!.cpuS;
        deadWorkerHwmMiB = last.worker!.hwmMiB;
        const killedAt = Date.now();
        worker.kill('SIGKILL');
        await exited(worker);
        say(`${peer}: worker SIGKILLed with ${got}/${N} reminders arrived`);
        await sleep(DEAD_MS);
        worker = await spawnWorker(peer, workerEnv, logTo);
        kill = { atS: s3(killedAt - dueAtMs)!, arrivedBefore: got, restartedAfterS: s3(Date.now() - killedAt)! };
        say(`${peer}: worker started again after ${kill.restartedAfterS} s`);
      }
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        say(`${peer}: reminders ${got}/${N} (${captured} messages)`);
      }
      if (got >= N) break;
      if (Date.now() - dueAtMs > MAX_WAIT_S * 1000) {
        stopReason = `BENCH_MAX_WAIT_S (${MAX_WAIT_S} s)`;
        break;
      }
      if (Date.now() - Math.max(lastArrivalAt, dueAtMs, kill ? dueAtMs + kill.atS * 1000 : 0) > STALL_S * 1000) {
        stopReason = `no reminder for BENCH_STALL_S (${STALL_S} s)`;
        break;
      }
    }
    const atAllIn = sample();
    if (stopReason) say(`${peer}: stopped waiting (${stopReason}) with ${got}/${N}`);
    say(`${peer}: listening ${QUIET_S} s more for duplicates`);
    await sleep(QUIET_S * 1000);
    clearInterval(sampler);
    const atEnd = sample();

    const lateness: number[] = [];
    const missing: string[] = [];
    const duplicated: Array<{ accountId: string; copies: number }> = [];
    for (const id of ids) {
      const times = arrivals.get(peerMessageId(id));
      if (!times) missing.push(id);
      else {
        lateness.push(times[0]! - dueAtMs);
        if (times.length > 1) duplicated.push({ accountId: id, copies: times.length });
      }
    }
    lateness.sort((a, b) => a - b);
    const overAll = [...lateness, ...missing.map(() => Infinity)];
    const firstAt = dueAtMs + (lateness[0] ?? NaN);
    const lastAt = dueAtMs + (lateness.at(-1) ?? NaN);
    const peak = (label: string) => Math.max(0, ...samples.filter((s) => s.t >= dueAtMs).map((s) => s.procs[label]?.rssMiB ?? 0));
    const labels = Object.keys(servers);
    return {
      peer,
      date: new Date(t0).toISOString(),
      accounts: N,
      setup: {
        peer: peer === 'bullmq'
          ? `bullmq ${pkgVersion('bullmq')}: delayed jobs, jobId = account id, attempts ${BULLMQ_ATTEMPTS} (exponential backoff from 1 s), lockDuration and stalledInterval at their defaults (30 s); Redis ${redisVersion()} from Debian, appendonly ${REDIS_DURABILITY.appendonly}, appendfsync ${REDIS_DURABILITY.appendfsync}`
          : `agenda ${pkgVersion('agenda')} with @agendajs/mongo-backend ${pkgVersion('@agendajs/mongo-backend')} on FerretDB (SQLite): unique job per account (data.accountId), processEvery ${AGENDA_PROCESS_EVERY_MS} ms, lockLifetime at its default (10 min)`,
        registry: `FerretDB (SQLite handler), ${N} accounts in ${Math.ceil(N / PER_ENTITY)} entities (bench/registry.ts); reads: account by id, entity by id, roster cached per entity revision (registry/rosterCache.ts)`,
        worker: `one process (bench/peers/worker.ts, run from the sources), concurrency ${CONCURRENCY}; ${KILL_AT_PERCENT ? `SIGKILLed once at ${KILL_AT_PERCENT}% of the reminders, started again after ${DEAD_MS} ms` : 'not killed'}`,
        smtpCapture: 'local/smtpCapture with keep: false, in the bench process; the project mailer (nodemailer, one connection per message)',
        dueInS,
        node: process.version,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        totalMemMiB: Math.round(totalmem() / 1024 / 1024),
        loadAvgAtStart: loadStart.map(round2),
        loadAvgAtDue: loadAtDue.map(round2),
        loadAvgAtEnd: loadavg().map(round2),
      },
      phases: { registryInsertS: s3(registeredAt - t0), enqueueS: s3(enqueuedAt - registeredAt), enqueuedPerSecond: Math.round(N / ((enqueuedAt - registeredAt) / 1000)), readyBeforeDueS: s3(dueAtMs - enqueuedAt) },
      kill: kill ?? null,
      lateness: {
        definition: 'arrival at the SMTP capture minus the due instant, per account (first copy), over all accounts; null: never arrived',
        stoppedWaiting: stopReason ?? null,
        count: lateness.length,
        minS: s3(overAll[0] ?? NaN),
        p50S: s3(percentile(overAll, 50)),
        p90S: s3(percentile(overAll, 90)),
        p99S: s3(percentile(overAll, 99)),
        maxS: s3(overAll.at(-1) ?? NaN),
        burstRemindersPerSecond: lateness.length > 1 ? Math.round((lateness.length / ((lastAt - firstAt) / 1000)) * 10) / 10 : null,
      },
      delivery: {
        expected: N,
        receivedOnce: lateness.length - duplicated.length,
        missing: missing.length,
        duplicated: duplicated.length,
        extraCopies: duplicated.reduce((n, d) => n + d.copies - 1, 0),
        missingSample: missing.slice(0, 20),
        duplicatedSample: duplicated.slice(0, 20),
        messagesCaptured: captured,
        listenedAfterLastS: QUIET_S,
      },
      cpuSeconds: Object.fromEntries(labels.map((l) => [l, { beforeDueS: round2(atDue[l]!.cpuS - beforeDue[l]!.cpuS), burstS: round2(atAllIn[l]!.cpuS - atDue[l]!.cpuS), totalS: atEnd[l]!.cpuS }])),
      memory: Object.fromEntries(labels.map((l) => [l, { atDueMiB: atDue[l]!.rssMiB, peakDuringBurstMiB: peak(l), vmHwmMiB: atEnd[l]!.hwmMiB }])),
      workerLog,
    };
  } finally {
    for (const stop of stops.reverse()) await stop().catch((err: Error) => say(`stop failed: ${err.message}`));
    if (process.env.BENCH_KEEP_DATA === '1') say(`data kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

function pkgVersion(name: string): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

function redisVersion(): string {
  try {
    return /v=(\S+)/.exec(execFileSync(REDIS_BIN, ['--version'], { encoding: 'utf8' }))?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

async function main() {
  if (process.platform !== 'linux') throw new Error('the benchmark reads /proc: run it on Linux');
  say(`peers ${PEERS.join(', ')}; ${N} accounts; concurrency ${CONCURRENCY}; kill at ${KILL_AT_PERCENT}%`);
  const results: PeerResult[] = [];
  for (const peer of PEERS) {
    if (peer !== 'bullmq' && peer !== 'agenda') throw new Error(`unknown peer ${peer as string} (bullmq, agenda)`);
    results.push(await runPeer(peer));
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = results[0]!.date.slice(0, 19).replace(/:/g, '-');
  const base = join(RESULTS_DIR, `peers-${stamp}-n${N}`);
  writeFileSync(`${base}.json`, JSON.stringify(results, null, 2) + '\n');
  writeFileSync(`${base}.md`, summary(results));
  process.stdout.write(summary(results));
  say(`results: ${base}.json and .md`);
}

main().then(
  () => process.exit(),
  (err) => {
    console.error(`[bench:peers] failed: ${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
