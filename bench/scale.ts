/**
 * Memory and storage of many open rotation processes (issue 18 §1, "Scale"). Not a test:
 * `npm run bench:scale`.
 *
 * Starts the real local stack in a temporary folder, with the production worker entry in a process of
 * its own, and then, in steps of BENCH_STEP accounts up to BENCH_ACCOUNTS: registers the step's
 * accounts (entities of 25, with their rosters), opens a rotation process for each as the product does
 * for a newly registered account (last rotation now, so each waits on its notice timer about a month
 * ahead), waits until the task queue is drained, and records the resident memory of Temporal's dev
 * server, FerretDB and the worker, and the size of Temporal's SQLite file and of FerretDB's folder.
 * The figures per 1,000 processes, step by step, say whether the cost stays flat as the count grows.
 * Results go to bench/results/scale-<date>-n<N>.{json,md}. See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { rotationStatusQuery, rotationWorkflowId } from '../contracts/credentialRotation';
import { createLogger } from '../infra/logger';
import { startLocalStack, type LocalStack } from '../local/stack';
import { REPO_ROOT } from '../local/tools';
import { createProcesses } from '../processes';
import { benchCleanUp } from './cleanUp';
import { startRotationsInBatches } from './startRotations';
import { intEnv } from './env';
import { sampleProcesses } from './procStats';
import { registerBenchAccounts } from './registry';
import { backlog, storageMiB, toolVersion } from './stackFigures';

const N = intEnv('BENCH_ACCOUNTS', 150_000);
const STEP = Math.max(25, intEnv('BENCH_STEP', 10_000));
const PER_ENTITY = 25;
const START_CONCURRENCY = Math.max(1, intEnv('BENCH_START_CONCURRENCY', 4));
const START_BATCH = 25;
/** Processes asked for their status after each step: each must be waiting with a due instant. */
const STATUS_SAMPLE = 20;
const KEEP_DATA = process.env.BENCH_KEEP_DATA === '1';
const RESULTS_DIR = process.env.BENCH_RESULTS_DIR ?? join(REPO_ROOT, 'bench', 'results');
/** Set by bench/run-built.sh (see bench/rotation.ts): the folder and the servers' pids, emptied on clean-up. */
const STATE_FILE = process.env.BENCH_STATE_FILE;
const SERVERS: Record<string, string> = { temporal: 'temporal', ferretdb: 'ferretdb', worker: 'node' };
if (STEP % PER_ENTITY !== 0) throw new Error(`BENCH_STEP must be a multiple of ${PER_ENTITY}`);

const say = (msg: string) => process.stderr.write(`[bench:scale] ${new Date().toISOString().slice(11, 19)} ${msg}\n`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
const round1 = (v: number) => Math.round(v * 10) / 10;

interface Step {
  processes: number;
  /** Seconds from the step's first start to its last, and to the task queue being drained. */
  startsS: number;
  drainedS: number;
  rssMiB: Record<string, number>;
  storageMiB: { temporalDbMiB: number; ferretdbMiB: number };
  /** Of STATUS_SAMPLE processes of this step, how many answered 'esperando' with a due instant. */
  waitingOfSample: number;
  loadAvg: number[];
}

/** Waits until the task queue's backlog reads zero twice in a row. */
async function drained(stack: LocalStack): Promise<void> {
  let zeros = 0;
  for (let i = 0; ; i++) {
    const b = await backlog(stack);
    zeros = b && b.workflow === 0 && b.activity === 0 ? zeros + 1 : 0;
    if (zeros >= 2) return;
    if (b && i % 15 === 14) say(`task queue backlog: ${b.workflow} workflow, ${b.activity} activity tasks`);
    await sleep(2000);
  }
}

async function main() {
  if (process.platform !== 'linux') throw new Error('the benchmark reads /proc: run it on Linux');
  const dataDir = mkdtempSync(join(tmpdir(), 'custodio-bench-scale-'));
  const date = new Date();
  const loadStart = loadavg();
  say(`up to ${N} processes in steps of ${STEP}; data in ${dataDir}`);

  let stack: LocalStack | undefined;
  const cleanUp = benchCleanUp({ dataDir, keepData: KEEP_DATA, stateFile: STATE_FILE, say, stack: () => stack });

  const steps: Step[] = [];
  let base: Step | undefined;
  mkdirSync(RESULTS_DIR, { recursive: true });
  const name = `scale-${date.toISOString().slice(0, 19).replace(/:/g, '-')}-n${N}`;
  try {
    stack = await startLocalStack({
      dataDir,
      linkSecret: randomBytes(32).toString('hex'),
      log: createLogger('warn'),
      temporalDbFile: join(dataDir, 'temporal.db'),
      mailCapture: { keep: false },
      workerProcess: { command: process.execPath, args: ['--enable-source-maps', join(REPO_ROOT, 'dist', 'worker', 'main.js')] },
    });
    const first = sampleProcesses(SERVERS);
    if (STATE_FILE) writeFileSync(STATE_FILE, [dataDir, ...Object.keys(SERVERS).flatMap((k) => first[k]!.pids)].join('\n') + '\n');
    const processes = createProcesses(stack.client, { taskQueue: stack.taskQueue });
    const figures = (): Pick<Step, 'rssMiB' | 'storageMiB' | 'loadAvg'> => {
      const p = sampleProcesses(SERVERS);
      return {
        rssMiB: Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.rssMiB])),
        storageMiB: storageMiB(dataDir),
        loadAvg: loadavg().map((v) => Math.round(v * 100) / 100),
      };
    };
    await drained(stack);
    base = { processes: 0, startsS: 0, drainedS: 0, waitingOfSample: 0, ...figures() };
    say(`stack up; empty: ${JSON.stringify(base.rssMiB)} MiB resident, ${JSON.stringify(base.storageMiB)}`);

    for (let from = 0; from < N; from += STEP) {
      const size = Math.min(STEP, N - from);
      const accounts = await registerBenchAccounts(stack.db, size, PER_ENTITY, from);
      const lastConfirmedAt = new Date().toISOString();
      const startArgs = accounts.map((a) => ({ accountId: a.accountId, lastConfirmedAt }));
      const begun = Date.now();
      await startRotationsInBatches(processes, startArgs, { concurrency: START_CONCURRENCY, batch: START_BATCH });
      const startsS = (Date.now() - begun) / 1000;
      await drained(stack);
      const drainedS = (Date.now() - begun) / 1000;
      // A spread sample of the step's processes: each must be waiting on its timer with its due instant.
      const sample = Array.from({ length: Math.min(STATUS_SAMPLE, size) }, (_, i) => accounts[Math.floor((i * size) / Math.min(STATUS_SAMPLE, size))]!);
      let waitingOfSample = 0;
      for (const a of sample) {
        const s = await stack.client.workflow.getHandle(rotationWorkflowId(a.accountId)).query(rotationStatusQuery);
        if (s.state === 'esperando' && s.nextDueAt) waitingOfSample++;
      }
      const step: Step = { processes: from + size, startsS: round1(startsS), drainedS: round1(drainedS), waitingOfSample, ...figures() };
      steps.push(step);
      say(`${step.processes} open: started in ${step.startsS} s, drained in ${step.drainedS} s; RSS ${JSON.stringify(step.rssMiB)}; storage ${JSON.stringify(step.storageMiB)}; ${waitingOfSample}/${sample.length} sampled waiting`);
      // Written after every step, so a run stopped early keeps the steps it made.
      const result = { bench: 'open rotation processes: memory and storage per 1,000', date: date.toISOString(), ...describe(loadStart), base, steps, perThousand: perThousand(base, steps) };
      writeFileSync(join(RESULTS_DIR, `${name}.json`), JSON.stringify(result, null, 2) + '\n');
      writeFileSync(join(RESULTS_DIR, `${name}.md`), summary(result));
    }
    process.stdout.write(readFileSync(join(RESULTS_DIR, `${name}.md`), 'utf8'));
    say(`results: ${join(RESULTS_DIR, name)}.{json,md}`);
  } finally {
    await cleanUp();
  }
}

function describe(loadStart: number[]) {
  return {
    setup: {
      temporal: `${toolVersion('temporal')}; dev server, state in a SQLite file (--db-filename)`,
      ferretdb: `${toolVersion('ferretdb')}; SQLite handler`,
      worker: 'the production entry (dist/worker/main.js) in an OS process of its own, with the options the project runs it with',
      accountsPerEntity: PER_ENTITY,
      step: STEP,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: round1(totalmem() / 1024 ** 3),
      loadAvgAtStart: loadStart.map((v) => Math.round(v * 100) / 100),
    },
  };
}

/** Per step: what each 1,000 processes of that step added, and the whole so far over the count. */
function perThousand(base: Step, steps: Step[]) {
  return steps.map((s, i) => {
    const prev = i ? steps[i - 1]! : base;
    const k = (s.processes - prev.processes) / 1000;
    const added = (a: number, b: number) => round1((a - b) / k);
    return {
      processes: s.processes,
      stepAdded: {
        temporalDbMiB: added(s.storageMiB.temporalDbMiB, prev.storageMiB.temporalDbMiB),
        ferretdbMiB: added(s.storageMiB.ferretdbMiB, prev.storageMiB.ferretdbMiB),
        temporalRssMiB: added(s.rssMiB.temporal ?? 0, prev.rssMiB.temporal ?? 0),
        ferretdbRssMiB: added(s.rssMiB.ferretdb ?? 0, prev.rssMiB.ferretdb ?? 0),
        workerRssMiB: added(s.rssMiB.worker ?? 0, prev.rssMiB.worker ?? 0),
      },
      overall: {
        temporalDbMiB: round1((s.storageMiB.temporalDbMiB - base.storageMiB.temporalDbMiB) / (s.processes / 1000)),
        ferretdbMiB: round1((s.storageMiB.ferretdbMiB - base.storageMiB.ferretdbMiB) / (s.processes / 1000)),
        temporalRssMiB: round1(((s.rssMiB.temporal ?? 0) - (base.rssMiB.temporal ?? 0)) / (s.processes / 1000)),
      },
    };
  });
}

function summary(r: { date: string; setup: ReturnType<typeof describe>['setup']; base: Step; steps: Step[]; perThousand: ReturnType<typeof perThousand> }): string {
  const last = r.steps.at(-1);
  return [
    `# Scale benchmark, ${r.date}`,
    '',
    `Up to ${last?.processes ?? 0} open rotation processes (each waiting on its notice timer a month ahead), started in steps of ${r.setup.step}; ` +
      `accounts in entities of ${r.setup.accountsPerEntity}. ${r.setup.temporal}; FerretDB ${r.setup.ferretdb}; worker: ${r.setup.worker}. ` +
      `${r.setup.cpus} CPUs (${r.setup.cpuModel}), ${r.setup.memoryGiB} GiB; load average at start ${r.setup.loadAvgAtStart.join(' ')}.`,
    '',
    `Empty stack: RSS ${Object.entries(r.base.rssMiB).map(([k, v]) => `${k} ${v}`).join(', ')} MiB; Temporal SQLite ${r.base.storageMiB.temporalDbMiB} MiB, FerretDB ${r.base.storageMiB.ferretdbMiB} MiB.`,
    '',
    '| open processes | started in (s) | drained in (s) | sampled waiting | Temporal RSS | FerretDB RSS | worker RSS | Temporal SQLite | FerretDB files | added per 1,000 this step: Temporal SQLite / FerretDB / Temporal RSS / worker RSS (MiB) |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...r.steps.map((s, i) => {
      const a = r.perThousand[i]!.stepAdded;
      return `| ${s.processes} | ${s.startsS} | ${s.drainedS} | ${s.waitingOfSample}/${Math.min(STATUS_SAMPLE, r.setup.step)} | ${s.rssMiB.temporal} | ${s.rssMiB.ferretdb} | ${s.rssMiB.worker} | ${s.storageMiB.temporalDbMiB} | ${s.storageMiB.ferretdbMiB} | ${a.temporalDbMiB} / ${a.ferretdbMiB} / ${a.temporalRssMiB} / ${a.workerRssMiB} |`;
    }),
    '',
    'Memory in MiB resident when the step was drained; "added per 1,000" is the step\'s growth divided by its thousands of processes.',
    '',
  ].join('\n');
}

main().then(
  // The stack's clients keep handles open: leave explicitly once everything is stopped.
  () => process.exit(),
  (err) => {
    console.error(`[bench:scale] failed: ${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
