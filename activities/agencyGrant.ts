import type { Model } from 'mongoose';
import { grantRemovalDue, grantStartsAt, grantWarningsDue, type GrantWarningDue } from '../domain/agencyGrant';
import { limaStartOfDay } from '../domain/businessDays';
import { DEFAULT_REMINDER_PLAN, type ReminderPlan } from '../domain/decision';
import type { Contact } from '../domain/entity';
import { NETWORK_LABELS } from '../domain/networks';
import type { GrantState, GrantSummary } from '../domain/pageRoles';
import type { AccountDoc } from '../infra/models/account';
import type { AgencyGrantDoc } from '../infra/models/agencyGrant';
import type { EntityDoc } from '../infra/models/entity';
import type { Registry } from '../registry/reads';
import { peruPublicHolidays } from '../infra/holidays';

/** What the grant process needs, read fresh from the registry whenever it is told to (the row is the source of truth). */
export interface AgencyGrantContext extends GrantSummary {
  /** False once the row is gone (e.g. the API removed it after a failed start): the process ends. */
  exists: boolean;
  entityId: string;
  entityName: string;
  /** e.g. `CulturaPeru (Facebook)`. */
  label: string;
  endedEarlyOn?: string;
  /** PCM 6.1.2.4: the community manager removes the role. Absent while the roster has none. */
  custodian?: Contact;
  head?: Contact;
  /** Whom the agency named to hear from the entity: told when its access ends (issue 17 §2). */
  agencyContact?: Contact;
  nonWorkingDays: string[];
  plan: ReminderPlan;
}

export interface GrantInstantsInput {
  startsOn: string;
  endsOn: string;
  nonWorkingDays: string[];
}

export interface GrantInstants {
  /** 00:00 Lima of the start date: the grant becomes active. */
  startsAt: string;
  /** 00:00 Lima of the end date: once past it, an early end "on" that date opens the removal at once. */
  endDayStartsAt: string;
  /** 09:00 Lima on the first business day after the end date (domain/agencyGrant.ts). */
  removalDueAt: string;
  /**
   * When the end is announced (issue 17 §2): 14 and 1 business days before the last day, those that fall
   * within the grant. Absent in results recorded before the warnings existed.
   */
  warnings?: GrantWarningDue[];
}

/** A state change of the grant as the registry row keeps it, so lists and warnings need no workflow query. */
export interface RecordGrantStateInput {
  grantId: string;
  state: GrantState;
  endedEarlyOn?: string;
  removedAt?: string;
  removedBy?: string;
}

export interface AgencyGrantActivityDeps {
  grants: Model<AgencyGrantDoc>;
  accounts: Model<AccountDoc>;
  entities: Model<EntityDoc>;
  registry: Registry;
}

/**
 * The grant's instants, here and not in workflow code: the removal date depends on the holiday list and
 * the entity's decreed days, and computing it in an activity records it in history, so a new decree or
 * holiday can never move a replayed deadline (STACK trap 4). Kept apart from activities/calendar.ts so the
 * grant rule (domain/agencyGrant.ts) travels with the grant process.
 */
export function grantInstants(input: GrantInstantsInput): GrantInstants {
  const start = limaStartOfDay(input.startsOn);
  const end = limaStartOfDay(input.endsOn);
  const years = [start.getUTCFullYear(), end.getUTCFullYear(), end.getUTCFullYear() + 1];
  const closed = new Set([...peruPublicHolidays([...new Set(years)]), ...input.nonWorkingDays]);
  return {
    startsAt: grantStartsAt(input.startsOn).toISOString(),
    endDayStartsAt: end.toISOString(),
    removalDueAt: grantRemovalDue(input.endsOn, closed).toISOString(),
    warnings: grantWarningsDue(input.startsOn, input.endsOn, closed),
  };
}

export function createAgencyGrantActivities(deps: AgencyGrantActivityDeps) {
  return {
    async agencyGrantContext(grantId: string): Promise<AgencyGrantContext> {
      const grant = await deps.grants.findById(grantId).lean();
      if (!grant) {
        return {
          exists: false, grantId, entityId: '', entityName: '', accountId: '', label: '', agencyName: '', role: 'advertiser', campaign: '',
          startsOn: '', endsOn: '', state: 'cancelled', nonWorkingDays: [], plan: DEFAULT_REMINDER_PLAN,
        };
      }
      const [account, entity] = await Promise.all([deps.accounts.findById(grant.accountId).lean(), deps.entities.findById(grant.entityId).lean()]);
      const roster = await deps.registry.roster(grant.entityId);
      const contact = (role: string): Contact | undefined => {
        const r = roster.find((x) => x.role === role);
        return r ? { name: r.name, email: r.email } : undefined;
      };
      const custodian = contact('cm');
      const head = contact('head');
      const plan = entity?.decisionPlan ?? DEFAULT_REMINDER_PLAN;
      return {
        exists: true,
        grantId,
        entityId: grant.entityId,
        entityName: entity?.name ?? grant.entityId,
        accountId: grant.accountId,
        label: account ? `${account.username} (${NETWORK_LABELS[account.network]})` : grant.accountId,
        agencyName: grant.agencyName,
        ...(grant.businessManagerId ? { businessManagerId: grant.businessManagerId } : {}),
        role: grant.role,
        campaign: grant.campaign,
        startsOn: grant.startsOn,
        endsOn: grant.endsOn,
        ...(grant.endedEarlyOn ? { endedEarlyOn: grant.endedEarlyOn } : {}),
        state: grant.state,
        ...(custodian ? { custodian } : {}),
        ...(head ? { head } : {}),
        ...(grant.agencyContactEmail ? { agencyContact: { name: grant.agencyContactName ?? grant.agencyName, email: grant.agencyContactEmail } } : {}),
        // FerretDB drops empty arrays: an absent list is an empty one.
        nonWorkingDays: [...(entity?.nonWorkingDays ?? [])],
        plan: {
          remindAfter: [...(plan.remindAfter ?? [])],
          ...(plan.escalateAfter != null ? { escalateAfter: plan.escalateAfter } : {}),
          ...(plan.repeatEvery != null ? { repeatEvery: plan.repeatEvery } : {}),
        },
      };
    },

    async grantInstants(input: GrantInstantsInput): Promise<GrantInstants> {
      return grantInstants(input);
    },

    /**
     * Writes the state (and what goes with it) onto the row; a `$set`, so a retry writes the same thing.
     * Never creates a row: false tells the process its grant left the registry.
     */
    async recordGrantState(input: RecordGrantStateInput): Promise<boolean> {
      const { matchedCount } = await deps.grants.updateOne(
        { _id: input.grantId },
        {
          $set: {
            state: input.state,
            ...(input.endedEarlyOn ? { endedEarlyOn: input.endedEarlyOn } : {}),
            ...(input.removedAt ? { removedAt: new Date(input.removedAt) } : {}),
            ...(input.removedBy ? { removedBy: input.removedBy } : {}),
          },
        },
      );
      return matchedCount > 0;
    },
  };
}
