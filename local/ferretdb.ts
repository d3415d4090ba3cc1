import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './ports';
import { startProcess, type RunningServer } from './process';
import { toolPath } from './tools';

export interface FerretDb extends RunningServer {
  port: number;
  /** A MongoDB URI for the given database name. */
  uri(db: string): string;
}

/** FerretDB v1 speaking the MongoDB protocol over SQLite files in `dataDir/ferretdb`. */
export async function startFerretDb(opts: { dataDir: string; port?: number }): Promise<FerretDb> {
  const port = opts.port ?? (await freePort());
  const dir = join(opts.dataDir, 'ferretdb');
  mkdirSync(dir, { recursive: true });
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${dir}/`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
    `--state-dir=${dir}`,
  ];
  const server = await startProcess({ name: 'FerretDB', command: toolPath('ferretdb'), args, port, logFile: join(opts.dataDir, 'logs', 'ferretdb.log') });
  return { ...server, port, uri: (db) => `mongodb://127.0.0.1:${port}/${db}` };
}
