import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The registry's index of processes people started, so lists and access checks need not ask Temporal.
 * Written after the workflow starts, by an idempotent upsert: a retried submission rewrites the same row.
 */
export interface RequestDoc {
  _id: string;
  kind: 'accountCreation';
  workflowId: string;
  entityId: string;
  requesterEmail: string;
  /** Who submitted: a person's address or `api-key:<id>`. */
  submittedBy: string;
  title: string;
  submittedAt: Date;
}

const requestSchema = new Schema<RequestDoc>(
  {
    _id: String,
    kind: { type: String, required: true },
    workflowId: { type: String, required: true, unique: true },
    entityId: { type: String, required: true, index: true },
    requesterEmail: { type: String, required: true },
    submittedBy: { type: String, required: true },
    title: { type: String, required: true },
    submittedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export function requestModel(conn: Connection): Model<RequestDoc> {
  return (conn.models.Request as Model<RequestDoc>) ?? conn.model<RequestDoc>('Request', requestSchema, 'requests');
}
