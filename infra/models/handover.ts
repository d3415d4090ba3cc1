import { Schema, type Connection, type Model } from 'mongoose';
import type { DecisionAction } from '../../domain/decision';
import { isDuplicateKey } from '../db';

export const HANDOVER_STATES = ['running', 'completed', 'interrupted'] as const;
/** `interrupted`: its process was ended from outside (an operator) before it completed. */
export type HandoverState = (typeof HANDOVER_STATES)[number];

/** A decision of the handover, as the registry keeps it once the process is gone. */
export interface HandoverDecisionDoc {
  step: string;
  action: DecisionAction;
  by: string;
  at: Date;
  reason?: string;
}

/**
 * One handover of administration (PCM 6.2.3), written by the API when it starts and moved by the
 * process at each step, so `GET …/handovers/<id>` answers after the process ended. Never holds a
 * password: only who confirmed what, and when.
 */
export interface HandoverDoc {
  _id: string;
  entityId: string;
  workflowId: string;
  outgoing: { name: string; email: string };
  incoming: { name: string; email: string };
  /** Who started it: the head's address. */
  startedBy: string;
  startedAt: Date;
  state: HandoverState;
  /** The step open now (`entrega-2`, `retiro`…), or `cierre` while the registry is being updated. */
  step?: string;
  /** FerretDB drops empty arrays: absent means none yet. */
  decisions?: HandoverDecisionDoc[];
  /** Accounts whose roles changed and whose rotation was asked for. */
  accountIds?: string[];
  completedAt?: Date;
}

const contact = { _id: false, name: String, email: String };

const handoverSchema = new Schema<HandoverDoc>(
  {
    _id: { type: String, required: true },
    entityId: { type: String, required: true, index: true },
    workflowId: { type: String, required: true, index: true },
    outgoing: { type: contact, required: true },
    incoming: { type: contact, required: true },
    startedBy: { type: String, required: true },
    startedAt: { type: Date, required: true },
    state: { type: String, enum: HANDOVER_STATES, required: true },
    step: String,
    decisions: [{ _id: false, step: String, action: String, by: String, at: Date, reason: String }],
    accountIds: [String],
    completedAt: Date,
  },
  { versionKey: false },
);

export function handoverModel(conn: Connection): Model<HandoverDoc> {
  return (conn.models.Handover as Model<HandoverDoc>) ?? conn.model<HandoverDoc>('Handover', handoverSchema, 'handovers');
}

/**
 * "This entity has a handover running": one row per entity (`_id` is the entity id), so of two
 * simultaneous starts exactly one inserts it, without transactions (FerretDB has none). The process
 * deletes it when it completes; a row whose process was ended from outside is taken over (see `take`).
 */
export interface HandoverLockDoc {
  _id: string;
  handoverId: string;
  at: Date;
}

const lockSchema = new Schema<HandoverLockDoc>(
  { _id: { type: String, required: true }, handoverId: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false },
);

export function handoverLockModel(conn: Connection): Model<HandoverLockDoc> {
  return (conn.models.HandoverLock as Model<HandoverLockDoc>) ?? conn.model<HandoverLockDoc>('HandoverLock', lockSchema, 'handover_locks');
}

/** Taken, or refused naming the handover that holds the entity. */
export type HandoverLockResult = { ok: true } | { ok: false; handoverId: string };

export function handoverLocks(conn: Connection) {
  const locks = handoverLockModel(conn);
  return {
    /**
     * Takes the entity for `handoverId`, or names the handover holding it. `stillRunning` tells a live
     * holder from one left behind (its process ended from outside, or its start failed without cleaning
     * up), which is taken over.
     */
    async take(entityId: string, handoverId: string, stillRunning: (held: HandoverLockDoc) => Promise<boolean>): Promise<HandoverLockResult> {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          await locks.create({ _id: entityId, handoverId, at: new Date() });
          return { ok: true };
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
        const held = await locks.findById(entityId).lean();
        if (!held) continue;
        if (await stillRunning(held)) return { ok: false, handoverId: held.handoverId };
        await locks.deleteOne({ _id: entityId, handoverId: held.handoverId });
      }
      const held = await locks.findById(entityId).lean();
      return { ok: false, handoverId: held?.handoverId ?? '' };
    },

    /** Frees the entity if `handoverId` holds it; a later handover's lock is never touched. */
    async release(entityId: string, handoverId: string): Promise<void> {
      await locks.deleteOne({ _id: entityId, handoverId });
    },
  };
}

export type HandoverLocks = ReturnType<typeof handoverLocks>;
