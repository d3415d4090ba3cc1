/**
 * The facts PCM 5.2.5's flag is judged from (domain/inactivity.ts): the day of an account's newest export
 * (its readings, as registry/quarterlyReports.ts reads coverage, or a confirmed import that brought no
 * post at all) and its last imported publication. Three reads per account.
 */
import type { Connection } from 'mongoose';
import { inactivityOf, INACTIVITY_DEFAULT_DAYS, type Inactivity } from '../domain/inactivity';
import { trusted } from '../infra/db';
import type { AccountDoc } from '../infra/models/account';
import type { EntityDoc } from '../infra/models/entity';
import { metricsImportModel } from '../infra/models/metricsImport';
import { postMetricModel } from '../infra/models/postMetric';

export async function accountInactivity(db: Connection, account: Pick<AccountDoc, '_id' | 'activatedAt'>, entity: Pick<EntityDoc, 'inactivityDays'>): Promise<Inactivity> {
  const readings = postMetricModel(db);
  const [imported, read, last] = await Promise.all([
    metricsImportModel(db).findOne({ accountId: account._id, confirmedAt: trusted({ $exists: true }) }).sort({ exportedOn: -1 }).select({ exportedOn: 1 }).lean(),
    readings.findOne({ accountId: account._id }).sort({ exportedOn: -1 }).select({ exportedOn: 1 }).lean(),
    readings.findOne({ accountId: account._id }).sort({ publishedAt: -1 }).select({ publishedAt: 1 }).lean(),
  ]);
  const exportedOn = [imported?.exportedOn, read?.exportedOn].filter((d): d is string => Boolean(d)).sort().at(-1);
  return inactivityOf(
    { activatedAt: account.activatedAt, ...(exportedOn ? { exportedOn } : {}), ...(last ? { lastPublishedAt: last.publishedAt } : {}) },
    entity.inactivityDays ?? INACTIVITY_DEFAULT_DAYS,
  );
}
