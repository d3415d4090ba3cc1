import type { Model } from 'mongoose';
import type { RotationStart } from '../contracts/processes';
import { trusted } from '../infra/db';
import type { AccountDoc } from '../infra/models/account';
import type { RotationDoc } from '../infra/models/rotation';

/**
 * Where an account's rotation process starts when none is running (start-up reconciliation, an
 * immediate rotation asked of a process an operator ended): after the registry's last confirmed
 * rotation, or the activation, with the next cycle. Step names, outbox keys and old links then never
 * repeat those of the process it replaces.
 */
export function rotationStarts(deps: { accounts: Model<AccountDoc>; rotations: Model<RotationDoc> }) {
  return async (accountIds: string[]): Promise<RotationStart[]> => {
    if (!accountIds.length) return [];
    const accounts = await deps.accounts.find({ _id: trusted({ $in: accountIds }) }, { _id: 1, activatedAt: 1 }).lean();
    const activated = new Map(accounts.map((a) => [a._id, a.activatedAt]));
    const starts: RotationStart[] = [];
    for (const accountId of accountIds) {
      const last = await deps.rotations.findOne({ accountId }).sort({ confirmedAt: -1 }).lean();
      const from = last?.confirmedAt ?? activated.get(accountId) ?? new Date();
      starts.push({ accountId, lastConfirmedAt: new Date(from).toISOString(), cycle: (last?.cycle ?? 0) + 1 });
    }
    return starts;
  };
}

export type RotationStarts = ReturnType<typeof rotationStarts>;
