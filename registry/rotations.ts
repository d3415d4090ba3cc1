import type { Model } from 'mongoose';
import type { RotationStart } from '../contracts/processes';
import type { PolicyProfileId } from '../domain/policyProfiles';
import { countingStart, nextRotationDue } from '../domain/rotation';
import { trusted } from '../infra/db';
import { peruPublicHolidays } from '../infra/holidays';
import type { AccountDoc } from '../infra/models/account';
import type { RotationDoc } from '../infra/models/rotation';

/**
 * Where an account's rotation process starts when none is running (a new or registered account,
 * start-up reconciliation, an immediate rotation asked of a process an operator ended): after the
 * registry's last confirmed rotation, with the next cycle; before any, from `countingStart`. Step
 * names, outbox keys and old links then never repeat those of the process it replaces.
 */
export function rotationStarts(deps: { accounts: Model<AccountDoc>; rotations: Model<RotationDoc> }) {
  return async (accountIds: string[]): Promise<RotationStart[]> => {
    if (!accountIds.length) return [];
    const accounts = await deps.accounts.find({ _id: trusted({ $in: accountIds }) }, { _id: 1, activatedAt: 1, origin: 1, lastRotatedOn: 1 }).lean();
    const byId = new Map(accounts.map((a) => [a._id, a]));
    const starts: RotationStart[] = [];
    for (const accountId of accountIds) {
      const last = await deps.rotations.findOne({ accountId }).sort({ confirmedAt: -1 }).lean();
      if (last) {
        starts.push({ accountId, lastConfirmedAt: new Date(last.confirmedAt).toISOString(), cycle: last.cycle + 1 });
        continue;
      }
      const { from, dueAtOnce } = countingStart(byId.get(accountId) ?? { activatedAt: new Date() });
      starts.push({ accountId, lastConfirmedAt: from.toISOString(), cycle: 1, ...(dueAtOnce ? { dueAt: from.toISOString() } : {}) });
    }
    return starts;
  };
}

export type RotationStarts = ReturnType<typeof rotationStarts>;

/**
 * The instant the next rotation is due, counted from `from` under the profile and the entity's decreed
 * days, as the rotation process counts it (its `rotationDue` activity calls this; the accounts page too).
 */
export function rotationDueFrom(from: Date, profile: PolicyProfileId, decreedDays: readonly string[]): Date {
  const years = [from.getUTCFullYear(), from.getUTCFullYear() + 1];
  return nextRotationDue(from, profile, new Set([...peruPublicHolidays(years), ...decreedDays]));
}
