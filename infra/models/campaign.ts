import { Schema, type Connection, type Model } from 'mongoose';
import { CAMPAIGN_STAGES, type CampaignStage } from '../../domain/campaign';

/** Where a campaign stands, as the registry row keeps it (the workflow writes every change). */
export const CAMPAIGN_STATES = CAMPAIGN_STAGES;
export type CampaignState = CampaignStage;

/** The media agency of a paid campaign (PCM 6.1.2.10): grants opened for it, or recorded for later. */
export interface CampaignAgencyDoc {
  name: string;
  businessManagerId?: string;
  role: string;
  /** Agency grants opened on registry accounts (`agency_grants`). */
  grantIds?: string[];
  /** Why no grant could be opened (no account chosen, unknown or inactive account): the agency waits to be granted by hand. */
  pending?: string[];
}

/**
 * The registry's row of a campaign (RULEBOOK §5), so lists and access checks need not ask Temporal.
 * Written by the API after the workflow starts (idempotent upsert); `state` is moved by the workflow.
 */
export interface CampaignDoc {
  _id: string;
  workflowId: string;
  entityId: string;
  proposerEmail: string;
  /** Who submitted: a person's address or `api-key:<id>`. */
  submittedBy: string;
  name: string;
  mode: 'organic' | 'paid';
  multisector: boolean;
  startsOn: string;
  endsOn: string;
  state: CampaignState;
  /** PCM 6.2.2.10: the diffusion overlaps an electoral period of the entity. */
  electoral: boolean;
  agency?: CampaignAgencyDoc;
  submittedAt: Date;
  closedAt?: Date;
  updatedAt?: Date;
}

const campaignSchema = new Schema<CampaignDoc>(
  {
    _id: String,
    workflowId: { type: String, required: true, unique: true },
    entityId: { type: String, required: true, index: true },
    proposerEmail: { type: String, required: true },
    submittedBy: { type: String, required: true },
    name: { type: String, required: true },
    mode: { type: String, required: true },
    multisector: { type: Boolean, required: true },
    startsOn: { type: String, required: true },
    endsOn: { type: String, required: true },
    state: { type: String, enum: CAMPAIGN_STATES, required: true },
    electoral: { type: Boolean, default: false },
    agency: {
      type: new Schema(
        { name: String, businessManagerId: String, role: String, grantIds: { type: [String], default: undefined }, pending: { type: [String], default: undefined } },
        { _id: false },
      ),
      default: undefined,
    },
    submittedAt: { type: Date, required: true },
    closedAt: Date,
  },
  { versionKey: false, timestamps: { createdAt: false, updatedAt: true } },
);

export function campaignModel(conn: Connection): Model<CampaignDoc> {
  return (conn.models.Campaign as Model<CampaignDoc>) ?? conn.model<CampaignDoc>('Campaign', campaignSchema, 'campaigns');
}
