/**
 * One open request of a kind per account (a rename, a closure): the slot is a row keyed by the account id,
 * taken by a unique insert (FerretDB's conditional writes are not atomic) and naming the request that
 * holds it. A slot whose request has ended, or was never written, is taken over by the next request, so
 * nothing has to free it.
 */
import type { Model } from 'mongoose';
import { insertOnce } from '../infra/db';
import type { AccountSlotDoc } from '../infra/models/accountSlot';

/**
 * Takes the account's slot for `requestId`. `holderOpen` says whether the request holding it is still
 * open (`undefined` when its row does not exist).
 */
export async function takeAccountSlot(
  slots: Model<AccountSlotDoc>,
  accountId: string,
  requestId: string,
  holderOpen: (requestId: string) => Promise<boolean | undefined>,
): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await insertOnce(slots, { _id: accountId, requestId, at: new Date() })) return true;
    const held = await slots.findById(accountId).lean();
    if (!held) continue;
    const open = await holderOpen(held.requestId);
    // A holder written a moment ago may not have its row yet: only a slot older than a minute is abandoned.
    if (open ?? Date.now() - held.at.getTime() < 60_000) return false;
    await slots.deleteOne({ _id: accountId, requestId: held.requestId });
  }
  return false;
}

/** Frees the slot a request took when the request could not start. */
export async function releaseAccountSlot(slots: Model<AccountSlotDoc>, accountId: string, requestId: string): Promise<void> {
  await slots.deleteOne({ _id: accountId, requestId });
}
