/**
 * What one process costs the worker before it runs a line of its own (issue 18 §1). Not a test:
 * `npm run bench:footprint`.
 *
 * The SDK's worker runs every workflow in one reusable V8 context, but gives each process it holds in
 * its cache a module cache of its own: the bundle's modules are evaluated again for each process (only
 * modules named in `preloadModules` are shared, and those are deep-frozen, which zod does not survive).
 * This bundles the workflows as the worker does (`bundleWorkflowCode`), evaluates the bundle in a V8
 * context with a per-process module cache as the SDK's reusable context does, and per workflow type
 * loads BENCH_INSTANCES processes' modules, keeping them alive as the cache would: heap per process
 * (after a full GC) and CPU per process. It does the same with an entry that re-exports every workflow
 * eagerly, as `workflows/index.ts` did before, for comparison.
 *
 * Results: bench/results/footprint-<date>.{json,md}. Needs `--expose-gc` (the npm script passes it).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { runInContext, createContext } from 'node:vm';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { REPO_ROOT } from '../local/tools';
import { WORKFLOWS_PATH } from '../worker/createWorker';
import { intEnv } from './env';

const INSTANCES = intEnv('BENCH_INSTANCES', 200);
const RESULTS_DIR = process.env.BENCH_RESULTS_DIR ?? join(REPO_ROOT, 'bench', 'results');
const TYPES = ['credentialRotation', 'reminderDigest', 'accountCreation', 'campaign', 'contentPublication', 'roleReview'];

interface Footprint { heapKiBPerProcess: number; cpuMsPerProcess: number; modulesPerProcess: number }

const gc = (globalThis as { gc?: () => void }).gc;

/** Loads `type`'s modules for INSTANCES processes of one bundle, each with its own module cache, all kept alive. */
function measure(code: string, type: string): Footprint {
  let current = new Map<string | symbol, unknown>();
  const cache = new Proxy({}, { get: (_, p) => current.get(p), set: (_, p, v) => (current.set(p, v), true) });
  const context = createContext({ console, TextEncoder, TextDecoder, URL, URLSearchParams, queueMicrotask, setTimeout, clearTimeout });
  Object.defineProperty(context, '__webpack_module_cache__', { value: cache });
  runInContext(code, context);
  const held: Array<Map<string | symbol, unknown>> = [];
  // The workflow function refuses to run outside an execution (a rejected promise), after its module
  // loaded: synchronously, within this call, so into this process's module cache.
  const load = () => {
    current = new Map();
    runInContext(`__TEMPORAL__.importWorkflows()[${JSON.stringify(type)}]({ history: [] }).catch(() => {})`, context);
    held.push(current);
  };
  load();
  gc!();
  const heapBefore = process.memoryUsage().heapUsed;
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < INSTANCES; i++) load();
  const cpu = process.cpuUsage(cpuBefore);
  gc!();
  const heapAfter = process.memoryUsage().heapUsed;
  return {
    heapKiBPerProcess: Math.round((heapAfter - heapBefore) / INSTANCES / 1024),
    cpuMsPerProcess: +((cpu.user + cpu.system) / 1000 / INSTANCES).toFixed(2),
    modulesPerProcess: held[1]!.size,
  };
}

async function main(): Promise<number> {
  if (!gc) throw new Error('run with node --expose-gc (npm run bench:footprint)');
  const logger = new DefaultLogger('WARN');
  // The entry as it was: every workflow module re-exported, so loading one loads all. Written inside the
  // repository (ignored by git, removed after), where the bundler finds node_modules.
  const dir = mkdtempSync(join(REPO_ROOT, '.footprint-'));
  const workflowsDir = join(REPO_ROOT, 'workflows');
  const eagerEntry = join(dir, 'eager.ts');
  const modules = readdirSync(workflowsDir).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
  writeFileSync(eagerEntry, modules.map((f) => `export * from ${JSON.stringify(join(workflowsDir, f.replace(/\.ts$/, '')))};`).join('\n') + '\n');
  const bundles = await Promise.all([bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger }), bundleWorkflowCode({ workflowsPath: eagerEntry, logger })])
    .then(([onDemand, eager]) => ({ onDemand: onDemand.code, eager: eager.code }))
    .finally(() => rmSync(dir, { recursive: true, force: true }));
  const results: Record<string, Record<string, Footprint>> = {};
  for (const [entry, code] of Object.entries(bundles)) {
    for (const type of TYPES) (results[type] ??= {})[entry] = measure(code, type);
  }
  const at = new Date();
  const stamp = at.toISOString().replace(/:/g, '-').replace(/\..*/, '');
  const setup = { instances: INSTANCES, node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, loadAvg: loadavg().map((l) => +l.toFixed(2)) };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `footprint-${stamp}.json`), JSON.stringify({ at: at.toISOString(), setup, results }, null, 2) + '\n');
  const rows = TYPES.map((t) => {
    const { onDemand: o, eager: e } = results[t]!;
    return `| ${t} | ${e!.heapKiBPerProcess} KiB, ${e!.cpuMsPerProcess} ms, ${e!.modulesPerProcess} modules | ${o!.heapKiBPerProcess} KiB, ${o!.cpuMsPerProcess} ms, ${o!.modulesPerProcess} modules |`;
  });
  const md = [
    `# Workflow footprint per process, ${at.toISOString()}`,
    '',
    `${INSTANCES} processes per workflow type, each with its own module cache as the SDK's reusable V8 context keeps them; heap after a full GC and CPU to load its modules. Node ${setup.node}, ${setup.cpus} CPUs (${setup.cpuModel}), load average ${setup.loadAvg.join(' ')}.`,
    '',
    '| workflow type | eager entry (every workflow re-exported) | entry that loads on first use (`workflows/index.ts`) |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  writeFileSync(join(RESULTS_DIR, `footprint-${stamp}.md`), md);
  console.log(md);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
