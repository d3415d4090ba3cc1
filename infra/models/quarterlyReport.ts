import { Schema, type Connection, type Model } from 'mongoose';

/** Where a quarterly report stands, as lists and SCS's board read it (the workflow says more). */
export const QUARTERLY_REPORT_STATES = ['waiting-data', 'drafted', 'correcting', 'sent', 'acknowledged', 'rejected'] as const;
export type QuarterlyReportState = (typeof QUARTERLY_REPORT_STATES)[number];

/** Follower counts typed by hand (no post export carries them): growth = end − start (PCM 6.3.2). */
export interface FollowerCount {
  accountId: string;
  start?: number;
  end?: number;
}

/**
 * One entity's report for one quarter (PCM 6.3.2, Anexo 3). The row is opened once (a unique insert on
 * `entityId|quarter`) by the report's process, which alone moves its state; people only add follower
 * counts. The draft kept is the one last drafted, so the page and SCS's board show what the head saw.
 */
export interface QuarterlyReportDoc {
  _id: string;
  entityId: string;
  quarter: string;
  workflowId: string;
  state: QuarterlyReportState;
  openedAt: Date;
  dueAt: Date;
  /** The latest draft (domain/anexo3 `QuarterlyReport`), and how many there were. */
  draft?: unknown;
  drafts: number;
  draftedAt?: Date;
  sentAt?: Date;
  acknowledgedAt?: Date;
  followers?: FollowerCount[];
}

const schema = new Schema<QuarterlyReportDoc>(
  {
    _id: { type: String, required: true },
    entityId: { type: String, required: true, index: true },
    quarter: { type: String, required: true },
    workflowId: { type: String, required: true },
    state: { type: String, enum: QUARTERLY_REPORT_STATES, required: true },
    openedAt: { type: Date, required: true },
    dueAt: { type: Date, required: true },
    draft: Schema.Types.Mixed,
    drafts: { type: Number, default: 0 },
    draftedAt: Date,
    sentAt: Date,
    acknowledgedAt: Date,
    followers: [{ _id: false, accountId: String, start: Number, end: Number }],
  },
  { versionKey: false, minimize: false },
);

export const quarterlyReportId = (entityId: string, quarter: string) => `${entityId}|${quarter}`;

export function quarterlyReportModel(conn: Connection): Model<QuarterlyReportDoc> {
  return (conn.models.QuarterlyReport as Model<QuarterlyReportDoc>) ?? conn.model<QuarterlyReportDoc>('QuarterlyReport', schema, 'quarterly_reports');
}
