import { Schema, type Connection, type Model } from 'mongoose';
import { CONTENT_STAGES, type ContentFlag, type ContentStage, type Publication } from '../../domain/content';
import type { ContentConfirmations } from '../../domain/contentConfirmations';
import type { OfficialActRecord } from '../../domain/officialActs';

/**
 * The registry's row of a content publication request (RULEBOOK §6). The API writes it when the
 * process starts; the process keeps `stage`, the forbidden-content flags (PCM 6.2.2.9), the CM's
 * confirmations (PCM 6.2.2.5–8, 6.2.2.17) and the posts' addresses on it, so the record outlives the workflow's history and lists need no query to Temporal.
 */
export interface ContentRequestDoc {
  _id: string;
  workflowId: string;
  entityId: string;
  requesterEmail: string;
  /** Who submitted: a person's address or `api-key:<id>`. */
  submittedBy: string;
  unit: string;
  title: string;
  networks: string[];
  publishOn: string;
  publishAt: string;
  submittedAt: Date;
  stage: ContentStage;
  sensitive?: boolean;
  flags?: ContentFlag[];
  publications?: Publication[];
  /** What the CM confirmed of PCM 6.2.2.5–8 and 6.2.2.17 when passing the piece to the head (issue 19 §1). */
  confirmations?: ContentConfirmations;
  /** PCM 6.2.4: how an official act was published: the lead post it followed, the coordination. */
  officialAct?: OfficialActRecord;
  closedAt?: Date;
}

const flagSchema = new Schema<ContentFlag>({ flag: String, clause: String, by: String, at: String }, { _id: false });
const publicationSchema = new Schema<Publication>({ network: String, url: String }, { _id: false });
const confirmationsSchema = new Schema<ContentConfirmations>(
  { items: { type: [new Schema({ id: String, clause: String }, { _id: false })], default: undefined }, news: { type: Schema.Types.Mixed }, by: String, at: String },
  { _id: false },
);

const contentRequestSchema = new Schema<ContentRequestDoc>(
  {
    _id: String,
    workflowId: { type: String, required: true, unique: true },
    entityId: { type: String, required: true, index: true },
    requesterEmail: { type: String, required: true },
    submittedBy: { type: String, required: true },
    unit: { type: String, required: true },
    title: { type: String, required: true },
    networks: { type: [String], required: true },
    publishOn: { type: String, required: true },
    publishAt: { type: String, required: true },
    submittedAt: { type: Date, required: true },
    stage: { type: String, enum: CONTENT_STAGES, required: true },
    sensitive: Boolean,
    // FerretDB drops empty arrays: an absent list is an empty one.
    flags: { type: [flagSchema], default: undefined },
    publications: { type: [publicationSchema], default: undefined },
    confirmations: { type: confirmationsSchema, default: undefined },
    officialAct: {
      type: new Schema<OfficialActRecord>({ act: String, clause: String, office: String, leadUrl: String, coordinatedWith: String, coordinatedOn: String, by: String, at: String }, { _id: false }),
      default: undefined,
    },
    closedAt: Date,
  },
  { versionKey: false },
);

export function contentRequestModel(conn: Connection): Model<ContentRequestDoc> {
  return (conn.models.ContentRequest as Model<ContentRequestDoc>) ?? conn.model<ContentRequestDoc>('ContentRequest', contentRequestSchema, 'content_requests');
}
