/**
 * An account's retirement (final): the one that inserts the account's retirement row retires it (a unique
 * insert: FerretDB's conditional updates are not atomic). Whoever finds the row already there writes the
 * account's status from it, so the registry ends the same whichever retirement won.
 */
import type { Connection } from 'mongoose';
import { insertOnce } from '../infra/db';
import { accountModel, accountRetirementModel, type AccountRetirementDoc } from '../infra/models/account';

export async function retireAccount(
  db: Connection,
  input: { accountId: string; reason: string; by: string; at: Date },
): Promise<{ inserted: boolean; retirement: AccountRetirementDoc }> {
  const retirements = accountRetirementModel(db);
  const mine: AccountRetirementDoc = { _id: input.accountId, reason: input.reason, at: input.at, by: input.by };
  const inserted = await insertOnce(retirements, mine);
  const retirement = inserted ? mine : ((await retirements.findById(input.accountId).lean()) ?? mine);
  await accountModel(db).updateOne({ _id: input.accountId }, { $set: { status: 'retired', statusReason: retirement.reason, statusChangedAt: retirement.at } });
  return { inserted, retirement };
}
