import type { Model } from 'mongoose';
import { limaDate } from '../domain/businessDays';
import { DEFAULT_REMINDER_PLAN } from '../domain/decision';
import type { Contact } from '../domain/entity';
import type { PlatformReview, ReviewAnomaly } from '../domain/platformRoles';
import { monthLabel, nextReviewMonth, reviewInstant, roleReviewId } from '../domain/roleReview';
import type { AccountDoc } from '../infra/models/account';
import type { AgencyGrantDoc } from '../infra/models/agencyGrant';
import type { RoleReviewDoc, RoleReviewState } from '../infra/models/roleReview';
import type { Registry } from '../registry/reads';
import { buildRoleReviewSnapshot, readRoleFacts, type RoleReviewSnapshot } from '../registry/roleReviewSnapshot';
import { peruPublicHolidays } from '../infra/holidays';
import type { Processes } from '../contracts/processes';

// Workflows name the snapshot through this module's types (they may not import the registry).
export type { RoleReviewFacts, RoleReviewSnapshot } from '../registry/roleReviewSnapshot';

/** When the next review of an entity opens, with the clock it was computed against. */
export interface RoleReviewSchedule {
  /** False once the entity left the registry: the scheduler ends. */
  exists: boolean;
  /** The activity's clock: the workflow waits `at − now`, so tests can run the calendar from any date. */
  now: string;
  month: string;
  at: string;
}

export interface OpenRoleReviewInput {
  entityId: string;
  month: string;
  workflowId: string;
  reviewer: Contact;
  designated: boolean;
  escalateTo: Contact[];
  anomalies: ReviewAnomaly[];
  /** The platform read (issue 17 §1), when the entity is connected to Meta. */
  platform?: PlatformReview;
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
  /** PCM 5.2.7: the reviewer attested whom the accounts follow, and what was unfollowed. */
  follows?: { clause: string; unfollowed?: string };
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
      const facts = await readRoleFacts(deps, deps.registry, entity._id);
      return buildRoleReviewSnapshot({ entity, ...facts, month: input.month, today });
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
            ...(input.platform && input.platform.state !== 'manual'
              ? { platform: input.platform.state === 'failed' ? { state: 'failed', message: input.platform.message } : { state: 'checked', accounts: input.platform.accounts } }
              : {}),
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
            ...(input.follows ? { follows: input.follows } : {}),
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
