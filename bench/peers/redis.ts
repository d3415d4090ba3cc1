/**
 * Debian's redis-server for the BullMQ peer, started by the bench on a free port with its files in the
 * bench's temporary folder, never the system service. Durable as a team would run a job queue:
 * append-only file, fsync every second (a crash of Redis itself loses at most the last second; the
 * bench kills only the worker).
 */
import { join } from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { freePort } from '../../local/ports';
import { startProcess, type RunningServer } from '../../local/process';

export const REDIS_BIN = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';
export const REDIS_DURABILITY = { appendonly: 'yes', appendfsync: 'everysec' } as const;

export interface Redis extends RunningServer {
  port: number;
  url: string;
}

export async function startRedis(dataDir: string): Promise<Redis> {
  if (!existsSync(REDIS_BIN)) throw new Error(`redis-server not found at ${REDIS_BIN}: run bash bench/peers/ensure-redis.sh (Debian's redis-server)`);
  const port = await freePort();
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '',
    '--appendonly', REDIS_DURABILITY.appendonly, '--appendfsync', REDIS_DURABILITY.appendfsync,
    // BullMQ refuses to run on an instance that may evict its keys.
    '--maxmemory-policy', 'noeviction', '--daemonize', 'no', '--logfile', '',
  ];
  const server = await startProcess({ name: 'redis-server', command: REDIS_BIN, args, port, logFile: join(dataDir, 'logs', 'redis.log') });
  return { ...server, port, url: `redis://127.0.0.1:${port}` };
}
