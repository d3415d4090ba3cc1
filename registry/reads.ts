import { isValidObjectId, type Connection, type UpdateQuery } from 'mongoose';
import { isDuplicateKey, trusted } from '../infra/db';
import { can, type EntityRole, type Principal } from '../domain/access';
import { Refusal } from '../domain/refusal';
import type { EntityPolicy } from '../domain/entity';
import { contactsFromRoster, type RosterEntry } from '../domain/roster';
import { entityModel, toEntityPolicy, type EntityDoc } from '../infra/models/entity';
import { entityMembersModel, type EntityMembersDoc } from '../infra/models/entityMembers';
import { activeMemberships, personModel, type PersonDoc } from '../infra/models/person';
import { createRosterCache } from './rosterCache';

export type PolicyLookup =
  | { ok: true; policy: EntityPolicy; doc: EntityDoc; roster: RosterEntry[] }
  | { ok: false; reason: 'unknown' }
  | { ok: false; reason: 'incomplete'; missing: EntityRole[]; doc: EntityDoc };

const entityField = (message: string) => [{ field: 'entityId', rule: 'PCM 6.1.1.2 (Anexo 4)', message }];
const MISSING_LABELS: Partial<Record<EntityRole, string>> = { head: 'titular', second: 'segundo(a) al mando', cm: 'community manager' };
const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Reads of the registry that several parts need: entities with their roster, and who a person is. Joins happen here, in code (FerretDB has no `$lookup`). */
export function createRegistry(db: Connection, now: () => number = Date.now) {
  const entities = entityModel(db);
  const people = personModel(db);
  const members = entityMembersModel(db);
  const cached = createRosterCache(readRoster, now);

  /**
   * The entity's people as they are now, read afresh: what a roster writer and its claims check against
   * (registry/roster.ts), which must see a write at once, before its revision bump. `revision` spares the
   * entity read to a caller that holds the entity.
   */
  async function roster(entityId: string, revision?: number): Promise<RosterEntry[]> {
    const [entity, list] = await Promise.all([
      revision === undefined ? entities.findById(entityId).select({ rosterRevision: 1 }).lean() : { rosterRevision: revision },
      members.findById(entityId).lean(),
    ]);
    return readRoster(entityId, entity ? (entity.rosterRevision ?? 0) : undefined, list);
  }

  /**
   * The entity's people as of the `rosterRevision` the caller just read with the entity: from this
   * registry's memory while that revision holds (registry/rosterCache.ts). For those who show a roster or
   * ask someone in it (the desk, rotations, starts, pages): every writer bumps the revision right after
   * writing, so a change reaches the next reader; only a writer that died between the two is seen late,
   * within `ROSTER_CACHE_MS`.
   */
  function rosterAsOf(entityId: string, revision: number): Promise<RosterEntry[]> {
    return cached.roster({ _id: entityId, rosterRevision: revision });
  }

  /**
   * The people read by `_id` from the entity's member list (infra/models/entityMembers.ts) while the list
   * was built at this revision; otherwise from a scan of every person, which rebuilds the list.
   */
  async function readRoster(entityId: string, revision: number | undefined, known?: EntityMembersDoc | null): Promise<RosterEntry[]> {
    const list = known === undefined ? await members.findById(entityId).lean() : known;
    const docs = revision !== undefined && list?.builtAt === revision ? await byIds(list.people) : await scan(entityId, revision);
    return docs
      .sort(byName)
      .flatMap((p) =>
        activeMemberships(p)
          .filter((m) => m.entityId === entityId)
          .map((m) => ({ personId: String(p._id), name: p.name, email: p.email, role: m.role, ...(m.unit ? { unit: m.unit } : {}), ...(m.tenure ? { tenure: m.tenure } : {}) })),
      );
  }

  async function byIds(ids: string[]): Promise<PersonDoc[]> {
    const found = await Promise.all(ids.filter((id) => isValidObjectId(id)).map((id) => people.findById(id).lean()));
    return found.filter((p): p is NonNullable<typeof p> => p !== null);
  }

  /** The slow read: every person (FerretDB v1 pushes no dotted path down). Rebuilds the list at the revision read before it. */
  async function scan(entityId: string, revision: number | undefined): Promise<PersonDoc[]> {
    // Dotted paths, not $elemMatch: FerretDB v1 answers $elemMatch on subdocument arrays with nothing.
    const docs = await people.find({ 'memberships.entityId': entityId }).lean();
    // Added to, never replaced: a writer may have just added someone this scan did not see yet.
    if (revision !== undefined) await upsertMembers(entityId, { $addToSet: { people: { $each: docs.map((p) => String(p._id)) } }, $set: { builtAt: revision } });
    return docs;
  }

  /** Readers that find no list build it at the same moment: FerretDB's upsert then answers a duplicate key to all but one. */
  async function upsertMembers(entityId: string, update: UpdateQuery<EntityMembersDoc>): Promise<void> {
    try {
      await members.updateOne({ _id: entityId }, update, { upsert: true });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await members.updateOne({ _id: entityId }, update);
    }
  }

  /** The entity as processes need it; `incomplete` when its roster lacks a head, second or CM. */
  async function policy(id: string): Promise<PolicyLookup> {
    const doc = await entities.findById(id).lean();
    if (!doc) return { ok: false, reason: 'unknown' };
    const people = await rosterAsOf(id, doc.rosterRevision ?? 0);
    const contacts = contactsFromRoster(people);
    if ('missing' in contacts) return { ok: false, reason: 'incomplete', missing: contacts.missing, doc };
    return { ok: true, policy: toEntityPolicy(doc, contacts, people), doc, roster: people };
  }

  /** These entities (unknown ids left out), by name, each read by `_id`. */
  async function entitiesById(ids: Iterable<string>): Promise<EntityDoc[]> {
    const found = await Promise.all([...new Set(ids)].map((id) => entities.findById(id).lean()));
    return found.filter((e): e is NonNullable<typeof e> => e !== null).sort(byName);
  }

  /** Every entity, by name. A scan of them all: pages that show one person's entities read `entitiesOf`. */
  async function allEntities(): Promise<EntityDoc[]> {
    return entities.find().sort({ name: 1 }).lean();
  }

  /**
   * The entities on which the principal may hold any permission, by name: every one for the supervisor
   * and the platform admin, otherwise only theirs (`rolesFor` grants nothing elsewhere), read by `_id`,
   * so a person's page costs the same with five hundred entities registered as with five. Callers still
   * filter with `can`.
   */
  async function entitiesOf(principal: Principal): Promise<EntityDoc[]> {
    if (principal.kind === 'anonymous') return [];
    if (principal.kind === 'person' && (principal.supervisor || principal.platformAdmin)) return allEntities();
    return entitiesById(principal.kind === 'apiKey' ? [principal.entityId] : principal.memberships.map((m) => m.entityId));
  }

  async function loadEntityWithRoster(id: unknown): Promise<{ entity: EntityPolicy; roster: RosterEntry[] }> {
    if (typeof id !== 'string' || !id) throw new Refusal('validation_failed', 'Solicitud inválida', entityField('Seleccione la entidad.'));
    const found = await policy(id);
    if (found.ok) return { entity: found.policy, roster: found.roster };
    if (found.reason === 'unknown') throw new Refusal('unknown_entity', 'Entidad desconocida', entityField(`No existe la entidad «${id}» en el registro.`));
    throw new Refusal(
      'entity_incomplete',
      `La entidad no tiene registrado(a): ${found.missing.map((r) => MISSING_LABELS[r] ?? r).join(', ')}. Pida a su titular o al administrador que complete el registro.`,
    );
  }

  return {
    roster,
    rosterAsOf,

    /**
     * Call before writing a membership these people did not hold in the entity: the member list may hold
     * more than the roster, never fewer (infra/models/entityMembers.ts).
     */
    async addMembers(entityId: string, personIds: string[]): Promise<void> {
      await upsertMembers(entityId, { $addToSet: { people: { $each: personIds } } });
    },

    /**
     * Call after writing any membership (or a member's name) of these entities, before telling the
     * processes: workers cache rosters per `rosterRevision` (registry/rosterCache.ts).
     */
    async rosterChanged(entityIds: string[]): Promise<void> {
      if (entityIds.length) await entities.updateMany({ _id: trusted({ $in: [...new Set(entityIds)] }) }, { $inc: { rosterRevision: 1 } });
    },

    async entity(id: string): Promise<EntityDoc | null> {
      return entities.findById(id).lean();
    },

    policy,

    /** The entity a request names, with its roster's contacts; refused when unknown (400) or its roster lacks a head, second or CM (409). */
    async loadEntity(id: unknown): Promise<EntityPolicy> {
      return (await loadEntityWithRoster(id)).entity;
    },

    /** `loadEntity` and the roster it was built from, for a caller that checks people too: one roster read, not two. */
    loadEntityWithRoster,

    entities: allEntities,
    entitiesOf,
    entitiesById,

    /** Entities whose roster is complete and where the principal may start a request (PCM 5.2.4). */
    async entitiesForSubmission(principal: Principal): Promise<EntityPolicy[]> {
      const out: EntityPolicy[] = [];
      for (const e of await entitiesOf(principal)) {
        if (!can(principal, 'request.submit', { id: e._id, profile: e.profile })) continue;
        const found = await policy(e._id);
        if (found.ok) out.push(found.policy);
      }
      return out;
    },

    async personByEmail(email: string): Promise<PersonDoc | null> {
      return people.findOne({ email: email.trim().toLowerCase() }).lean();
    },

    /** The principal a signed-in person acts as, with the roles in force now (a removed role stops at once). */
    async principal(personId: string): Promise<Principal | undefined> {
      if (!/^[0-9a-f]{24}$/.test(personId)) return undefined;
      const p = await people.findById(personId).lean();
      if (!p) return undefined;
      const memberships = activeMemberships(p).map((m) => ({ entityId: m.entityId, role: m.role }));
      if (!memberships.length && !p.supervisor && !p.platformAdmin) return undefined;
      return { kind: 'person', personId: String(p._id), email: p.email, name: p.name, memberships, supervisor: p.supervisor, platformAdmin: p.platformAdmin };
    },
  };
}

export type Registry = ReturnType<typeof createRegistry>;
