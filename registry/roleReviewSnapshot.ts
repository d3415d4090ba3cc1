/**
 * What a month's review of page roles shows (PCM 6.1.2.11), built from the registry: the review's
 * snapshot activity reads it once when the month opens (and the head attests exactly that), and the
 * review page reads it again, so the reviewer sees what a correction changed before attesting.
 */
import type { Model } from 'mongoose';
import { DEFAULT_REMINDER_PLAN, type ReminderPlan } from '../domain/decision';
import type { Contact } from '../domain/entity';
import { grantHoldsRole, reviewAnomalies, type AccountRoster, type GrantSummary } from '../domain/pageRoles';
import { PROFILES, type PolicyProfileId } from '../domain/policyProfiles';
import type { PlatformReview, ReviewAnomaly } from '../domain/platformRoles';
import type { RosterEntry } from '../domain/roster';
import { monthLabel, reviewRouting } from '../domain/roleReview';
import { rolesOf, type AccountDoc } from '../infra/models/account';
import { toGrantSummary, type AgencyGrantDoc } from '../infra/models/agencyGrant';
import type { EntityDoc } from '../infra/models/entity';
import type { Registry } from './reads';

/** What one month's review shows and asks, read once when it opens: the head attests exactly this. */
export interface RoleReviewSnapshot {
  exists: boolean;
  entityId: string;
  entityName: string;
  profile: PolicyProfileId;
  supervisorEmail: string;
  month: string;
  /** e.g. «enero de 2027». */
  monthLabel: string;
  /** Lima date the facts were read, `YYYY-MM-DD`. */
  today: string;
  /** Accounts not retired, with their page roles. */
  accounts: AccountRoster[];
  /** Grants that hold a role, and those that ended since the start of the previous month. */
  grants: GrantSummary[];
  anomalies: ReviewAnomaly[];
  /**
   * What the review read on the platforms (issue 17 §1); absent in reviews opened before Custodio read
   * Meta, and in the page's reading of today (which reads only the registry).
   */
  platform?: PlatformReview;
  /**
   * Whether SCS's place among each page's admins was checked (PCM 6.1.1.6), as the profile said that
   * morning; absent in snapshots read before PCM 2's scope reached INPE and Senace.
   */
  supervisorAdminChecked?: boolean;
  reviewer?: Contact;
  escalateTo: Contact[];
  /** The reviewer is the head's designee (PCM 6.1.2.11). */
  designated: boolean;
  /** A designee is configured but not in the roster, so the head reviews (the email says so). */
  designeeNotFound?: string;
  nonWorkingDays: string[];
  plan: ReminderPlan;
}

/** The registry's facts a snapshot is built from; `buildRoleReviewSnapshot` is pure so tests feed it directly. */
export interface RoleReviewFacts {
  entity: Pick<EntityDoc, '_id' | 'name' | 'profile' | 'supervisorEmail' | 'nonWorkingDays' | 'decisionPlan' | 'reviewDesigneeEmail'>;
  /** Every account of the entity, retired ones included (they are left out here). */
  accounts: AccountRoster[];
  grants: GrantSummary[];
  /** Active memberships (`registry.roster`). */
  roster: RosterEntry[];
  month: string;
  today: string;
}

const previousMonthStart = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12-01` : `${y}-${String(m - 1).padStart(2, '0')}-01`;
};

const reviewRoutingFor = (designee?: Contact, head?: Contact, second?: Contact) =>
  reviewRouting({ ...(designee ? { designee } : {}), ...(head ? { head } : {}), ...(second ? { second } : {}) });

/** Everything the month's review shows, its anomalies (domain/pageRoles.ts) and who reviews. */
export function buildRoleReviewSnapshot(f: RoleReviewFacts): RoleReviewSnapshot {
  const { entity } = f;
  const accounts = f.accounts
    .filter((a) => a.status !== 'retired')
    .sort((a, b) => a.username.localeCompare(b.username, 'es') || a.network.localeCompare(b.network));
  const since = previousMonthStart(f.month);
  const grants = f.grants.filter((g) => grantHoldsRole(g.state) || g.endsOn >= since).sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  const members = f.roster.map((r) => r.email.toLowerCase());
  const anomalies = reviewAnomalies({ profile: entity.profile, supervisorEmail: entity.supervisorEmail, accounts, grants: f.grants, members, today: f.today });
  const contact = (r: RosterEntry | undefined): Contact | undefined => (r ? { name: r.name, email: r.email.toLowerCase() } : undefined);
  const designeeEmail = entity.reviewDesigneeEmail?.toLowerCase();
  const designee = designeeEmail ? contact(f.roster.find((r) => r.email.toLowerCase() === designeeEmail)) : undefined;
  const routing = reviewRoutingFor(designee, contact(f.roster.find((r) => r.role === 'head')), contact(f.roster.find((r) => r.role === 'second')));
  const plan = entity.decisionPlan ?? DEFAULT_REMINDER_PLAN;
  return {
    exists: true,
    entityId: entity._id,
    entityName: entity.name,
    profile: entity.profile,
    supervisorEmail: entity.supervisorEmail.toLowerCase(),
    month: f.month,
    monthLabel: monthLabel(f.month),
    today: f.today,
    accounts,
    grants,
    anomalies,
    supervisorAdminChecked: PROFILES[entity.profile].requiresSupervisorAsAdmin,
    ...routing,
    ...(designeeEmail && !designee ? { designeeNotFound: designeeEmail } : {}),
    nonWorkingDays: [...(entity.nonWorkingDays ?? [])],
    plan: {
      remindAfter: [...plan.remindAfter],
      ...(plan.escalateAfter != null ? { escalateAfter: plan.escalateAfter } : {}),
      ...(plan.repeatEvery != null ? { repeatEvery: plan.repeatEvery } : {}),
    },
  };
}

export const toRoster = (a: AccountDoc): AccountRoster => ({
  accountId: a._id,
  network: a.network,
  username: a.username,
  status: a.status,
  roles: rolesOf(a).map((r) => ({ name: r.name, email: r.email, pageRole: r.pageRole })),
});


/** The registry's facts of one entity's page roles, as a review reads them today. */
export async function readRoleFacts(
  models: { accounts: Model<AccountDoc>; grants: Model<AgencyGrantDoc> },
  registry: Registry,
  entityId: string,
): Promise<Pick<RoleReviewFacts, 'accounts' | 'grants' | 'roster'>> {
  const [accounts, grants, roster] = await Promise.all([
    models.accounts.find({ entityId }).lean(),
    models.grants.find({ entityId }).lean(),
    registry.roster(entityId),
  ]);
  return { accounts: accounts.map(toRoster), grants: grants.map(toGrantSummary), roster };
}
