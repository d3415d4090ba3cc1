import { Schema, type Connection, type Model } from 'mongoose';

/**
 * Exactly-once email, with inserts only on the usual path. On FerretDB v1 (SQLite) an insert costs the
 * same at any size (measured), while a read, update or delete by `_id` scans
 * the collection until it finds the row, and a miss scans all of it (bench/README.md "Findings").
 * These collections grow by one row per email, so the usual path never looks a key up.
 *
 * `outbox`: the claim of the attempt sending an email, inserted before SMTP. A second attempt's insert
 * fails with a duplicate key; it then looks at `outbox_sent` and at the claim, and backs off while
 * the claim is live, so a retry that overlaps a slow live attempt does not send too. A claim older
 * than `OUTBOX_LEASE_MS` was left by an attempt that died with its delivery unknown: the next attempt
 * takes it over and re-sends with the same Message-ID, which receivers use to drop the duplicate
 * (STACK "Reliability details"). A claim whose worker process is known dead (`by`, infra/liveness.ts) is
 * taken over the same way without waiting out the lease. Rows in state `sent` were written by earlier versions.
 */
export interface OutboxDoc {
  _id: string;
  messageId: string;
  to: string[];
  subject: string;
  state: 'sending' | 'sent';
  claimedAt?: Date;
  /** The worker process holding the claim (infra/liveness.ts): one that died is taken over before the lease ends. */
  by?: string;
  sentAt?: Date;
}

/**
 * `outbox_sent`: one row per email SMTP answered for good, inserted right after: accepted, or refused
 * for some or all of its addresses (`refused`, so a retried activity learns it again without sending).
 */
export interface OutboxSentDoc {
  _id: string;
  messageId: string;
  sentAt: Date;
  refused?: Array<{ address: string; reason: string }>;
}

/** Longer than any live attempt runs (the email activities time out after 1 minute). */
export const OUTBOX_LEASE_MS = 10 * 60_000;

const outboxSchema = new Schema<OutboxDoc>(
  {
    _id: { type: String, required: true },
    messageId: { type: String, required: true },
    to: { type: [String], required: true },
    subject: { type: String, required: true },
    state: { type: String, enum: ['sending', 'sent'], required: true },
    claimedAt: Date,
    by: String,
    sentAt: Date,
  },
  { timestamps: true, versionKey: false },
);

const outboxSentSchema = new Schema<OutboxSentDoc>(
  {
    _id: { type: String, required: true },
    messageId: { type: String, required: true },
    sentAt: { type: Date, required: true },
    refused: { type: [{ _id: false, address: String, reason: String }], default: undefined },
  },
  { versionKey: false },
);

/**
 * `outbox_takeovers`: one row per stale claim taken over, keyed by the email's key and the stale claim's
 * instant, so of attempts that find the same stale claim exactly one inserts it and sends (a unique
 * insert: FerretDB's conditional updates are not atomic). Written only off the usual path.
 */
export interface OutboxTakeoverDoc {
  _id: string;
  at: Date;
}

const outboxTakeoverSchema = new Schema<OutboxTakeoverDoc>({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false });

export function outboxTakeoverModel(conn: Connection): Model<OutboxTakeoverDoc> {
  return (conn.models.OutboxTakeover as Model<OutboxTakeoverDoc>) ?? conn.model<OutboxTakeoverDoc>('OutboxTakeover', outboxTakeoverSchema, 'outbox_takeovers');
}

export function outboxModel(conn: Connection): Model<OutboxDoc> {
  return (conn.models.Outbox as Model<OutboxDoc>) ?? conn.model<OutboxDoc>('Outbox', outboxSchema, 'outbox');
}

export function outboxSentModel(conn: Connection): Model<OutboxSentDoc> {
  return (conn.models.OutboxSent as Model<OutboxSentDoc>) ?? conn.model<OutboxSentDoc>('OutboxSent', outboxSentSchema, 'outbox_sent');
}
