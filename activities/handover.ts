import { ApplicationFailure } from '@temporalio/activity';
import type { Connection } from 'mongoose';
import { FAILURES } from '../contracts/failures';
import { DEFAULT_REMINDER_PLAN, type DecisionAction, type ReminderPlan } from '../domain/decision';
import type { Contact } from '../domain/entity';
import { NETWORK_LABELS } from '../domain/networks';
import { GRANT_STATES, grantHoldsRole, type PageRole } from '../domain/pageRoles';
import { trusted } from '../infra/db';
import { accountModel, rolesOf, type AccountStatus } from '../infra/models/account';
import { agencyGrantModel } from '../infra/models/agencyGrant';
import { entityModel } from '../infra/models/entity';
import { handoverLocks, handoverModel } from '../infra/models/handover';
import { activeMemberships, personModel } from '../infra/models/person';
import { claimIdsOf, claimSubject, roleClaimIds, rosterClaims } from '../infra/models/rosterClaim';
import { createRegistry } from '../infra/registry';
import { endSessionsOf } from '../infra/sessionStore';
import type { Processes } from '../contracts/processes';

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

export interface HandOverRosterResult {
  /** The outgoing person no longer holds a role in the entity (now or already). */
  outgoingLeft: boolean;
  /** The incoming person is the entity's community manager; false if they left the roster meanwhile. */
  incomingIsCm: boolean;
}

const IN_SERVICE: AccountStatus[] = ['active', 'paused'];
const HOLDING = GRANT_STATES.filter(grantHoldsRole);

/**
 * The handover's registry writes (PCM 6.2.3), each idempotent: run twice, it changes nothing the second
 * time, so Temporal may retry any of them after a crash.
 */
export function createHandoverActivities(deps: { db: Connection; processes: Processes }) {
  const accounts = accountModel(deps.db);
  const entities = entityModel(deps.db);
  const people = personModel(deps.db);
  const handovers = handoverModel(deps.db);
  const locks = handoverLocks(deps.db);
  const claims = rosterClaims(deps.db);
  const registry = createRegistry(deps.db);

  /** Whether the roster really holds what a claim takes (entities service, `backedIn`). */
  const backedIn = (entityId: string) => async (claimId: string) => {
    const what = claimSubject(claimId);
    const roster = await registry.roster(entityId);
    return what.kind === 'member' ? roster.some((r) => r.email === what.email) : roster.some((r) => r.role === what.role);
  };

  return {
    async handoverContext(input: HandoverContextInput): Promise<HandoverContext> {
      const entity = await entities.findById(input.entityId).lean();
      const contact = async (email: string): Promise<Contact> => ({ name: (await registry.personByEmail(email))?.name ?? email, email });
      const [outgoing, incoming] = [await contact(input.outgoingEmail), await contact(input.incomingEmail)];
      if (!entity || !(await handovers.exists({ _id: input.handoverId }))) {
        return { exists: false, entityId: input.entityId, entityName: input.entityId, outgoing, incoming, accounts: [], outgoingRoles: [], nonWorkingDays: [], plan: DEFAULT_REMINDER_PLAN };
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
     * The roster after the handover: the outgoing CM's membership closes (`leftAt`) and frees their roster
     * claims; the incoming person becomes `cm`, taking that role's claim if the role is one an entity
     * holds once, and freeing their former role's. Someone left with no role anywhere is signed out.
     */
    async handOverRoster(input: HandOverRosterInput): Promise<HandOverRosterResult> {
      const { entityId } = input;
      const outgoing = await people.findOne({ email: input.outgoingEmail });
      if (outgoing) {
        const membership = activeMemberships(outgoing).find((m) => m.entityId === entityId);
        if (membership) {
          membership.leftAt = new Date();
          await outgoing.save();
          await registry.rosterChanged([entityId]);
        }
        await claims.releaseHeld(claimIdsOf(entityId, outgoing.email), outgoing.email, new Date());
        if (!(await registry.principal(String(outgoing._id)))) await endSessionsOf(deps.db, String(outgoing._id));
      }

      const incoming = await people.findOne({ email: input.incomingEmail });
      const membership = incoming ? activeMemberships(incoming).find((m) => m.entityId === entityId) : undefined;
      if (!incoming || !membership) return { outgoingLeft: true, incomingIsCm: false };
      if (membership.role !== 'cm') {
        const was = membership.role;
        const got = await claims.take(entityId, roleClaimIds(entityId, 'cm'), incoming.email, backedIn(entityId));
        // A retry finds the claim its first attempt took: that is the incoming person's, not a conflict.
        if (!got.ok && got.holder !== incoming.email) {
          throw ApplicationFailure.create({ type: FAILURES.rosterConflict, message: `El rol de community manager de ${entityId} lo tiene ${got.holder ?? 'otra persona'}.` });
        }
        membership.role = 'cm';
        try {
          await incoming.save();
        } catch (err) {
          if (got.ok) await claims.release(got.ids, got.token);
          throw err;
        }
        await registry.rosterChanged([entityId]);
        await claims.releaseHeld(roleClaimIds(entityId, was), incoming.email, new Date());
      }
      return { outgoingLeft: true, incomingIsCm: true };
    },

    /** Running agency grants read the roster again, so a pending removal goes to the new CM. */
    async refreshAgencyGrantsOf(input: { entityId: string }): Promise<void> {
      const open = await agencyGrantModel(deps.db).find({ entityId: input.entityId, state: trusted({ $in: HOLDING }) }, { _id: 1 }).lean();
      await deps.processes.refreshAgencyGrants(open.map((g) => g._id));
    },
  };
}
