import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One open request of a kind per account (a rename, a closure): a row keyed by the account id, taken by a
 * unique insert (FerretDB's conditional writes are not atomic) and naming the request that holds it
 * (registry/accountSlots.ts takes and frees it).
 */
export interface AccountSlotDoc {
  _id: string;
  requestId: string;
  at: Date;
}

const slotSchema = new Schema<AccountSlotDoc>({ _id: { type: String, required: true }, requestId: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false });

const MODELS = { name_change_slots: 'NameChangeSlot', account_closure_slots: 'AccountClosureSlot' } as const;

export function accountSlotModel(conn: Connection, collection: keyof typeof MODELS): Model<AccountSlotDoc> {
  const name = MODELS[collection];
  return (conn.models[name] as Model<AccountSlotDoc>) ?? conn.model<AccountSlotDoc>(name, slotSchema, collection);
}
