import type { Connection } from 'mongoose';
import type { Logger } from '../infra/logger';
import { purgeExpired } from '../infra/models/credentials';
import { openSteps } from '../registry/openSteps';

/** A closed step's row guards its key against a late retry of its email activity (minutes at most), then goes. */
const CLOSED_STEP_KEPT_MS = 86_400_000;

/** Hourly removal of expired sign-in links and sessions, and of closed steps' rows (FerretDB has no TTL indexes). */
export function startHousekeeping(db: Connection, log: Logger, everyMs = 3_600_000): { stop(): void } {
  const run = () => {
    void purgeExpired(db).catch((err: unknown) => log.warn({ err }, 'purge of expired sessions failed'));
    void openSteps(db).purgeClosed(new Date(Date.now() - CLOSED_STEP_KEPT_MS)).catch((err: unknown) => log.warn({ err }, 'purge of closed steps failed'));
  };
  const timer = setInterval(run, everyMs);
  timer.unref();
  run();
  return { stop: () => clearInterval(timer) };
}
