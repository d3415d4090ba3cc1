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
    // decisions) went from p50 428 ms to 290 ms. SQLite pragmas (WAL, synchronous=normal) moved it by
    // 10 ms more, within the noise, and are left out.
    '--dynamic-config-value', 'system.enableActivityEagerExecution=true',
  ];
  const server = await startProcess({ name: 'Temporal dev server', command: toolPath('temporal'), args, port, logFile: join(opts.dataDir, 'logs', 'temporal.log'), timeoutMs: 90_000 });
  return { ...server, address: `127.0.0.1:${port}`, uiUrl: `http://127.0.0.1:${uiPort}` };
}
