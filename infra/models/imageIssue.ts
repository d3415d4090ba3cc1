import { Schema, type Connection, type Model } from 'mongoose';

export const IMAGE_ISSUE_STATES = ['open', 'done'] as const;
export type ImageIssueState = (typeof IMAGE_ISSUE_STATES)[number];

/**
 * One matter that can affect the institution's image (PCM 6.2.2.14). The API writes the report; from
 * then on only its process writes here (timeline, acknowledgements), so the list and the page read the
 * story the process told.
 */
export interface ImageIssueDoc {
  _id: string;
  entityId: string;
  workflowId: string;
  subject: string;
  description: string;
  links: string[];
  accountIds: string[];
  reportedBy: string;
  reportedAt: Date;
  state: ImageIssueState;
  timeline: Array<{ at: Date; by: string; what: string }>;
  acknowledged?: { by: string; at: Date; note?: string; superiorName?: string; superiorEmail?: string };
  superiorAcknowledged?: { by: string; at: Date };
}

const schema = new Schema<ImageIssueDoc>(
  {
    _id: { type: String, required: true },
    entityId: { type: String, required: true, index: true },
    workflowId: { type: String, required: true },
    subject: { type: String, required: true },
    description: { type: String, required: true },
    links: [String],
    accountIds: [String],
    reportedBy: { type: String, required: true },
    reportedAt: { type: Date, required: true },
    state: { type: String, enum: IMAGE_ISSUE_STATES, required: true },
    timeline: [{ _id: false, at: Date, by: String, what: String }],
    acknowledged: { _id: false, by: String, at: Date, note: String, superiorName: String, superiorEmail: String },
    superiorAcknowledged: { _id: false, by: String, at: Date },
  },
  { versionKey: false, minimize: false },
);

export function imageIssueModel(conn: Connection): Model<ImageIssueDoc> {
  return (conn.models.ImageIssue as Model<ImageIssueDoc>) ?? conn.model<ImageIssueDoc>('ImageIssue', schema, 'image_issues');
}
