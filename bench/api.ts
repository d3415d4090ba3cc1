/**
 * The API under load (issue 18 §2). Not a test: `npm run bench:api`.
 *
 * On the real local stack (Temporal dev server with its state in a file, FerretDB, the SMTP capture,
 * the API in this process, and the production worker in a process of its own):
 *   1. console: BENCH_CONSOLE_USERS people, each signed in by emailed link at a browser of their own,
 *      load the pages a person opens (home, their entity's accounts, one account, the requests list)
 *      over one connection each, all at once, for BENCH_CONSOLE_SECONDS per run: one run per rate of
 *      BENCH_CONSOLE_USER_RATES (pages a second per user; 0, a closed loop);
 *   2. starts: `POST /api/account-requests` with the head's API key at a fixed rate (autocannon's
 *      `overallRate`) for each rate of BENCH_START_RATES, every request a distinct proposal under its
 *      own idempotency key, with the worker running and then stopped (BENCH_START_WORKER); afterwards
 *      every process answered 202 is looked up in Temporal and its registry row counted.
 * Results: bench/results/api-<date>.{json,md}, with the load average at start and end.
 */
import autocannon from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { accountCreationWorkflowId } from '../contracts/accountCreation';
import { requestModel } from '../infra/models/request';
import { freePort } from '../local/ports';
import { REPO_ROOT } from '../local/tools';
import { workerProcess } from '../local/workerProcess';
import { Browser } from '../test/support/browser';
import { registerAccounts } from '../test/support/faults/workload';
import { validProposal } from '../test/support/fixtures';
import { startTestStack, TEST_LINK_SECRET, WORKER_MAIN, type TestStack } from '../test/support/stack';
import { sampleProcesses } from './procStats';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const CONSOLE_USERS = env('BENCH_CONSOLE_USERS', 50);
const CONSOLE_SECONDS = env('BENCH_CONSOLE_SECONDS', 30);
const CONSOLE_WARMUP_SECONDS = env('BENCH_CONSOLE_WARMUP_SECONDS', 5);
/** Runs, each at most this many pages a second per user; 0: the next page as soon as the last answered (a closed loop). */
const CONSOLE_USER_RATES = (process.env.BENCH_CONSOLE_USER_RATES ?? '1,0').split(',').map(Number);
const START_RATES = (process.env.BENCH_START_RATES ?? '50,100').split(',').map(Number);
const START_SECONDS = env('BENCH_START_SECONDS', 20);
/** Seconds between two rate steps, so the worker's backlog from one weighs less on the next. */
const START_PAUSE_SECONDS = env('BENCH_START_PAUSE_SECONDS', 20);
/**
 * `running`: the worker runs the processes as they start (the whole system on these cores); `stopped`:
 * it is stopped during the steps, so the API, Temporal and FerretDB alone take the starts and the
 * processes wait in Temporal's queue. Not the default: starts came slower, not faster (likely the dev
 * server writing every workflow task to its SQLite file when no poller takes it).
 */
const START_WORKER_MODES = (process.env.BENCH_START_WORKER ?? 'running').split(',') as Array<'running' | 'stopped'>;
const RESULTS_DIR = process.env.BENCH_RESULTS_DIR ?? join(REPO_ROOT, 'bench', 'results');
/**
 * `1`: the starts go to the production API entry (`api/main.ts`) in a process of its own, as a deployment
 * runs it, instead of the stack's API in this process, which shares its event loop with autocannon and the
 * SMTP capture. The console runs stay on the stack's API.
 */
const API_PROCESS = process.env.BENCH_API_PROCESS === '1';
/** The API process's name in /proc (node's `--title`), so its CPU is told from the worker's. */
const API_TITLE = 'custodio-api';
const TARGETS = { startsPerSecond: 50, startP99Ms: 250, consoleUsers: 50, consoleP95Ms: 100 };
/** Direct children of this process measured by CPU time: the worker entry runs as `node`. */
const SERVERS = { temporal: 'temporal', ferretdb: 'ferretdb', worker: 'node', api: API_TITLE } as const;

const say = (m: string) => console.log(`[bench:api] ${new Date().toISOString()} ${m}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Nearest-rank percentile of an ascending list. */
const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);
const round = (n: number) => Math.round(n * 10) / 10;
const figures = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return { count: s.length, p50Ms: round(percentile(s, 50)), p90Ms: round(percentile(s, 90)), p95Ms: round(percentile(s, 95)), p99Ms: round(percentile(s, 99)), maxMs: round(s.at(-1) ?? NaN) };
};
type Figures = ReturnType<typeof figures>;
const cpuOf = () => Object.fromEntries(Object.entries(sampleProcesses(SERVERS)).map(([k, v]) => [k, v.cpuS]));
const cpuSince = (before: Record<string, number>) => Object.fromEntries(Object.entries(cpuOf()).map(([k, v]) => [k, round(v - (before[k] ?? 0))]));
/** An address of one's own: the API limits sign-ins and submissions per address (it trusts its loopback proxy). */
const addressOf = (net: number, i: number) => `10.${net}.${(i >> 8) & 255}.${i & 255}`;

/** Runs autocannon, telling `timed` each response's status and time (ms) as it arrives. */
const cannon = (options: autocannon.Options, timed: (status: number, ms: number) => void) =>
  new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (err: unknown, result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result)));
    instance.on('response', (_client, status, _bytes, ms) => timed(status, ms));
  });

// ---------------------------------------------------------------------------------------------
// Console: signed-in people loading pages
// ---------------------------------------------------------------------------------------------

interface ConsoleUser {
  email: string;
  browser: Browser;
  pages: Array<{ name: string; path: string }>;
}

const PAGE_NAMES = ['home', 'entityAccounts', 'account', 'requests'] as const;

/** Entities of three people (head, second, CM) with five accounts each; every person signs in from their own address. */
async function consoleUsers(stack: TestStack<never>): Promise<ConsoleUser[]> {
  const perEntity = 5;
  const entities = Math.ceil(CONSOLE_USERS / 3);
  const accounts = await registerAccounts(stack.db, entities * perEntity, 'con', perEntity);
  const users: ConsoleUser[] = [];
  for (let i = 0; i < CONSOLE_USERS; i++) {
    const e = Math.floor(i / 3);
    const entityId = `con-e${String(e).padStart(4, '0')}`;
    const email = `${['head', 'second', 'cm'][i % 3]}@${entityId}.falla.gob.pe`;
    const browser = new Browser(stack.apiUrl, { 'x-forwarded-for': addressOf(20, i) });
    await browser.signIn(email, stack.mailbox);
    const account = accounts[e * perEntity + (i % perEntity)]!;
    const paths = ['/', `/entidades/${entityId}/cuentas`, `/cuentas/${account.accountId}`, '/solicitudes'];
    users.push({ email, browser, pages: paths.map((path, k) => ({ name: PAGE_NAMES[k]!, path })) });
  }
  // Each page once, as that person, before any load: a refusal here is a bench mistake, not a figure.
  for (const u of users) {
    for (const p of u.pages) {
      const { status, html } = await u.browser.open(p.path);
      if (status !== 200) throw new Error(`${u.email} ${p.path} answered ${status}: ${html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 200)}`);
    }
  }
  return users;
}

interface ConsoleRun {
  /** Pages a second per user at most; 0: closed loop. */
  userRate: number;
  seconds: number;
  pages: number;
  pagesPerSecond: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  all: Figures;
  byPage: Record<string, Figures>;
  cpuSeconds: Record<string, number>;
}

/** One autocannon per person (one connection, their cookie and address), all at once; latencies per page. */
async function loadConsole(stack: TestStack<never>, users: ConsoleUser[], seconds: number, userRate: number): Promise<ConsoleRun> {
  const samples: Array<{ page: string; ms: number; status: number }> = [];
  const cpu = cpuOf();
  const t0 = Date.now();
  const results = await Promise.all(
    users.map(async (u, i) => {
      let answered = '';
      // autocannon paces a connection by the second from its start: started together, the people would
      // all click at the same instant every second. Spread over the interval, they arrive as people do.
      if (userRate > 0) await sleep((i / users.length) * (1000 / userRate));
      return cannon(
        {
          url: stack.apiUrl,
          connections: 1,
          duration: seconds,
          ...(userRate > 0 ? { connectionRate: userRate } : {}),
          headers: { cookie: u.browser.cookieHeader, 'x-forwarded-for': addressOf(20, i) },
          // The response arrives through onResponse first, then as the 'response' event with its time.
          requests: u.pages.map((p) => ({ method: 'GET' as const, path: p.path, onResponse: () => void (answered = p.name) })),
        },
        (status, ms) => void samples.push({ page: answered, ms, status }),
      );
    }),
  );
  const elapsed = (Date.now() - t0) / 1000;
  const statuses: Record<string, number> = {};
  for (const s of samples) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  return {
    userRate,
    seconds: round(elapsed),
    pages: samples.length,
    pagesPerSecond: round(samples.length / elapsed),
    statuses,
    errors: results.reduce((n, r) => n + r.errors, 0),
    timeouts: results.reduce((n, r) => n + r.timeouts, 0),
    all: figures(samples.map((s) => s.ms)),
    byPage: Object.fromEntries(PAGE_NAMES.map((name) => [name, figures(samples.filter((s) => s.page === name).map((s) => s.ms))])),
    cpuSeconds: cpuSince(cpu),
  };
}

// ---------------------------------------------------------------------------------------------
// Starts: POST /api/account-requests with an API key, at a fixed rate
// ---------------------------------------------------------------------------------------------

let submitted = 0;

/** A valid Anexo 4 proposal of the Ministerio de Cultura, its two names unique to `n`. */
const proposal = (n: number) => {
  const tag = String(n).padStart(6, '0');
  return JSON.stringify(validProposal({ proposedNames: [`Api${tag}Bn`, `Alt${tag}Bn`] }));
};

interface StartStep {
  worker: 'running' | 'stopped';
  rate: number;
  seconds: number;
  requests: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  accepted: number;
  acceptedPerSecond: number;
  latency: Figures;
  /** Of the requests answered 202: their processes found in Temporal, and the registry's request rows. */
  verified: { processesFound: number; missing: string[]; requestRows: number };
  cpuSeconds: Record<string, number>;
}

/** The production API entry in a process of its own, on the stack's servers (`BENCH_API_PROCESS=1`). */
async function startApiProcess(stack: TestStack<never>): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const api = workerProcess({
    command: process.execPath,
    args: [`--title=${API_TITLE}`, '--enable-source-maps', '-r', join(REPO_ROOT, 'test', 'support', 'tsRequire.js'), join(REPO_ROOT, 'api', 'main.ts')],
    env: {
      PORT: String(port),
      TEMPORAL_ADDRESS: stack.temporal.address,
      TEMPORAL_NAMESPACE: 'default',
      TASK_QUEUE: stack.taskQueue,
      MONGODB_URI: `mongodb://${stack.db.host}:${stack.db.port}/${stack.db.name}`,
      SMTP_URL: stack.mailbox.url,
      LINK_SECRET: TEST_LINK_SECRET,
      PUBLIC_URL: stack.apiUrl,
      // As deployed: every request logged (pino), to the file below.
      LOG_LEVEL: 'info',
      ...(stack.graph ? { META_GRAPH_URL: stack.graph.url } : {}),
    },
    logFile: join(tmpdir(), `custodio-bench-api-${process.pid}.log`),
    ready: /"msg":"API listening"/,
  });
  await api.start();
  return { url: `http://127.0.0.1:${port}`, stop: () => api.stop() };
}

async function startStep(stack: TestStack<never>, apiUrl: string, apiKey: string, worker: StartStep['worker'], rate: number, tag: string, seconds = START_SECONDS): Promise<StartStep> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const accepted: string[] = [];
  const rowsBefore = await requestModel(stack.db).countDocuments({ entityId: 'mincul' });
  const cpu = cpuOf();
  const t0 = Date.now();
  // One connection a start a second, `rate` of them, each starting 1/rate s after the one before: the
  // starts arrive evenly spread, not in a burst at each second (autocannon paces by the second).
  const request: autocannon.Request = {
    method: 'POST',
    setupRequest: (req) => {
      const n = submitted++;
      return {
        ...req,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${apiKey}`,
          'idempotency-key': `bench-${tag}-${n}`,
          // One address per request: the API takes 30 submissions a minute from one address.
          'x-forwarded-for': addressOf(30 + (n >> 16), n & 0xffff),
        },
        body: proposal(n),
      };
    },
    onResponse: (status, body) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === 202) accepted.push((JSON.parse(body) as { id: string }).id);
    },
  };
  const results = await Promise.all(
    Array.from({ length: rate }, async (_, i) => {
      await sleep((i * 1000) / rate);
      return cannon({ url: `${apiUrl}/api/account-requests`, connections: 1, connectionRate: 1, amount: seconds, requests: [request] }, (_status, ms) => void latencies.push(ms));
    }),
  );
  const elapsed = (Date.now() - t0) / 1000;
  const cpuSeconds = cpuSince(cpu);
  say(`${rate}/s: ${accepted.length} of ${latencies.length} answered 202 in ${elapsed.toFixed(1)} s; looking the processes up`);
  // Visibility is eventually consistent: describe each process instead (it reads its own state), 16 at a time.
  const missing: string[] = [];
  const queue = [...accepted];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
        await stack.client.workflow
          .getHandle(accountCreationWorkflowId(id))
          .describe()
          .catch(() => missing.push(id));
      }
    }),
  );
  const requestRows = (await requestModel(stack.db).countDocuments({ entityId: 'mincul' })) - rowsBefore;
  return {
    worker,
    rate,
    seconds: round(elapsed),
    requests: latencies.length,
    statuses,
    errors: results.reduce((n, r) => n + r.errors, 0),
    timeouts: results.reduce((n, r) => n + r.timeouts, 0),
    accepted: accepted.length,
    acceptedPerSecond: round(accepted.length / elapsed),
    latency: figures(latencies),
    verified: { processesFound: accepted.length - missing.length, missing: missing.slice(0, 20), requestRows },
    cpuSeconds,
  };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  say(`starting the stack; ${CONSOLE_USERS} console users; start rates ${START_RATES.join(', ')}/s for ${START_SECONDS} s each, worker ${START_WORKER_MODES.join(' then ')}`);
  const stack = await startTestStack({}, { temporalFile: true, stack: { workerProcess: WORKER_MAIN, mailCapture: { keep: true } } });
  let stopApi: (() => Promise<void>) | undefined;
  try {
    const loadAtStart = loadavg();
    say('signing the console users in');
    const users = await consoleUsers(stack);
    say(`console: ${CONSOLE_WARMUP_SECONDS} s to warm up, then ${CONSOLE_SECONDS} s measured per run`);
    if (CONSOLE_WARMUP_SECONDS > 0) await loadConsole(stack, users, CONSOLE_WARMUP_SECONDS, 0);
    const consoleRuns: ConsoleRun[] = [];
    for (const rate of CONSOLE_USER_RATES) {
      consoleRuns.push(await loadConsole(stack, users, CONSOLE_SECONDS, rate));
      say(`console at ${rate || 'closed loop'} pages/s per user: ${consoleRuns.at(-1)!.pages} pages, p95 ${consoleRuns.at(-1)!.all.p95Ms} ms`);
    }

    // The head creates the API key the way a technical team gets one.
    const head = new Browser(stack.apiUrl, { 'x-forwarded-for': addressOf(29, 1) });
    await head.signIn('aquispe@cultura.gob.pe', stack.mailbox);
    const created = await head.api('POST', '/api/entities/mincul/api-keys', { label: 'Benchmark' });
    if (created.status !== 201) throw new Error(`API key: ${created.status} ${created.text.slice(0, 200)}`);
    const apiKey = created.json.key as string;
    // A few starts first, not counted: the first Temporal calls open connections and warm caches.
    const apiProcess = API_PROCESS ? await startApiProcess(stack) : undefined;
    stopApi = apiProcess?.stop;
    const apiUrl = apiProcess?.url ?? stack.apiUrl;
    await startStep(stack, apiUrl, apiKey, 'running', 5, 'warmup', 4);

    const starts: StartStep[] = [];
    for (const worker of START_WORKER_MODES) {
      if (worker === 'stopped') await stack.stopWorker();
      for (const rate of START_RATES) {
        await sleep(START_PAUSE_SECONDS * 1000);
        say(`starts at ${rate}/s for ${START_SECONDS} s, worker ${worker}`);
        starts.push(await startStep(stack, apiUrl, apiKey, worker, rate, `${worker}-r${rate}`));
        say(`starts at ${rate}/s, worker ${worker}: ${starts.at(-1)!.acceptedPerSecond}/s, p99 ${starts.at(-1)!.latency.p99Ms} ms`);
      }
    }

    const at = new Date().toISOString();
    const atTarget = (s: StartStep) => s.rate >= TARGETS.startsPerSecond && s.acceptedPerSecond >= TARGETS.startsPerSecond * 0.98 && s.latency.p99Ms < TARGETS.startP99Ms;
    const consoleAt = (r: ConsoleRun) => r.all.p95Ms < TARGETS.consoleP95Ms;
    const startsOk = starts.every((s) => s.accepted === s.requests && s.verified.processesFound === s.accepted && s.verified.requestRows === s.accepted && s.errors === 0);
    const consoleOk = consoleRuns.every((r) => (r.statuses['200'] ?? 0) === r.pages && r.errors === 0 && r.timeouts === 0);
    const result = {
      benchmark: 'API: starts and console page loads (issue 18 §2)',
      at,
      targets: TARGETS,
      /** Per step and run, in their order: whether it met the target (a start step below the target rate cannot). */
      met: { starts: starts.map(atTarget), console: consoleRuns.map((r) => users.length >= TARGETS.consoleUsers && consoleAt(r)) },
      console: { users: users.length, pageKinds: PAGE_NAMES, runs: consoleRuns },
      starts,
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), loadAtStart, loadAtEnd: loadavg() },
      setup: `startTestStack: Temporal dev server (SQLite file), FerretDB, SMTP capture, API in the bench process, worker/main.ts in its own process${API_PROCESS ? '; the starts go to api/main.ts in a process of its own (LOG_LEVEL info, as deployed)' : ''}; rate limits as in production, each client from its own x-forwarded-for address`,
      apiProcess: API_PROCESS,
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    const base = join(RESULTS_DIR, `api-${at.replace(/[:.]/g, '-').slice(0, 19)}`);
    writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
    const ms = (f: Figures) => `p50 ${f.p50Ms}, p90 ${f.p90Ms}, p95 ${f.p95Ms}, p99 ${f.p99Ms}, max ${f.maxMs} ms`;
    const codes = (s: Record<string, number>) => Object.entries(s).map(([k, v]) => `${k}×${v}`).join(', ');
    const md = [
      `# API: starts and console page loads, ${at}`,
      '',
      `${result.setup}. ${result.machine.cpus} CPUs (${result.machine.cpuModel}), load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}, at end ${result.machine.loadAtEnd.map((l) => l.toFixed(2)).join(' ')}.`,
      '',
      `## Console: ${users.length} signed-in users at once, ${CONSOLE_SECONDS} s per run`,
      '',
      ...consoleRuns.flatMap((r) => [
        `### ${r.userRate ? `At most ${r.userRate} page/s per user` : 'Closed loop: each user asks for the next page as soon as the last answered'}`,
        '',
        `${r.pages} pages in ${r.seconds} s (${r.pagesPerSecond}/s); statuses ${codes(r.statuses)}; errors ${r.errors}, timeouts ${r.timeouts}. Target p95 < ${TARGETS.consoleP95Ms} ms: ${consoleAt(r) ? 'met' : 'missed'}.`,
        '',
        '| page | pages | latency |',
        '|---|---|---|',
        `| all | ${r.all.count} | ${ms(r.all)} |`,
        ...PAGE_NAMES.map((p) => `| ${p} | ${r.byPage[p]!.count} | ${ms(r.byPage[p]!)} |`),
        '',
        `CPU seconds during the run: ${Object.entries(r.cpuSeconds).map(([k, v]) => `${k === 'self' ? 'bench + API' : k} ${v}`).join(', ')}.`,
        '',
      ]),
      `## Starts: POST /api/account-requests with an API key, ${START_SECONDS} s per rate`,
      '',
      `Target ≥ ${TARGETS.startsPerSecond}/s with p99 < ${TARGETS.startP99Ms} ms. Worker \`running\`: it runs the processes as they start, on the same cores; \`stopped\`: the API, Temporal and FerretDB alone take the starts.`,
      '',
      `| worker | rate | requests | statuses | accepted/s | latency | target | processes found / request rows | CPU s (${API_PROCESS ? 'bench, API process' : 'bench + API'}, Temporal, FerretDB, worker) |`,
      '|---|---|---|---|---|---|---|---|---|',
      ...starts.map(
        (s) =>
          `| ${s.worker} | ${s.rate}/s | ${s.requests} | ${codes(s.statuses)}${s.errors ? `, errors ${s.errors}` : ''} | ${s.acceptedPerSecond} | ${ms(s.latency)} | ${atTarget(s) ? 'met' : 'missed'} | ${s.verified.processesFound} / ${s.verified.requestRows} | ${[s.cpuSeconds.self, ...(API_PROCESS ? [s.cpuSeconds.api] : []), s.cpuSeconds.temporal, s.cpuSeconds.ferretdb, s.cpuSeconds.worker].join(', ')} |`,
      ),
      '',
    ].join('\n');
    writeFileSync(`${base}.md`, md);
    console.log(md);
    return startsOk && consoleOk ? 0 : 1;
  } finally {
    await stopApi?.();
    await stack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
