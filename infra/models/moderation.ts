import { Schema, type Connection, type Model } from 'mongoose';
import { MODERATION_ACTIONS, MODERATION_REASONS, MODERATION_VERDICTS, type ModerationAction, type ModerationReason, type ModerationVerdict } from '../../domain/moderation';

/**
 * One moderation record (PCM 6.2.2.13, INPE 5.4.b): a hidden or reported comment, or a blocked follower.
 * Inserted once and never changed: the record is the trail. The user's handle and the evidence links are
 * personal data (Ley 29733): only the entity's office reads them.
 */
export interface ModerationRecordDoc {
  _id: string;
  entityId: string;
  accountId: string;
  action: ModerationAction;
  reason: ModerationReason;
  userHandle: string;
  /** The handle without @, lower case: how earlier occurrences of the same user are found. */
  userKey: string;
  evidenceUrls: string[];
  note?: string;
  recordedBy: string;
  recordedAt: Date;
}

/** The head's review of a record, keyed by the record's id: the first one inserted wins. */
export interface ModerationReviewDoc {
  _id: string;
  entityId: string;
  verdict: ModerationVerdict;
  note?: string;
  reviewedBy: string;
  reviewedAt: Date;
}

const recordSchema = new Schema<ModerationRecordDoc>(
  {
    _id: { type: String, required: true },
    entityId: { type: String, required: true, index: true },
    accountId: { type: String, required: true },
    action: { type: String, enum: MODERATION_ACTIONS, required: true },
    reason: { type: String, enum: MODERATION_REASONS, required: true },
    userHandle: { type: String, required: true },
    userKey: { type: String, required: true },
    evidenceUrls: { type: [String], required: true },
    note: String,
    recordedBy: { type: String, required: true },
    recordedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
recordSchema.index({ accountId: 1, userKey: 1 });

const reviewSchema = new Schema<ModerationReviewDoc>(
  {
    _id: { type: String, required: true },
    entityId: { type: String, required: true, index: true },
    verdict: { type: String, enum: MODERATION_VERDICTS, required: true },
    note: String,
    reviewedBy: { type: String, required: true },
    reviewedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export function moderationRecordModel(conn: Connection): Model<ModerationRecordDoc> {
  return (conn.models.ModerationRecord as Model<ModerationRecordDoc>) ?? conn.model<ModerationRecordDoc>('ModerationRecord', recordSchema, 'moderation_records');
}

export function moderationReviewModel(conn: Connection): Model<ModerationReviewDoc> {
  return (conn.models.ModerationReview as Model<ModerationReviewDoc>) ?? conn.model<ModerationReviewDoc>('ModerationReview', reviewSchema, 'moderation_reviews');
}
