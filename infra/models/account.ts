import { Schema, type Connection, type Model } from 'mongoose';
import { NETWORKS, type Network } from '../../domain/networks';
import { PAGE_ROLES, type RoleHolder } from '../../domain/pageRoles';

export const ACCOUNT_STATUSES = ['active', 'paused', 'retired'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];
/** Accounts that still have credentials, hence a rotation process (paused ones keep theirs, waiting). */
export const LIVE_STATUSES: AccountStatus[] = ['active', 'paused'];

/**
 * An institutional account in the registry with the roles people hold on its page. No credential is
 * ever stored here (RULEBOOK §2): the rotation process records *that* they changed, and who holds them.
 */
export interface AccountDoc {
  _id: string;
  entityId: string;
  network: Network;
  username: string;
  /** The page (display) name, once known: set by an approved rename (PCM 6.1.2.7) or read from the platform. */
  name?: string;
  managingEmail: string;
  roles: Array<RoleHolder & { since: Date }>;
  status: AccountStatus;
  /** Why it was paused or retired, and when (the rotation process reads it). */
  statusReason?: string;
  statusChangedAt?: Date;
  /** The creation request that made it; absent for an account registered as it already was. */
  requestId?: string;
  /** In the registry since (created by Custodio, or registered). */
  activatedAt: Date;
  /** `registered`: the entity already ran it and brought it in (issue 15 §1); absent: created here. */
  origin?: 'registered';
  /** Anexo 4 data of a registered account (a created one keeps them in its request). */
  url?: string;
  description?: string;
  contentType?: string;
  responsibles?: Array<{ name: string; phone: string }>;
  /** The day its password last changed before Custodio (YYYY-MM-DD); absent: unknown, so confirm one now. */
  lastRotatedOn?: string;
  /**
   * The platform's own id of the page or Instagram professional account (issue 17 §1), so Custodio can
   * read its roles from Meta's Graph API; absent: the review of this account stays manual.
   */
  platformId?: string;
  /** CONGRESO 6.1.7: team members the head handed this network's password to (never the password). */
  passwordHolders?: Array<{ email: string; since: Date }>;
  /** PCM 5.2.5: the head's decision to keep the account while it was silent, and what will be published. */
  reactivation?: { by: string; at: Date; plan: string };
  /** CONGRESO 6.2.3: the institution's phone that recovers the account, and who has it. */
  recoveryDevice?: RecoveryDeviceDoc;
}

export interface RecoveryDeviceDoc {
  /** The institution's inventory code for the handset. */
  device: string;
  /** An institutional line: not personal data, but a way into the account, so shown only to its managers. */
  phone: string;
  holderEmail: string;
  recoveryEmail?: string;
  recordedAt: Date;
  recordedBy: string;
}

const accountSchema = new Schema<AccountDoc>(
  {
    _id: { type: String, required: true },
    entityId: { type: String, required: true, index: true },
    network: { type: String, enum: NETWORKS, required: true },
    username: { type: String, required: true },
    name: String,
    managingEmail: { type: String, required: true },
    roles: [{ _id: false, name: String, email: { type: String, lowercase: true }, pageRole: { type: String, enum: PAGE_ROLES }, since: Date }],
    status: { type: String, enum: ACCOUNT_STATUSES, required: true },
    statusReason: String,
    statusChangedAt: Date,
    requestId: { type: String, index: true },
    activatedAt: { type: Date, required: true },
    origin: { type: String, enum: ['registered'] },
    url: String,
    description: String,
    contentType: String,
    responsibles: [{ _id: false, name: String, phone: String }],
    lastRotatedOn: String,
    platformId: String,
    passwordHolders: [{ _id: false, email: { type: String, lowercase: true }, since: Date }],
    reactivation: { type: new Schema({ by: String, at: Date, plan: String }, { _id: false }), required: false },
    recoveryDevice: {
      type: new Schema<RecoveryDeviceDoc>(
        { device: String, phone: String, holderEmail: { type: String, lowercase: true }, recoveryEmail: String, recordedAt: Date, recordedBy: String },
        { _id: false },
      ),
      required: false,
    },
  },
  { timestamps: true, versionKey: false },
);

export function accountModel(conn: Connection): Model<AccountDoc> {
  return (conn.models.Account as Model<AccountDoc>) ?? conn.model<AccountDoc>('Account', accountSchema, 'accounts');
}

/** FerretDB drops empty arrays: an account whose last role was removed reads back without `roles`. */
export const rolesOf = (a: Pick<AccountDoc, 'roles'>) => a.roles ?? [];
/** Likewise for the password holders (CONGRESO 6.1.7). */
export const holdersOf = (a: Pick<AccountDoc, 'passwordHolders'>) => a.passwordHolders ?? [];

/**
 * An account's retirement, one row per account: retirement is final, so of simultaneous changes the one
 * that inserts this row retires it, and a pause or resumption that raced it finds the row afterwards and
 * gives way (a unique insert: FerretDB's conditional updates are not atomic).
 */
export interface AccountRetirementDoc {
  _id: string;
  reason: string;
  at: Date;
  by: string;
}

const retirementSchema = new Schema<AccountRetirementDoc>(
  { _id: { type: String, required: true }, reason: { type: String, required: true }, at: { type: Date, required: true }, by: { type: String, required: true } },
  { versionKey: false },
);

export function accountRetirementModel(conn: Connection): Model<AccountRetirementDoc> {
  return (conn.models.AccountRetirement as Model<AccountRetirementDoc>) ?? conn.model<AccountRetirementDoc>('AccountRetirement', retirementSchema, 'account_retirements');
}
