import type { Connection } from 'mongoose';
import type { Logger } from '../infra/logger';
import { purgeExpired } from '../infra/models/credentials';
import { inventoryImportModel } from '../infra/models/inventoryImport';
import { metricsImportModel } from '../infra/models/metricsImport';
import { trusted } from '../infra/db';
import { openSteps } from '../registry/openSteps';

/** A closed step's row guards its key against a late retry of its email activity (minutes at most), then goes. */
const CLOSED_STEP_KEPT_MS = 86_400_000;
/** An inventory preview waits a day for its confirmation. */
export const INVENTORY_PREVIEW_KEPT_MS = 86_400_000;

/** A metrics preview waits a day for its confirmation; a confirmed one keeps its summary, its posts being stored by then. */
export const METRICS_PREVIEW_KEPT_MS = 86_400_000;

/**
 * Hourly removal of expired sign-in links and sessions, of closed steps' rows, of inventory previews a
 * day old (they hold responsibles' phones), and of metrics previews a day old (the posts of confirmed
 * ones, which live on as the account's list of imports); FerretDB has no TTL indexes.
 */
export function startHousekeeping(db: Connection, log: Logger, everyMs = 3_600_000): { stop(): void } {
  const run = () => {
    void purgeExpired(db).catch((err: unknown) => log.warn({ err }, 'purge of expired sessions failed'));
    void openSteps(db).purgeClosed(new Date(Date.now() - CLOSED_STEP_KEPT_MS)).catch((err: unknown) => log.warn({ err }, 'purge of closed steps failed'));
    void inventoryImportModel(db)
      .deleteMany({ readAt: trusted({ $lt: new Date(Date.now() - INVENTORY_PREVIEW_KEPT_MS) }) })
      .catch((err: unknown) => log.warn({ err }, 'purge of inventory previews failed'));
    void purgeMetricsPreviews(db, new Date(Date.now() - METRICS_PREVIEW_KEPT_MS)).catch((err: unknown) => log.warn({ err }, 'purge of metrics previews failed'));
  };
  const timer = setInterval(run, everyMs);
  timer.unref();
  run();
  return { stop: () => clearInterval(timer) };
}

/** Removes the metrics previews read before `before` that nobody confirmed, and the posts of the confirmed ones. */
export async function purgeMetricsPreviews(db: Connection, before: Date): Promise<void> {
  const imports = metricsImportModel(db);
  await imports.deleteMany({ readAt: trusted({ $lt: before }), confirmedAt: trusted({ $exists: false }) });
  await imports.updateMany({ readAt: trusted({ $lt: before }), posts: trusted({ $exists: true }) }, { $unset: { posts: 1 } });
}
