import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One row per email Custodio means to send, keyed by workflow and step, so a retried activity never
 * sends twice. An attempt claims the row (`sending`, `claimedAt`) before talking to SMTP, so a retry
 * that overlaps a slow live attempt waits for it instead of sending too. A claim older than
 * `OUTBOX_LEASE_MS` belongs to an attempt that died with its delivery unknown: the next attempt
 * re-sends with the same Message-ID, which receivers use to drop the duplicate (STACK "Reliability details").
 */
export interface OutboxDoc {
  _id: string;
  messageId: string;
  to: string[];
  subject: string;
  /** `pending`: nobody is sending it (new, or an attempt failed and let go). */
  state: 'pending' | 'sending' | 'sent';
  claimedAt?: Date;
  sentAt?: Date;
}

/** Longer than any live attempt runs (the email activities time out after 1 minute). */
export const OUTBOX_LEASE_MS = 10 * 60_000;

const outboxSchema = new Schema<OutboxDoc>(
  {
    _id: { type: String, required: true },
    messageId: { type: String, required: true },
    to: { type: [String], required: true },
    subject: { type: String, required: true },
    state: { type: String, enum: ['pending', 'sending', 'sent'], required: true },
    claimedAt: Date,
    sentAt: Date,
  },
  { timestamps: true, versionKey: false },
);

export function outboxModel(conn: Connection): Model<OutboxDoc> {
  return (conn.models.Outbox as Model<OutboxDoc>) ?? conn.model<OutboxDoc>('Outbox', outboxSchema, 'outbox');
}
