/**
 * Writes to an entity's roster (people's memberships), shared by the registry API and the handover
 * process. FerretDB has no transactions, so a change first takes the claims it needs
 * (infra/models/rosterClaim.ts): of simultaneous requests exactly one gets them. After saving, every
 * roster write owes the same things: the revision bump that workers' roster caches key on, the release of
 * claims the person no longer holds, and signing out someone left with no role anywhere.
 */
import type { Connection, HydratedDocument } from 'mongoose';
import { Refusal } from '../domain/refusal';
import { sessionModel } from '../infra/models/credentials';
import { activeMemberships, personModel, type PersonDoc } from '../infra/models/person';
import { claimIdsOf, claimSubject, roleClaimIds, rosterClaims, type ClaimResult } from '../infra/models/rosterClaim';
import type { Registry } from './reads';

export type TakenClaims = Extract<ClaimResult, { ok: true }>;

/** What the handover's last step did to the roster (PCM 6.2.3.4–5). */
export interface HandOverRosterResult {
  /** The outgoing person no longer holds a role in the entity (now or already). */
  outgoingLeft: boolean;
  /** The incoming person is the entity's community manager; false if they left the roster meanwhile. */
  incomingIsCm: boolean;
}

export function rosterWrites(db: Connection, registry: Pick<Registry, 'roster' | 'rosterChanged' | 'principal'>) {
  const claims = rosterClaims(db);
  const people = personModel(db);

  /** Whether the roster really holds what a claim takes (a claim that is not, and is old, was left by a failed request). */
  const backedIn = (entityId: string) => async (claimId: string) => {
    const what = claimSubject(claimId);
    const roster = await registry.roster(entityId);
    return what.kind === 'member' ? roster.some((r) => r.email === what.email) : roster.some((r) => r.role === what.role);
  };

  /** Takes every claim in `ids` for `email`, or none (see `RosterClaims.take`). */
  const take = (entityId: string, ids: string[], email: string): Promise<ClaimResult> => claims.take(entityId, ids, email, backedIn(entityId));

  /** Releases claims a `take` got, when the write they guarded failed. */
  const release = (taken: TakenClaims) => claims.release(taken.ids, taken.token);

  /** Saves a person whose memberships (or name) changed, releasing `taken` if the save fails; then bumps the revisions of `entityIds`. */
  async function commit(person: HydratedDocument<PersonDoc>, entityIds: string[], taken?: TakenClaims): Promise<void> {
    try {
      await person.save();
    } catch (err) {
      if (taken) await release(taken);
      throw err;
    }
    await registry.rosterChanged(entityIds);
  }

  /** Releases what `email` held among `ids` before `before`, never a claim taken since by someone else's request. */
  const releaseHeld = (ids: string[], email: string, before: Date) => claims.releaseHeld(ids, email, before);

  /**
   * Signs a person out everywhere at once when they hold no role any more (they left their last office): a
   * session left behind would come back to life if they were ever registered again. Reads the roles afresh,
   * since a role elsewhere may have just been added.
   */
  async function signOutIfNoRole(personId: string): Promise<void> {
    if (!(await registry.principal(personId))) await sessionModel(db).deleteMany({ personId });
  }

  return {
    take,
    release,
    commit,
    releaseHeld,
    signOutIfNoRole,

    /**
     * The roster after a handover (PCM 6.2.3.4–5): the outgoing CM's membership closes (`leftAt`) and frees
     * their claims; the incoming person becomes `cm`, freeing their former role's claim. Idempotent: a retry
     * finds the work done. A `roster_conflict` refusal names who holds the role when it cannot be taken.
     */
    async handOver(entityId: string, outgoingEmail: string, incomingEmail: string): Promise<HandOverRosterResult> {
      const outgoing = await people.findOne({ email: outgoingEmail });
      if (outgoing) {
        const membership = activeMemberships(outgoing).find((m) => m.entityId === entityId);
        if (membership) {
          membership.leftAt = new Date();
          await commit(outgoing, [entityId]);
        }
        await releaseHeld(claimIdsOf(entityId, outgoing.email), outgoing.email, new Date());
        await signOutIfNoRole(String(outgoing._id));
      }

      const incoming = await people.findOne({ email: incomingEmail });
      const membership = incoming ? activeMemberships(incoming).find((m) => m.entityId === entityId) : undefined;
      if (!incoming || !membership) return { outgoingLeft: true, incomingIsCm: false };
      if (membership.role !== 'cm') {
        const was = membership.role;
        const got = await take(entityId, roleClaimIds(entityId, 'cm'), incoming.email);
        // A retry finds the claim its first attempt took: that is the incoming person's, not a conflict.
        if (!got.ok && got.holder !== incoming.email) {
          throw new Refusal('roster_conflict', `El rol de community manager de ${entityId} lo tiene ${got.holder ?? 'otra persona'}.`);
        }
        membership.role = 'cm';
        await commit(incoming, [entityId], got.ok ? got : undefined);
        await releaseHeld(roleClaimIds(entityId, was), incoming.email, new Date());
      }
      return { outgoingLeft: true, incomingIsCm: true };
    },
  };
}

export type RosterWrites = ReturnType<typeof rosterWrites>;
