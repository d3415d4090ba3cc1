import { Schema, type Connection, type Model } from 'mongoose';
import { accountSlotModel, type AccountSlotDoc } from './accountSlot';

export const NAME_CHANGE_STATES = ['pending', 'correcting', 'approved', 'done', 'rejected'] as const;
/** `approved`: the head approved, the CM has not yet confirmed it was done on the platform. */
export type NameChangeState = (typeof NAME_CHANGE_STATES)[number];

/**
 * One «cambio de nombre o usuario» request (PCM 6.1.2.7), written by the API when it starts and moved by
 * its process. The `done` rows are the account's history of names: old → new, who approved it and when.
 */
export interface NameChangeDoc {
  _id: string;
  entityId: string;
  accountId: string;
  workflowId: string;
  /** The names when it was asked. */
  from: { name?: string; username: string };
  /** Only what changes. */
  to: { name?: string; username?: string };
  reason: string;
  requestedBy: string;
  requestedAt: Date;
  state: NameChangeState;
  decidedBy?: string;
  decidedAt?: Date;
  /** An observation or a rejection. */
  decisionReason?: string;
  doneBy?: string;
  doneAt?: Date;
}

const names = { _id: false, name: String, username: String };

const nameChangeSchema = new Schema<NameChangeDoc>(
  {
    _id: { type: String, required: true },
    entityId: { type: String, required: true, index: true },
    accountId: { type: String, required: true, index: true },
    workflowId: { type: String, required: true },
    from: { type: names, required: true },
    to: { type: names, required: true },
    reason: { type: String, required: true },
    requestedBy: { type: String, required: true },
    requestedAt: { type: Date, required: true },
    state: { type: String, enum: NAME_CHANGE_STATES, required: true },
    decidedBy: String,
    decidedAt: Date,
    decisionReason: String,
    doneBy: String,
    doneAt: Date,
  },
  { versionKey: false },
);

export function nameChangeModel(conn: Connection): Model<NameChangeDoc> {
  return (conn.models.NameChange as Model<NameChangeDoc>) ?? conn.model<NameChangeDoc>('NameChange', nameChangeSchema, 'name_changes');
}

/** One open «cambio de nombre o usuario» per account (infra/models/accountSlot.ts). */
export const nameChangeSlotModel = (conn: Connection): Model<AccountSlotDoc> => accountSlotModel(conn, 'name_change_slots');
