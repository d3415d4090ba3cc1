import { Schema, type Connection, type Model } from 'mongoose';
import { GRANT_PLATFORM_CHECK_LABELS, type GrantPlatformCheck, type GrantPlatformCheckState } from '../../domain/grantPlatformCheck';
import { AGENCY_ROLES, GRANT_STATES, type GrantSummary } from '../../domain/pageRoles';

/**
 * An agency's role on one account for one campaign (PCM 6.1.2.10). The grant workflow moves `state`;
 * the registry keeps it so grants can be listed and checked at grant time without asking every workflow.
 */
export interface AgencyGrantDoc extends Omit<GrantSummary, 'grantId'> {
  _id: string;
  entityId: string;
  grantedBy: string;
  /** Whom the agency named to hear from the entity (issue 17 §2): told before its access ends. */
  agencyContactName?: string;
  agencyContactEmail?: string;
  endedEarlyOn?: string;
  removedAt?: Date;
  removedBy?: string;
  /** What Meta showed once the removal was confirmed (issue 17 §1): written by the grant's process. */
  platformCheck?: GrantPlatformCheck;
  createdAt?: Date;
}

const CHECK_STATES = Object.keys(GRANT_PLATFORM_CHECK_LABELS) as GrantPlatformCheckState[];

const grantSchema = new Schema<AgencyGrantDoc>(
  {
    _id: { type: String, required: true },
    entityId: { type: String, required: true, index: true },
    accountId: { type: String, required: true, index: true },
    agencyName: { type: String, required: true },
    businessManagerId: String,
    role: { type: String, enum: AGENCY_ROLES, required: true },
    campaign: { type: String, required: true },
    startsOn: { type: String, required: true },
    endsOn: { type: String, required: true },
    state: { type: String, enum: GRANT_STATES, required: true },
    grantedBy: { type: String, required: true },
    agencyContactName: String,
    agencyContactEmail: String,
    endedEarlyOn: String,
    removedAt: Date,
    removedBy: String,
    platformCheck: {
      type: new Schema(
        {
          state: { type: String, enum: CHECK_STATES, required: true },
          checkedAt: { type: String, required: true },
          reason: String,
          agency: { type: new Schema({ id: String, name: String, tasks: [String] }, { _id: false }), default: undefined },
        },
        { _id: false },
      ),
      default: undefined,
    },
  },
  { timestamps: true, versionKey: false },
);

export function agencyGrantModel(conn: Connection): Model<AgencyGrantDoc> {
  return (conn.models.AgencyGrant as Model<AgencyGrantDoc>) ?? conn.model<AgencyGrantDoc>('AgencyGrant', grantSchema, 'agency_grants');
}

export const toGrantSummary = (d: AgencyGrantDoc): GrantSummary => ({
  grantId: d._id,
  accountId: d.accountId,
  agencyName: d.agencyName,
  ...(d.businessManagerId ? { businessManagerId: d.businessManagerId } : {}),
  role: d.role,
  campaign: d.campaign,
  startsOn: d.startsOn,
  endsOn: d.endsOn,
  state: d.state,
});
