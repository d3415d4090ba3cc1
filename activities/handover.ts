import { ApplicationFailure } from '@temporalio/activity';
import type { Model } from 'mongoose';
import { FAILURES } from '../contracts/failures';
import { DEFAULT_REMINDER_PLAN, type DecisionAction, type ReminderPlan } from '../domain/decision';
import type { Contact } from '../domain/entity';
import { NETWORK_LABELS } from '../domain/networks';
import type { PageRole } from '../domain/pageRoles';
import { trusted } from '../infra/db';
import { rolesOf, type AccountStatus, type AccountDoc } from '../infra/models/account';
import type { EntityDoc } from '../infra/models/entity';
import type { HandoverDoc, HandoverLocks } from '../infra/models/handover';
import type { Registry } from '../registry/reads';
import type { Processes } from '../contracts/processes';
import { refreshEntityGrants } from '../registry/agencyGrants';
import type { OpenSteps } from '../registry/openSteps';
import { ROSTER_FOLLOWING_PROCESSES } from '../contracts/decision';
import type { HandOverRosterResult, RosterWrites } from '../registry/roster';

export type { HandOverRosterResult } from '../registry/roster';
import type { AgencyGrantDoc } from '../infra/models/agencyGrant';
import { Refusal } from '../domain/refusal';

/** An account the handover touches: every account of the entity not retired. */
export interface HandoverAccount {
  accountId: string;
  /** e.g. `CulturaPeru (Facebook)`. */
  label: string;
  status: Exclude<AccountStatus, 'retired'>;
}

/** What the handover needs, read fresh from the registry before each step (a new head, new decreed days). */
export interface HandoverContext {
  /** False when the entity or the handover's row is not in the registry (a start the API took back): the process closes. */
  exists: boolean;
  entityId: string;
  entityName: string;
  /** PCM 6.2.3.1: supervises the handover and safeguards the passwords. Absent while the roster has none. */
  head?: Contact;
  /** Names from the registry (the outgoing person keeps theirs after leaving the roster). */
  outgoing: Contact;
  incoming: Contact;
  accounts: HandoverAccount[];
  /** Page roles the outgoing person still holds on any account of the entity, retired ones too (PCM 6.2.3.5). */
  outgoingRoles: Array<{ accountId: string; label: string; pageRole: PageRole }>;
  /**
   * CONGRESO 6.2.3: the institution's recovery phones the outgoing person has, handed over with the
   * credentials. Optional: a history recorded before it existed replays contexts without it.
   */
  recoveryDevices?: Array<{ accountId: string; label: string; device: string }>;
  nonWorkingDays: string[];
  plan: ReminderPlan;
}

export interface HandoverContextInput {
  handoverId: string;
  entityId: string;
  outgoingEmail: string;
  incomingEmail: string;
}

/** Progress written onto the registry row; `$set` only, so a retry writes the same thing. */
export interface RecordHandoverInput {
  handoverId: string;
  entityId: string;
  step: string;
  decisions: Array<{ step: string; action: DecisionAction; by: string; at: string; reason?: string }>;
  accountIds?: string[];
  /** Set once, at the end: the row turns `completed` and the entity is free for another handover. */
  completedAt?: string;
}

export interface HandOverRosterInput {
  entityId: string;
  outgoingEmail: string;
  incomingEmail: string;
}

const IN_SERVICE: AccountStatus[] = ['active', 'paused'];

/**
 * The handover's registry writes (PCM 6.2.3), each idempotent: run twice, it changes nothing the second
 * time, so Temporal may retry any of them after a crash.
 */
export interface HandoverActivityDeps {
  accounts: Model<AccountDoc>;
  entities: Model<EntityDoc>;
  grants: Model<AgencyGrantDoc>;
  handovers: Model<HandoverDoc>;
  locks: HandoverLocks;
  registry: Registry;
  roster: RosterWrites;
  processes: Processes;
  /** Processes waiting for someone of the entity, told of the new roster. */
  openSteps: Pick<OpenSteps, 'workflowsOf'>;
}

export function createHandoverActivities(deps: HandoverActivityDeps) {
  const { accounts, entities, handovers, locks, registry } = deps;

  return {
    async handoverContext(input: HandoverContextInput): Promise<HandoverContext> {
      const entity = await entities.findById(input.entityId).lean();
      const contact = async (email: string): Promise<Contact> => ({ name: (await registry.personByEmail(email))?.name ?? email, email });
      const [outgoing, incoming] = [await contact(input.outgoingEmail), await contact(input.incomingEmail)];
      if (!entity || !(await handovers.exists({ _id: input.handoverId }))) {
        return { exists: false, entityId: input.entityId, entityName: input.entityId, outgoing, incoming, accounts: [], outgoingRoles: [], recoveryDevices: [], nonWorkingDays: [], plan: DEFAULT_REMINDER_PLAN };
      }
      const head = (await registry.roster(entity._id)).find((r) => r.role === 'head');
      const all = await accounts.find({ entityId: entity._id }).sort({ username: 1, network: 1, _id: 1 }).lean();
      const label = (a: (typeof all)[number]) => `${a.username} (${NETWORK_LABELS[a.network]})`;
      const plan = entity.decisionPlan ?? DEFAULT_REMINDER_PLAN;
      return {
        exists: true,
        entityId: entity._id,
        entityName: entity.name,
        ...(head ? { head: { name: head.name, email: head.email } } : {}),
        outgoing,
        incoming,
        accounts: all.flatMap((a) => (a.status === 'retired' ? [] : [{ accountId: a._id, label: label(a), status: a.status }])),
        outgoingRoles: all.flatMap((a) =>
          rolesOf(a).filter((r) => r.email === input.outgoingEmail).map((r) => ({ accountId: a._id, label: label(a), pageRole: r.pageRole })),
        ),
        recoveryDevices: all.flatMap((a) =>
          a.status !== 'retired' && a.recoveryDevice?.holderEmail === input.outgoingEmail.toLowerCase() ? [{ accountId: a._id, label: label(a), device: a.recoveryDevice.device }] : [],
        ),
        // FerretDB drops empty arrays: an absent list is an empty one.
        nonWorkingDays: [...(entity.nonWorkingDays ?? [])],
        plan: {
          remindAfter: [...(plan.remindAfter ?? [])],
          ...(plan.escalateAfter != null ? { escalateAfter: plan.escalateAfter } : {}),
          ...(plan.repeatEvery != null ? { repeatEvery: plan.repeatEvery } : {}),
        },
      };
    },

    async recordHandover(input: RecordHandoverInput): Promise<void> {
      await handovers.updateOne(
        { _id: input.handoverId },
        {
          $set: {
            step: input.step,
            decisions: input.decisions.map((d) => ({ ...d, at: new Date(d.at) })),
            ...(input.accountIds ? { accountIds: input.accountIds } : {}),
            ...(input.completedAt ? { state: 'completed', completedAt: new Date(input.completedAt) } : {}),
          },
        },
      );
      if (input.completedAt) await locks.release(input.entityId, input.handoverId);
    },

    /** PCM 6.2.3.4: the new CM administers every account in service; a lesser role they held becomes admin. Returns those accounts. */
    async grantIncomingAdmin(input: { entityId: string; incoming: Contact }): Promise<string[]> {
      const email = input.incoming.email.toLowerCase();
      const docs = await accounts.find({ entityId: input.entityId, status: trusted({ $in: IN_SERVICE }) }).sort({ _id: 1 }).lean();
      for (const a of docs) {
        const roles = rolesOf(a);
        if (roles.some((r) => r.email === email && r.pageRole === 'admin')) continue;
        const next = [...roles.filter((r) => r.email !== email), { name: input.incoming.name, email, pageRole: 'admin' as const, since: new Date() }];
        await accounts.updateOne({ _id: a._id }, { $set: { roles: next } });
      }
      return docs.map((a) => a._id);
    },

    /** PCM 6.2.3.4–5: the outgoing person keeps no role on any account of the entity. Returns the accounts changed now. */
    async removeOutgoingRoles(input: { entityId: string; outgoingEmail: string }): Promise<string[]> {
      const email = input.outgoingEmail.toLowerCase();
      const docs = await accounts.find({ entityId: input.entityId, 'roles.email': email }).sort({ _id: 1 }).lean();
      for (const a of docs) await accounts.updateOne({ _id: a._id }, { $set: { roles: rolesOf(a).filter((r) => r.email !== email) } });
      return docs.map((a) => a._id);
    },

    /**
     * The roster after the handover (registry/roster.ts `handOver`); a role held by someone else fails as
     * `RosterConflict`. The recovery phones the outgoing person had pass to the new CM with the role
     * (CONGRESO 6.2.3); a retry finds none left to pass.
     */
    async handOverRoster(input: HandOverRosterInput): Promise<HandOverRosterResult> {
      let result: HandOverRosterResult;
      try {
        result = await deps.roster.handOver(input.entityId, input.outgoingEmail, input.incomingEmail);
      } catch (err) {
        if (err instanceof Refusal && err.code === 'roster_conflict') throw ApplicationFailure.create({ type: FAILURES.rosterConflict, message: err.message });
        throw err;
      }
      if (result.incomingIsCm) {
        const outgoing = input.outgoingEmail.toLowerCase();
        const held = (await accounts.find({ entityId: input.entityId }).lean()).filter((a) => a.recoveryDevice?.holderEmail === outgoing);
        for (const a of held) {
          const moved = { ...a.recoveryDevice!, holderEmail: input.incomingEmail.toLowerCase(), recordedAt: new Date(), recordedBy: 'Traspaso de administración (PCM 6.2.3)' };
          await accounts.updateOne({ _id: a._id }, { $set: { recoveryDevice: moved } });
        }
      }
      return result;
    },

    /**
     * Running agency grants read the roster again, so a pending removal goes to the new CM; so do the
     * processes with a step open for someone of the entity (issue 14 §1.4: a campaign's closing report).
     */
    async refreshAgencyGrantsOf(input: { entityId: string }): Promise<void> {
      await refreshEntityGrants(deps, input.entityId);
      await deps.processes.refreshRoster(await deps.openSteps.workflowsOf(input.entityId, ROSTER_FOLLOWING_PROCESSES));
    },
  };
}
