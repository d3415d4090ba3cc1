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
  ];
  const server = await startProcess({ name: 'Temporal dev server', command: toolPath('temporal'), args, port, logFile: join(opts.dataDir, 'logs', 'temporal.log'), timeoutMs: 90_000 });
  return { ...server, address: `127.0.0.1:${port}`, uiUrl: `http://127.0.0.1:${uiPort}` };
}
