import type { Connection } from 'mongoose';
import type { Logger } from '../infra/logger';
import { purgeExpired } from '../infra/models/credentials';
import { inventoryImportModel } from '../infra/models/inventoryImport';
import { trusted } from '../infra/db';
import { openSteps } from '../registry/openSteps';

/** A closed step's row guards its key against a late retry of its email activity (minutes at most), then goes. */
const CLOSED_STEP_KEPT_MS = 86_400_000;
/** An inventory preview waits a day for its confirmation. */
export const INVENTORY_PREVIEW_KEPT_MS = 86_400_000;

/**
 * Hourly removal of expired sign-in links and sessions, of closed steps' rows, and of inventory previews a
 * day old (they hold responsibles' phones); FerretDB has no TTL indexes.
 */
export function startHousekeeping(db: Connection, log: Logger, everyMs = 3_600_000): { stop(): void } {
  const run = () => {
    void purgeExpired(db).catch((err: unknown) => log.warn({ err }, 'purge of expired sessions failed'));
    void openSteps(db).purgeClosed(new Date(Date.now() - CLOSED_STEP_KEPT_MS)).catch((err: unknown) => log.warn({ err }, 'purge of closed steps failed'));
    void inventoryImportModel(db)
      .deleteMany({ readAt: trusted({ $lt: new Date(Date.now() - INVENTORY_PREVIEW_KEPT_MS) }) })
      .catch((err: unknown) => log.warn({ err }, 'purge of inventory previews failed'));
  };
  const timer = setInterval(run, everyMs);
  timer.unref();
  run();
  return { stop: () => clearInterval(timer) };
}
