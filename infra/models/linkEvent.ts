import { Schema, type Connection, type Model } from 'mongoose';

/** Append-only record of every opening of a link and every decision posted through one (Ley 27806). */
export interface LinkEventDoc {
  kind: 'open' | 'decision' | 'refused' | 'invalid';
  workflowId?: string;
  step?: string;
  action?: string;
  email?: string;
  detail?: string;
  ip?: string;
  userAgent?: string;
  at: Date;
}

const linkEventSchema = new Schema<LinkEventDoc>(
  {
    kind: { type: String, required: true },
    workflowId: { type: String, index: true },
    step: String,
    action: String,
    email: String,
    detail: String,
    ip: String,
    userAgent: String,
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export function linkEventModel(conn: Connection): Model<LinkEventDoc> {
  return (conn.models.LinkEvent as Model<LinkEventDoc>) ?? conn.model<LinkEventDoc>('LinkEvent', linkEventSchema, 'link_events');
}
