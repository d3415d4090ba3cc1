import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One confirmed credential rotation: who confirmed, when and from where. Never the password
 * (RULEBOOK §2). `_id` is `<accountId>:<cycle>` so a retried activity writes the same row.
 */
export interface RotationDoc {
  _id: string;
  accountId: string;
  entityId: string;
  cycle: number;
  dueAt: Date;
  confirmedAt: Date;
  confirmedBy: string;
  ip?: string;
  userAgent?: string;
  /** Why this rotation happened out of turn (handover, suspected leak). */
  reason?: string;
}

const rotationSchema = new Schema<RotationDoc>(
  {
    _id: { type: String, required: true },
    accountId: { type: String, required: true, index: true },
    entityId: { type: String, required: true },
    cycle: { type: Number, required: true },
    dueAt: { type: Date, required: true },
    confirmedAt: { type: Date, required: true },
    confirmedBy: { type: String, required: true },
    ip: String,
    userAgent: String,
    reason: String,
  },
  { versionKey: false },
);

export function rotationModel(conn: Connection): Model<RotationDoc> {
  return (conn.models.Rotation as Model<RotationDoc>) ?? conn.model<RotationDoc>('Rotation', rotationSchema, 'rotations');
}
