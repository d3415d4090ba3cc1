import type { Model } from 'mongoose';
import type { RotationStart } from '../contracts/processes';
import { limaStartOfDay } from '../domain/businessDays';
import { trusted } from '../infra/db';
import type { AccountDoc } from '../infra/models/account';
import type { RotationDoc } from '../infra/models/rotation';

/**
 * Where an account's rotation process starts when none is running (a new or registered account,
 * start-up reconciliation, an immediate rotation asked of a process an operator ended): after the
 * registry's last confirmed rotation, with the next cycle. Before any: a registered account counts
 * from the day its password last changed (the start of that day in Lima), or, when nobody knew it, is
 * due at once, from its registration; a created one counts from its activation. Step names, outbox
 * keys and old links then never repeat those of the process it replaces.
 */
export function rotationStarts(deps: { accounts: Model<AccountDoc>; rotations: Model<RotationDoc> }) {
  return async (accountIds: string[]): Promise<RotationStart[]> => {
    if (!accountIds.length) return [];
    const accounts = await deps.accounts.find({ _id: trusted({ $in: accountIds }) }, { _id: 1, activatedAt: 1, origin: 1, lastRotatedOn: 1 }).lean();
    const byId = new Map(accounts.map((a) => [a._id, a]));
    const starts: RotationStart[] = [];
    for (const accountId of accountIds) {
      const last = await deps.rotations.findOne({ accountId }).sort({ confirmedAt: -1 }).lean();
      const account = byId.get(accountId);
      const activated = new Date(account?.activatedAt ?? Date.now()).toISOString();
      if (last) {
        starts.push({ accountId, lastConfirmedAt: new Date(last.confirmedAt).toISOString(), cycle: last.cycle + 1 });
      } else if (account?.origin === 'registered' && !account.lastRotatedOn) {
        starts.push({ accountId, lastConfirmedAt: activated, cycle: 1, dueAt: activated });
      } else {
        const from = account?.lastRotatedOn ? limaStartOfDay(account.lastRotatedOn).toISOString() : activated;
        starts.push({ accountId, lastConfirmedAt: from, cycle: 1 });
      }
    }
    return starts;
  };
}

export type RotationStarts = ReturnType<typeof rotationStarts>;
