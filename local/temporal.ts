import { join } from 'node:path';
import { freePort } from './ports';
import { startProcess, type RunningServer } from './process';
import { toolPath } from './tools';

export interface TemporalDevServer extends RunningServer {
  address: string;
  uiUrl: string;
}

/**
 * The official `temporal server start-dev`, with its Web UI. With `dbFile` its state survives a
 * restart, so stopping the system loses no running process.
 */
export async function startTemporalDevServer(opts: { dataDir: string; dbFile?: string; port?: number; uiPort?: number }): Promise<TemporalDevServer> {
  // The server also opens ports of its own choosing (HTTP API, metrics, its services' internal ones); one
  // taken between its choice and its bind fails the start, as "address already in use" or as a panic in
  // its dependency wiring (exit code 2). On a busy machine that happens: try again with fresh ports,
  // unless pinned. A start that fails for another reason fails three times, quickly.
  const attempts = opts.port && opts.uiPort ? 1 : 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts);
    } catch (err) {
      if (attempt >= attempts || !/address already in use|exited before accepting connections/.test((err as Error).message)) throw err;
    }
  }
}

async function startOnce(opts: { dataDir: string; dbFile?: string; port?: number; uiPort?: number }): Promise<TemporalDevServer> {
  const port = opts.port ?? (await freePort());
  const uiPort = opts.uiPort ?? (await freePort());
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--ui-port', String(uiPort),
    '--namespace', 'default',
    '--log-level', 'warn',
    ...(opts.dbFile ? ['--db-filename', opts.dbFile] : []),
    // An activity the workflow task schedules goes back in that task's answer to the worker that has a
    // free slot, instead of through the task queue: the approval round trip (bench:roundtrip, 50
    // decisions) went from p50 428 ms to 290 ms.
    '--dynamic-config-value', 'system.enableActivityEagerExecution=true',
    // The dev server's SQLite in WAL mode, each commit synced (`synchronous=full`, as durable as the default
    // rollback journal, which syncs twice a commit and creates and deletes a journal file): 3,000 rotations
    // started at 43/s instead of 26 with 31% less of Temporal's CPU each (bench/README.md, "SQLite in WAL
    // mode"). `synchronous=normal` would save more and lose the last commits on a power cut: not taken.
    '--sqlite-pragma', 'journal_mode=wal',
    '--sqlite-pragma', 'synchronous=full',
  ];
  const server = await startProcess({ name: 'Temporal dev server', command: toolPath('temporal'), args, port, logFile: join(opts.dataDir, 'logs', 'temporal.log'), timeoutMs: 90_000 });
  return { ...server, address: `127.0.0.1:${port}`, uiUrl: `http://127.0.0.1:${uiPort}` };
}
