import { Schema, type Connection, type Model } from 'mongoose';
import { METRIC_NETWORKS, type PostMetrics } from '../../domain/metrics';

/**
 * One reading of one post's lifetime figures, as one export gave them (issue 16 §1). Readings are only
 * ever inserted: the id derives from the account, the post, the export day and the figures, so the same
 * file imported again inserts nothing, a later export adds a newer reading (never a sum), and FerretDB's
 * non-atomic conditional writes are never needed. The newest reading of a post is the one that counts.
 */
export interface PostMetricDoc extends Omit<PostMetrics, 'publishedAt'> {
  _id: string;
  entityId: string;
  accountId: string;
  publishedAt: Date;
  /** `YYYY-MM-DD`: the day the figures are as of. */
  exportedOn: string;
  importedAt: Date;
}

const schema = new Schema<PostMetricDoc>(
  {
    _id: { type: String, required: true },
    entityId: { type: String, required: true },
    accountId: { type: String, required: true },
    network: { type: String, enum: METRIC_NETWORKS, required: true },
    postId: { type: String, required: true },
    url: String,
    publishedAt: { type: Date, required: true },
    text: String,
    reach: Number,
    impressions: Number,
    views: Number,
    interactions: Number,
    likes: Number,
    comments: Number,
    shares: Number,
    saves: Number,
    averageWatchSeconds: Number,
    durationSeconds: Number,
    exportedOn: { type: String, required: true },
    importedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// A quarter's posts of one account: the report reads them by publication instant.
schema.index({ accountId: 1, publishedAt: 1 });

export function postMetricModel(conn: Connection): Model<PostMetricDoc> {
  return (conn.models.PostMetric as Model<PostMetricDoc>) ?? conn.model<PostMetricDoc>('PostMetric', schema, 'post_metrics');
}
