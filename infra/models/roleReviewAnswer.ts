import { Schema, type Connection, type Model } from 'mongoose';

export const ANOMALY_ANSWERS = ['correct', 'removed'] as const;
export type AnomalyAnswer = (typeof ANOMALY_ANSWERS)[number];

/**
 * The reviewer's answer to one platform-read anomaly of a monthly review (issue 17 §1; PCM 6.1.2.11):
 * «Es correcto» or «Ya lo retiré» (the latter only once Meta no longer shows it). `_id` is
 * `<reviewId>/<accountId>/<anomaly key>`, inserted once: the first answer stands.
 */
export interface RoleReviewAnswerDoc {
  _id: string;
  reviewId: string;
  entityId: string;
  month: string;
  accountId: string;
  key: string;
  answer: AnomalyAnswer;
  by: string;
  at: Date;
}

const schema = new Schema<RoleReviewAnswerDoc>(
  {
    _id: { type: String, required: true },
    reviewId: { type: String, required: true, index: true },
    entityId: { type: String, required: true },
    month: { type: String, required: true },
    accountId: { type: String, required: true },
    key: { type: String, required: true },
    answer: { type: String, enum: ANOMALY_ANSWERS, required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export const roleReviewAnswerId = (reviewId: string, accountId: string, key: string) => `${reviewId}/${accountId}/${key}`;

export function roleReviewAnswerModel(conn: Connection): Model<RoleReviewAnswerDoc> {
  return (conn.models.RoleReviewAnswer as Model<RoleReviewAnswerDoc>) ?? conn.model<RoleReviewAnswerDoc>('RoleReviewAnswer', schema, 'role_review_answers');
}
