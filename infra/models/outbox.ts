import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One row per email Custodio means to send, keyed by workflow and step, so a retried activity never
 * sends twice. `sending` rows whose delivery is unknown are re-sent with the same Message-ID, which
 * receivers use to drop the duplicate (STACK "Reliability details").
 */
export interface OutboxDoc {
  _id: string;
  messageId: string;
  to: string[];
  subject: string;
  state: 'sending' | 'sent';
  sentAt?: Date;
}

const outboxSchema = new Schema<OutboxDoc>(
  {
    _id: { type: String, required: true },
    messageId: { type: String, required: true },
    to: { type: [String], required: true },
    subject: { type: String, required: true },
    state: { type: String, enum: ['sending', 'sent'], required: true },
    sentAt: Date,
  },
  { timestamps: true, versionKey: false },
);

export function outboxModel(conn: Connection): Model<OutboxDoc> {
  return (conn.models.Outbox as Model<OutboxDoc>) ?? conn.model<OutboxDoc>('Outbox', outboxSchema, 'outbox');
}
