import type { Connection } from 'mongoose';
import type { Logger } from '../infra/logger';
import { purgeExpired } from '../infra/models/credentials';

/** Hourly removal of expired sign-in links and sessions (FerretDB has no TTL indexes). */
export function startHousekeeping(db: Connection, log: Logger, everyMs = 3_600_000): { stop(): void } {
  const run = () => void purgeExpired(db).catch((err: unknown) => log.warn({ err }, 'purge of expired sessions failed'));
  const timer = setInterval(run, everyMs);
  timer.unref();
  run();
  return { stop: () => clearInterval(timer) };
}
