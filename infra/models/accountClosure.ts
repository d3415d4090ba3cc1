import { Schema, type Connection, type Model } from 'mongoose';
import { accountSlotModel, type AccountSlotDoc } from './accountSlot';

export const ACCOUNT_CLOSURE_STATES = ['pending', 'approved', 'closed', 'rejected'] as const;
/** `approved`: the head approved, the CM has not yet confirmed the account was closed on the platform. */
export type AccountClosureState = (typeof ACCOUNT_CLOSURE_STATES)[number];

/**
 * One closure of an account (issue 19 §5; PCM 5.2.5, SENACE 7.2), written by the API when it is asked for
 * and moved by its process (workflows/accountClosure.ts). A `closed` row is the account's record of how
 * it ended: who asked and why, who approved, who confirmed what, and the acta's number.
 */
export interface AccountClosureDoc {
  _id: string;
  entityId: string;
  accountId: string;
  workflowId: string;
  reason: string;
  /** PCM 5.2.5's flag when it was asked, in words («Sin publicaciones desde …»), if the account was silent. */
  inactivity?: string;
  requestedBy: string;
  requestedAt: Date;
  state: AccountClosureState;
  decidedBy?: string;
  decidedAt?: Date;
  /** A rejection's reason. */
  decisionReason?: string;
  closedBy?: string;
  closedAt?: Date;
  /** The CM's note with the confirmation. */
  note?: string;
  /** e.g. `ACTA DE CIERRE N° 001-2026-OC/MINCUL`. */
  recordCode?: string;
}

const accountClosureSchema = new Schema<AccountClosureDoc>(
  {
    _id: { type: String, required: true },
    entityId: { type: String, required: true, index: true },
    accountId: { type: String, required: true, index: true },
    workflowId: { type: String, required: true },
    reason: { type: String, required: true },
    inactivity: String,
    requestedBy: { type: String, required: true },
    requestedAt: { type: Date, required: true },
    state: { type: String, enum: ACCOUNT_CLOSURE_STATES, required: true },
    decidedBy: String,
    decidedAt: Date,
    decisionReason: String,
    closedBy: String,
    closedAt: Date,
    note: String,
    recordCode: String,
  },
  { versionKey: false },
);

export function accountClosureModel(conn: Connection): Model<AccountClosureDoc> {
  return (conn.models.AccountClosure as Model<AccountClosureDoc>) ?? conn.model<AccountClosureDoc>('AccountClosure', accountClosureSchema, 'account_closures');
}

/** One open closure per account (infra/models/accountSlot.ts). */
export const accountClosureSlotModel = (conn: Connection): Model<AccountSlotDoc> => accountSlotModel(conn, 'account_closure_slots');
