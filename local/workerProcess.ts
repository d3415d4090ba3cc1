import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** How to run the production worker entry (`worker/main.ts`): `node dist/worker/main.js`, or its sources through a loader. */
export interface WorkerCommand {
  command: string;
  args: string[];
}

/**
 * The worker in an OS process of its own, as a deployment runs it, so that it can die the way
 * processes die (SIGKILL: no shutdown, activities cut off mid-flight) while the API and the servers
 * stay up. The entry reads its configuration from `env` like any deployment.
 */
export interface WorkerProcess {
  /** Spawns it and resolves once it has connected and polls the task queue. */
  start(): Promise<void>;
  /** SIGTERM, as a deploy stops it: the SDK drains, then the process exits. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash or the OOM killer would: resolves once the process is gone. */
  kill(): Promise<void>;
  /** The running process's id; undefined while none runs. */
  pid(): number | undefined;
}

/** What `worker/main.ts` logs once it is about to poll (after start-up reconciliation); `ready` names another entry's line. */
const READY = /"msg":"worker started"/;

export function workerProcess(opts: WorkerCommand & { env: Record<string, string>; logFile: string; readyTimeoutMs?: number; ready?: RegExp }): WorkerProcess {
  const ready = opts.ready ?? READY;
  mkdirSync(dirname(opts.logFile), { recursive: true });
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  let child: ChildProcess | undefined;

  const gone = (c: ChildProcess) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => c.once('exit', () => r())));

  async function signal(sig: NodeJS.Signals): Promise<void> {
    const c = child;
    if (!c) return;
    child = undefined;
    const exited = gone(c);
    c.kill(sig);
    // A worker that does not drain in time is stopped as the service manager would.
    const timer = sig === 'SIGKILL' ? undefined : setTimeout(() => c.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }

  return {
    async start() {
      if (child) throw new Error('the worker process runs already');
      const c = spawn(opts.command, opts.args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
      child = c;
      let tail = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => fail(`did not start within ${opts.readyTimeoutMs ?? 120_000} ms`), opts.readyTimeoutMs ?? 120_000);
        const fail = (why: string) => {
          clearTimeout(timer);
          c.kill('SIGKILL');
          if (child === c) child = undefined;
          reject(new Error(`worker process ${why}\n--- last output (${opts.logFile}) ---\n${tail}`));
        };
        const keep = (chunk: Buffer) => {
          log.write(chunk);
          tail = (tail + chunk.toString()).slice(-3000);
          if (ready.test(tail)) {
            clearTimeout(timer);
            resolve();
          }
        };
        c.stdout!.on('data', keep);
        c.stderr!.on('data', keep);
        c.once('exit', (code, sig) => fail(`exited (${code ?? sig}) before it was ready`));
        c.once('error', (err) => fail(err.message));
      });
    },
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
    pid: () => child?.pid,
  };
}
