import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import type { EntityRole } from '../../domain/access';
import { isDuplicateKey, trusted } from '../db';

/**
 * What makes roster writes safe when requests arrive together, without transactions (FerretDB has
 * none). Before a person is added or given a role, the request inserts a claim whose `_id` names what
 * it takes: `<entityId>:member:<email>` (someone is on an entity's roster once) and
 * `<entityId>:role:head` / `<entityId>:role:second` (one of each, PCM 5.2.4 and 6.1.1.5). The unique
 * `_id` lets exactly one of simultaneous requests insert it; the others get a duplicate-key error.
 * A claim is released when its person leaves or changes role, and at once if the write it guards fails.
 */
export interface RosterClaimDoc {
  _id: string;
  entityId: string;
  /** Who holds it. */
  email: string;
  /** Tells this claim from a later one with the same `_id`, so a request releases only its own. */
  token: string;
  at: Date;
}

const claimSchema = new Schema<RosterClaimDoc>(
  {
    _id: { type: String, required: true },
    entityId: { type: String, required: true },
    email: { type: String, required: true },
    token: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export function rosterClaimModel(conn: Connection): Model<RosterClaimDoc> {
  return (conn.models.RosterClaim as Model<RosterClaimDoc>) ?? conn.model<RosterClaimDoc>('RosterClaim', claimSchema, 'roster_claims');
}

/** Roles an entity holds once, so they are claimed (PCM 5.2.4: one head; PCM 6.1.1.5: one second in command). */
const CLAIMED_ROLES: readonly EntityRole[] = ['head', 'second'];

export const memberClaimId = (entityId: string, email: string) => `${entityId}:member:${email}`;
/** The claim a role needs, if it is one an entity holds once. */
export const roleClaimIds = (entityId: string, role: EntityRole): string[] => (CLAIMED_ROLES.includes(role) ? [`${entityId}:role:${role}`] : []);
/** Every claim a person may hold in an entity. */
export const claimIdsOf = (entityId: string, email: string) => [memberClaimId(entityId, email), ...CLAIMED_ROLES.flatMap((r) => roleClaimIds(entityId, r))];

/** What a claim's `_id` takes: a place on the roster (by address) or a role. */
export function claimSubject(id: string): { kind: 'member'; email: string } | { kind: 'role'; role: EntityRole } {
  const [, kind, ...rest] = id.split(':');
  return kind === 'member' ? { kind, email: rest.join(':') } : { kind: 'role', role: rest.join(':') as EntityRole };
}

/**
 * A claim older than this whose holder is not on the roster was left by a request that died between
 * claiming and writing (or before releasing): the next request takes it over instead of being refused forever.
 */
export const STALE_CLAIM_MS = 60_000;

/** Taken: the claims and the token that releases them. Refused: the claim already held, and by whom when known. */
export type ClaimResult = { ok: true; ids: string[]; token: string } | { ok: false; id: string; holder?: string };

export function rosterClaims(conn: Connection) {
  const claims = rosterClaimModel(conn);

  /** Releases the claims one `take` inserted (its write failed), and no later claim with the same `_id`. */
  async function release(ids: string[], token: string): Promise<void> {
    if (ids.length) await claims.deleteMany({ _id: trusted({ $in: ids }), token });
  }

  return {
    release,

    /**
     * Takes every claim in `ids` for `email`, in order, or none: on one already held, releases those
     * taken and names the claim and its holder. `backed` says whether the roster really holds what a claim takes;
     * a claim that is not backed and older than `STALE_CLAIM_MS` is taken over.
     */
    async take(entityId: string, ids: string[], email: string, backed: (id: string) => Promise<boolean>, now = new Date()): Promise<ClaimResult> {
      const token = randomUUID();
      const done: string[] = [];
      for (const id of ids) {
        let inserted = false;
        let holder: RosterClaimDoc | null = null;
        // A few attempts: again after a stale claim was removed, or after its holder released it meanwhile.
        for (let attempt = 0; attempt < 3 && !inserted; attempt++) {
          try {
            await claims.create({ _id: id, entityId, email, token, at: now });
            inserted = true;
            break;
          } catch (err) {
            if (!isDuplicateKey(err)) {
              await release(done, token);
              throw err;
            }
          }
          holder = await claims.findById(id).lean();
          if (!holder) continue;
          if (now.getTime() - holder.at.getTime() <= STALE_CLAIM_MS || (await backed(id))) break;
          await claims.deleteOne({ _id: id, token: holder.token });
          holder = null;
        }
        if (!inserted) {
          await release(done, token);
          return { ok: false, id, ...(holder ? { holder: holder.email } : {}) };
        }
        done.push(id);
      }
      return { ok: true, ids: done, token };
    },

    /**
     * Releases what `email` held before `before` (they left, or their role changed), never a claim taken
     * since by someone else's request.
     */
    async releaseHeld(ids: string[], email: string, before: Date): Promise<void> {
      if (ids.length) await claims.deleteMany({ _id: trusted({ $in: ids }), email, at: trusted({ $lt: before }) });
    },
  };
}

export type RosterClaims = ReturnType<typeof rosterClaims>;
