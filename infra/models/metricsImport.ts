import { Schema, type Connection, type Model } from 'mongoose';
import type { ExportKind, MetricNetwork, PlatformExport } from '../../domain/metrics';

/**
 * One platform export uploaded for one account (issue 16 §1): read and previewed, then confirmed. Holds
 * the posts as read, so confirming stores exactly what the preview showed. A preview nobody confirmed
 * goes a day after it was read; a confirmed one stays as the account's record of imports, its posts
 * dropped after a day (they are in `post_metrics` by then) (api/housekeeping.ts; FerretDB has no TTL).
 */
export interface MetricsImportDoc {
  _id: string;
  entityId: string;
  accountId: string;
  fileName: string;
  /** SHA-256 of the file: the same file again is read as of the same day, so it stores nothing new. */
  sha256: string;
  /** `YYYY-MM-DD`: the day the file was first uploaded for this account (the export day when the file does not say). */
  uploadedOn: string;
  kind: ExportKind;
  language: PlatformExport['language'];
  exportedOn: string;
  posts: PlatformExport['posts'];
  skipped: PlatformExport['skipped'];
  postCount: number;
  /** The networks of the file's posts. */
  networks: MetricNetwork[];
  firstPublishedAt?: Date;
  lastPublishedAt?: Date;
  readBy: string;
  readAt: Date;
  confirmedAt?: Date;
  /** What the first confirmation stored: readings new to Custodio, and readings it already had. */
  result?: { added: number; unchanged: number };
}

const schema = new Schema<MetricsImportDoc>(
  {
    _id: { type: String, required: true },
    entityId: { type: String, required: true },
    accountId: { type: String, required: true },
    fileName: { type: String, required: true },
    sha256: { type: String, required: true },
    uploadedOn: { type: String, required: true },
    kind: { type: String, required: true },
    language: { type: String, required: true },
    exportedOn: { type: String, required: true },
    posts: { type: Schema.Types.Mixed },
    skipped: { type: Schema.Types.Mixed, required: true },
    postCount: { type: Number, required: true },
    networks: [String],
    firstPublishedAt: Date,
    lastPublishedAt: Date,
    readBy: { type: String, required: true },
    readAt: { type: Date, required: true, index: true },
    confirmedAt: Date,
    result: { _id: false, added: Number, unchanged: Number },
  },
  { versionKey: false },
);
// An account's imports, newest first; the same file among them.
schema.index({ accountId: 1, readAt: -1 });

export function metricsImportModel(conn: Connection): Model<MetricsImportDoc> {
  return (conn.models.MetricsImport as Model<MetricsImportDoc>) ?? conn.model<MetricsImportDoc>('MetricsImport', schema, 'metrics_imports');
}
