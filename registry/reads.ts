import { isValidObjectId, type Connection, type UpdateQuery } from 'mongoose';
import { isDuplicateKey, trusted } from '../infra/db';
import { can, type EntityRole, type Principal } from '../domain/access';
import { Refusal } from '../domain/refusal';
import type { EntityPolicy } from '../domain/entity';
import { contactsFromRoster, type RosterEntry } from '../domain/roster';
import { entityModel, toEntityPolicy, type EntityDoc } from '../infra/models/entity';
import { entityMembersModel, type EntityMembersDoc } from '../infra/models/entityMembers';
import { activeMemberships, personModel, type PersonDoc } from '../infra/models/person';

export type PolicyLookup =
  | { ok: true; policy: EntityPolicy; doc: EntityDoc; roster: RosterEntry[] }
  | { ok: false; reason: 'unknown' }
  | { ok: false; reason: 'incomplete'; missing: EntityRole[]; doc: EntityDoc };

const entityField = (message: string) => [{ field: 'entityId', rule: 'PCM 6.1.1.2 (Anexo 4)', message }];
const MISSING_LABELS: Partial<Record<EntityRole, string>> = { head: 'titular', second: 'segundo(a) al mando', cm: 'community manager' };

/** Reads of the registry that several parts need: entities with their roster, and who a person is. Joins happen here, in code (FerretDB has no `$lookup`). */
export function createRegistry(db: Connection) {
  const entities = entityModel(db);
  const people = personModel(db);
  const members = entityMembersModel(db);

  /**
   * The entity's people, read by `_id` from its member list (infra/models/entityMembers.ts) while the list
   * was built at the entity's current `rosterRevision`; otherwise from a scan of every person, which rebuilds
   * the list. `revision` spares the entity read to a caller that holds the entity.
   */
  async function roster(entityId: string, revision?: number): Promise<RosterEntry[]> {
    const [entity, list] = await Promise.all([
      revision === undefined ? entities.findById(entityId).select({ rosterRevision: 1 }).lean() : { rosterRevision: revision },
      members.findById(entityId).lean(),
    ]);
    const current = entity ? (entity.rosterRevision ?? 0) : undefined;
    const docs = current !== undefined && list?.builtAt === current ? await byIds(list.people) : await scan(entityId, current);
    return docs
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
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
    const people = await roster(id, doc.rosterRevision ?? 0);
    const contacts = contactsFromRoster(people);
    if ('missing' in contacts) return { ok: false, reason: 'incomplete', missing: contacts.missing, doc };
    return { ok: true, policy: toEntityPolicy(doc, contacts, people), doc, roster: people };
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

    async entities(): Promise<EntityDoc[]> {
      return entities.find().sort({ name: 1 }).lean();
    },

    /** Entities whose roster is complete and where the principal may start a request (PCM 5.2.4). */
    async entitiesForSubmission(principal: Principal): Promise<EntityPolicy[]> {
      const out: EntityPolicy[] = [];
      for (const e of await entities.find().sort({ name: 1 }).lean()) {
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
