import type { Model } from 'mongoose';
import { limaDate } from '../domain/businessDays';
import { DEFAULT_REMINDER_PLAN, type ReminderPlan } from '../domain/decision';
import type { Contact } from '../domain/entity';
import { grantHoldsRole, reviewAnomalies, type AccountRoster, type Anomaly, type GrantSummary } from '../domain/pageRoles';
import type { PolicyProfileId } from '../domain/policyProfiles';
import type { RosterEntry } from '../domain/roster';
import { monthLabel, nextReviewMonth, reviewInstant, reviewRouting, roleReviewId } from '../domain/roleReview';
import { rolesOf, type AccountDoc } from '../infra/models/account';
import { toGrantSummary, type AgencyGrantDoc } from '../infra/models/agencyGrant';
import type { EntityDoc } from '../infra/models/entity';
import type { RoleReviewDoc, RoleReviewState } from '../infra/models/roleReview';
import type { Registry } from '../registry/reads';
import { peruPublicHolidays } from '../infra/holidays';
import type { Processes } from '../contracts/processes';

/** When the next review of an entity opens, with the clock it was computed against. */
export interface RoleReviewSchedule {
  /** False once the entity left the registry: the scheduler ends. */
  exists: boolean;
  /** The activity's clock: the workflow waits `at − now`, so tests can run the calendar from any date. */
  now: string;
  month: string;
  at: string;
}

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
  anomalies: Anomaly[];
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

export interface OpenRoleReviewInput {
  entityId: string;
  month: string;
  workflowId: string;
  reviewer: Contact;
  designated: boolean;
  escalateTo: Contact[];
  anomalies: Anomaly[];
  accountsReviewed: number;
  grantsListed: number;
}

export interface AttestRoleReviewInput {
  entityId: string;
  month: string;
  by: string;
  at: string;
  ip?: string;
  userAgent?: string;
}

export interface RoleReviewActivityDeps {
  accounts: Model<AccountDoc>;
  grants: Model<AgencyGrantDoc>;
  reviews: Model<RoleReviewDoc>;
  registry: Registry;
  processes: Processes;
  /** The clock; tests set it to run the calendar from a chosen date. */
  now?: () => Date;
}

/**
 * The next review's month and instant (09:00 Lima, first business day), outside workflow code so a
 * new holiday or decree never changes a replayed wait (STACK trap 4). With `month`, that month's
 * instant read again (a decree may have moved it); else the month `nextReviewMonth` owes.
 */
export function roleReviewScheduleAt(now: Date, nonWorkingDays: string[], req: { lastMonth?: string; month?: string }): Omit<RoleReviewSchedule, 'exists'> {
  const year = Number(limaDate(now).slice(0, 4));
  const years = new Set([year - 1, year, year + 1, ...(req.month ? [Number(req.month.slice(0, 4))] : [])]);
  const closed = new Set([...peruPublicHolidays([...years]), ...nonWorkingDays]);
  const month = req.month ?? nextReviewMonth(now, closed, req.lastMonth);
  return { now: now.toISOString(), month, at: reviewInstant(month, closed).toISOString() };
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

const toRoster = (a: AccountDoc): AccountRoster => ({
  accountId: a._id,
  network: a.network,
  username: a.username,
  status: a.status,
  roles: rolesOf(a).map((r) => ({ name: r.name, email: r.email, pageRole: r.pageRole })),
});

/** The monthly role review's I/O: the calendar, the registry snapshot, the `role_reviews` row, and starting the month's workflow. */
export function createRoleReviewActivities(deps: RoleReviewActivityDeps) {
  const clock = deps.now ?? (() => new Date());
  return {
    async roleReviewSchedule(input: { entityId: string; lastMonth?: string; month?: string }): Promise<RoleReviewSchedule> {
      const entity = await deps.registry.entity(input.entityId);
      const now = clock();
      if (!entity) return { exists: false, now: now.toISOString(), month: input.month ?? '', at: now.toISOString() };
      return { exists: true, ...roleReviewScheduleAt(now, entity.nonWorkingDays ?? [], input) };
    },

    async roleReviewSnapshot(input: { entityId: string; month: string }): Promise<RoleReviewSnapshot> {
      const entity = await deps.registry.entity(input.entityId);
      const today = limaDate(clock());
      if (!entity) {
        return {
          exists: false, entityId: input.entityId, entityName: '', profile: 'PCM', supervisorEmail: '', month: input.month, monthLabel: monthLabel(input.month),
          today, accounts: [], grants: [], anomalies: [], escalateTo: [], designated: false, nonWorkingDays: [], plan: DEFAULT_REMINDER_PLAN,
        };
      }
      const [accounts, grants, roster] = await Promise.all([
        deps.accounts.find({ entityId: entity._id }).lean(),
        deps.grants.find({ entityId: entity._id }).lean(),
        deps.registry.roster(entity._id),
      ]);
      return buildRoleReviewSnapshot({ entity, accounts: accounts.map(toRoster), grants: grants.map(toGrantSummary), roster, month: input.month, today });
    },

    /** Writes the month's row once; answers its state, so a month already attested is never asked again. */
    async openRoleReviewRecord(input: OpenRoleReviewInput): Promise<{ state: RoleReviewState; attestedBy?: string }> {
      const _id = roleReviewId(input.entityId, input.month);
      await deps.reviews.updateOne(
        { _id },
        {
          $setOnInsert: {
            entityId: input.entityId,
            month: input.month,
            workflowId: input.workflowId,
            reviewer: input.reviewer,
            designated: input.designated,
            escalateTo: input.escalateTo,
            anomalies: input.anomalies,
            accountsReviewed: input.accountsReviewed,
            grantsListed: input.grantsListed,
            state: 'open',
            openedAt: clock(),
          },
        },
        { upsert: true },
      );
      const row = await deps.reviews.findById(_id).lean();
      return { state: row!.state, ...(row!.attestedBy ? { attestedBy: row!.attestedBy } : {}) };
    },

    /** Records who attested; a retry (or a second attestation) leaves the first one standing. */
    async attestRoleReviewRecord(input: AttestRoleReviewInput): Promise<void> {
      await deps.reviews.updateOne(
        { _id: roleReviewId(input.entityId, input.month), state: 'open' },
        {
          $set: {
            state: 'attested',
            attestedBy: input.by,
            attestedAt: new Date(input.at),
            ...(input.ip ? { ip: input.ip } : {}),
            ...(input.userAgent ? { userAgent: input.userAgent } : {}),
          },
        },
      );
    },

    /** Starts the month's review workflow (idempotent: its id derives from entity and month). */
    async startMonthlyRoleReview(input: { entityId: string; month: string }): Promise<void> {
      await deps.processes.startRoleReview(input.entityId, input.month);
    },
  };
}
