import { Schema, type Connection, type Model } from 'mongoose';
import type { PlatformAccountRead, ReviewAnomaly } from '../../domain/platformRoles';

export const ROLE_REVIEW_STATES = ['open', 'attested'] as const;
export type RoleReviewState = (typeof ROLE_REVIEW_STATES)[number];

/**
 * One monthly review of an entity's page roles (PCM 6.1.2.11): what Custodio saw, who was asked, and
 * who attested it. `_id` is `<entityId>:<YYYY-MM>`, so a retried activity or a second start for the
 * same month finds the same row.
 */
export interface RoleReviewDoc {
  _id: string;
  entityId: string;
  month: string;
  workflowId: string;
  reviewer: { name: string; email: string };
  /** The reviewer acts as the head's designee. */
  designated: boolean;
  escalateTo?: Array<{ name: string; email: string }>;
  /** FerretDB drops empty arrays: absent means none found. */
  anomalies?: ReviewAnomaly[];
  /** What was read on Meta when it opened (issue 17 §1); absent when the entity had no token or before Custodio read Meta. */
  platform?: { state: 'checked' | 'failed'; message?: string; accounts?: PlatformAccountRead[] };
  accountsReviewed: number;
  grantsListed: number;
  state: RoleReviewState;
  openedAt: Date;
  attestedBy?: string;
  attestedAt?: Date;
  /** PCM 5.2.7: the reviewer attested whom the accounts follow (issue 19 §5), and what was unfollowed. */
  follows?: { clause: string; unfollowed?: string };
  ip?: string;
  userAgent?: string;
}

const contact = { _id: false, name: String, email: String };

const roleReviewSchema = new Schema<RoleReviewDoc>(
  {
    _id: { type: String, required: true },
    entityId: { type: String, required: true, index: true },
    month: { type: String, required: true },
    workflowId: { type: String, required: true },
    reviewer: { type: contact, required: true },
    designated: { type: Boolean, default: false },
    escalateTo: [contact],
    anomalies: [{ _id: false, kind: String, accountId: String, key: String, rule: String, message: String }],
    platform: { type: { _id: false, state: String, message: String, accounts: [{ _id: false, accountId: String, network: String, username: String, state: String, message: String }] }, required: false },
    accountsReviewed: { type: Number, required: true },
    grantsListed: { type: Number, required: true },
    state: { type: String, enum: ROLE_REVIEW_STATES, required: true },
    openedAt: { type: Date, required: true },
    attestedBy: String,
    attestedAt: Date,
    follows: { type: { _id: false, clause: String, unfollowed: String }, required: false },
    ip: String,
    userAgent: String,
  },
  { versionKey: false },
);

export function roleReviewModel(conn: Connection): Model<RoleReviewDoc> {
  return (conn.models.RoleReview as Model<RoleReviewDoc>) ?? conn.model<RoleReviewDoc>('RoleReview', roleReviewSchema, 'role_reviews');
}
