import { Types, type Connection } from 'mongoose';
import { can, canGlobally, type EntityScope, type Permission, requireIdentified } from '../../domain/access';
import { tenureWarnings } from '../../domain/accountAdministrator';
import { designeeProblems, memberEmailProblem, rosterProblems, type RosterEntry } from '../../domain/roster';
import {
  apiKeyCreateSchema,
  entityCreateSchema,
  entityPatchSchema,
  entityStructureSchema,
  personCreateSchema,
  personPatchSchema,
} from '../../domain/registryInput';
import { validate, type RuleViolation } from '../../domain/validation';
import type { AuditTrail, Caller } from '../../registry/audit';
import { insertOnce, isDuplicateKey, trusted } from '../../infra/db';
import { entityModel, type EntityDoc } from '../../infra/models/entity';
import { activeMemberships, personModel } from '../../infra/models/person';
import { claimIdsOf, claimSubject, memberClaimId, roleClaimIds } from '../../infra/models/rosterClaim';
import type { Registry } from '../../registry/reads';
import type { ApiKeysService } from './apiKeys';
import type { ProcessNudges } from './processNudges';
import { Refusal } from '../../domain/refusal';
import { rosterWrites, type TakenClaims } from '../../registry/roster';

export interface EntitiesDeps {
  db: Connection;
  registry: Registry;
  audit: AuditTrail;
  apiKeys: ApiKeysService;
  /** Tells running processes that the registry changed. */
  nudges: ProcessNudges;
}

/** An entity's settings as the API shows them. */
export type EntityView = Omit<EntityDoc, '_id'> & { id: string };

/** A roster row; `phone` only for those who need it (Ley 29733); `warnings` for what the document asks of their role (CONGRESO 5.1.2). */
export type PersonView = RosterEntry & { phone?: string; warnings?: RuleViolation[] };

const view = ({ _id, ...rest }: EntityDoc): EntityView => {
  // rosterRevision is the workers' cache key, not a setting.
  const { createdAt: _c, updatedAt: _u, rosterRevision: _r, ...settings } = rest as EntityDoc & { createdAt?: Date; updatedAt?: Date };
  // FerretDB keeps no empty arrays: an absent list is an empty one.
  return { id: _id, ...settings, nonWorkingDays: settings.nonWorkingDays ?? [], officialHosts: settings.officialHosts ?? [], electoralPeriods: settings.electoralPeriods ?? [] };
};

const invalid = (rule: string, errors: RuleViolation[]) => new Refusal('validation_failed', `Datos no válidos (${rule}).`, errors);
const alreadyListed = (email: string) => new Refusal('conflict', `${email} ya figura en la nómina de la entidad.`);
const rosterConflict = (problems: RuleViolation[]) => new Refusal('roster_conflict', problems[0]!.message, problems);

/** The registry's API (issue #3 §1): entities, their roster and their API keys; every change is audited. */
export function entitiesService(deps: EntitiesDeps) {
  const entities = entityModel(deps.db);
  const people = personModel(deps.db);
  const writes = rosterWrites(deps.db, deps.registry);

  /** The entity, once the caller is known to hold the permission on it (404 before 403 only for the unknown). */
  async function guarded(id: string, caller: Caller, permission: Permission): Promise<EntityDoc> {
    requireIdentified(caller.principal);
    const doc = await deps.registry.entity(id);
    if (!doc) throw new Refusal('not_found', 'No existe esa entidad.');
    if (!can(caller.principal, permission, scopeOf(doc))) throw new Refusal('forbidden', 'No tiene permiso para esta acción en esta entidad.');
    return doc;
  }
  const scopeOf = (doc: EntityDoc): EntityScope => ({ id: doc._id, profile: doc.profile });

  /**
   * The roster's claims for a change (see `infra/models/rosterClaim.ts`): of simultaneous requests exactly
   * one gets them; the others are refused as if they had arrived after it.
   */
  async function claim(entityId: string, ids: string[], newcomer: RosterEntry): Promise<TakenClaims> {
    const got = await writes.take(entityId, ids, newcomer.email);
    if (got.ok) return got;
    const what = claimSubject(got.id);
    if (what.kind === 'member') throw alreadyListed(newcomer.email);
    const holder: RosterEntry = { personId: '', name: '', email: got.holder ?? '—', role: what.role };
    throw rosterConflict(rosterProblems([holder, newcomer]));
  }

  return {
    async list(caller: Caller): Promise<EntityView[]> {
      requireIdentified(caller.principal);
      return (await deps.registry.entitiesOf(caller.principal)).filter((e) => can(caller.principal, 'entity.read', scopeOf(e))).map(view);
    },

    async get(id: string, caller: Caller): Promise<EntityView> {
      return view(await guarded(id, caller, 'entity.read'));
    },

    /** The entity for its settings page: only for whoever may change its policy (the head, the platform admin). */
    async settings(id: string, caller: Caller): Promise<EntityView> {
      return view(await guarded(id, caller, 'policy.manage'));
    },

    async create(body: unknown, caller: Caller): Promise<EntityView> {
      requireIdentified(caller.principal);
      if (!canGlobally(caller.principal, 'entity.manage')) throw new Refusal('forbidden', 'Solo la administración de la plataforma crea entidades.');
      const checked = validate(entityCreateSchema, body, 'registro de entidades');
      if (!checked.ok) throw invalid('registro de entidades', checked.errors);
      const { id, ...settings } = checked.value;
      const exists = () => new Refusal('conflict', `Ya existe la entidad «${id}».`);
      if (!(await insertOnce(entities, { _id: id, ...settings }))) throw exists();
      await deps.audit.recordBy(caller, { action: 'entity.created', entityId: id, detail: `${settings.name} (perfil ${settings.profile})` });
      await deps.nudges.entityCreated(id);
      return view((await deps.registry.entity(id))!);
    },

    /** The head tunes non-working days and the reminder plan; anything else needs the platform admin. */
    async update(id: string, body: unknown, caller: Caller): Promise<EntityView> {
      const structural = typeof body === 'object' && body !== null && Object.keys(body).some((k) => Object.hasOwn(entityStructureSchema.shape, k));
      const before = await guarded(id, caller, structural ? 'entity.manage' : 'policy.manage');
      const checked = validate(entityPatchSchema, body, 'registro de entidades');
      if (!checked.ok) throw invalid('registro de entidades', checked.errors);
      const changes = checked.value;
      if (!Object.keys(changes).length) throw invalid('registro de entidades', [{ field: '(cuerpo)', rule: 'registro de entidades', message: 'Indique al menos un cambio.' }]);
      if (changes.reviewDesigneeEmail || changes.contentDesigneeEmail) {
        const problems = designeeProblems(changes, changes.profile ?? before.profile, await deps.registry.roster(id));
        if (problems.length) throw invalid(problems[0]!.rule, problems);
      }
      await entities.updateOne({ _id: id }, { $set: changes });
      const diff = Object.keys(changes).map((k) => {
        const after = changes[k as keyof typeof changes];
        // FerretDB keeps no empty arrays: a missing list was an empty one.
        const was = before[k as keyof EntityDoc] ?? (Array.isArray(after) ? [] : null);
        return `${k}: ${JSON.stringify(was)} → ${JSON.stringify(after)}`;
      });
      await deps.audit.recordBy(caller, { action: 'entity.changed', entityId: id, detail: diff.join('; ') });
      const touched = (k: string) => Object.hasOwn(changes, k);
      await deps.nudges.entityChanged(id, {
        rotations: ['profile', 'decisionPlan', 'nonWorkingDays', 'name'].some(touched),
        grants: ['decisionPlan', 'nonWorkingDays', 'name'].some(touched),
        reviewSchedulers: touched('nonWorkingDays'),
        askers: ['supervisorEmail', 'decisionPlan', 'nonWorkingDays'].some(touched),
      });
      return view((await deps.registry.entity(id))!);
    },

    /** The roster; phones only for those who need them, and their reading is recorded. */
    async roster(id: string, caller: Caller): Promise<PersonView[]> {
      const doc = await guarded(id, caller, 'roster.read');
      const roster = await deps.registry.roster(id);
      const seesPhones = can(caller.principal, 'personalData.read', scopeOf(doc));
      const me = caller.principal.kind === 'person' ? caller.principal.email : undefined;
      const phones = new Map(
        (await people.find({ email: trusted({ $in: roster.map((r) => r.email) }) }).select({ email: 1, phone: 1 }).lean()).map((p) => [p.email, p.phone]),
      );
      const warned = tenureWarnings(doc.profile, roster);
      const out = roster.map((r): PersonView => {
        const phone = phones.get(r.email);
        const warnings = warned.filter((w) => w.email === r.email).map(({ email: _e, ...w }) => w);
        return { ...r, ...(phone && (seesPhones || r.email === me) ? { phone } : {}), ...(warnings.length ? { warnings } : {}) };
      });
      if (seesPhones) await deps.audit.recordBy(caller, { action: 'roster.viewed', entityId: id, detail: 'Nómina con teléfonos' });
      return out;
    },

    async addPerson(id: string, body: unknown, caller: Caller): Promise<PersonView> {
      const doc = await guarded(id, caller, 'roster.manage');
      const checked = validate(personCreateSchema, body, 'nómina de la entidad');
      if (!checked.ok) throw invalid('nómina de la entidad', checked.errors);
      const input = checked.value;
      const domainProblem = memberEmailProblem(doc, input.email);
      if (domainProblem) throw invalid('PCM 6.1.1.4', [domainProblem]);
      // Read first for a clear answer in the usual case; the claims below settle simultaneous requests.
      const roster = await deps.registry.roster(id);
      if (roster.some((r) => r.email === input.email)) throw alreadyListed(input.email);
      const newcomer: RosterEntry = { personId: '', name: input.name, email: input.email, role: input.role };
      const problems = rosterProblems([...roster, newcomer]);
      if (problems.length) throw rosterConflict(problems);
      const claimed = await claim(id, [memberClaimId(id, input.email), ...roleClaimIds(id, input.role)], newcomer);
      const membership = { entityId: id, role: input.role, since: new Date(), ...(input.unit ? { unit: input.unit } : {}), ...(input.tenure ? { tenure: input.tenure } : {}) };
      try {
        const existing = await people.findOne({ email: input.email }).select({ _id: 1 }).lean();
        const personId = existing?._id ?? new Types.ObjectId();
        // On the entity's member list before the membership exists, so no reader can miss the newcomer.
        await deps.registry.addMembers(id, [String(personId)]);
        if (existing) await people.updateOne({ _id: existing._id }, { $push: { memberships: membership } });
        else await people.create({ _id: personId, email: input.email, name: input.name, ...(input.phone ? { phone: input.phone } : {}), memberships: [membership] });
      } catch (err) {
        // Nothing half-done: without the person, the claims would block the address and the role.
        await writes.release(claimed);
        // The same new person registered at the same moment through another entity.
        if (isDuplicateKey(err)) throw new Refusal('conflict', `Otra operación registró ${input.email} en este momento. Intente de nuevo.`);
        throw err;
      }
      await deps.registry.rosterChanged([id]);
      await deps.audit.recordBy(caller, { action: 'roster.added', entityId: id, subject: input.email, detail: `Rol: ${input.role}${input.unit ? ` (${input.unit})` : ''}${input.tenure ? `; contrato: ${input.tenure}` : ''}` });
      await deps.nudges.entityChanged(id, { rotations: true, grants: true, askers: true });
      return (await deps.registry.roster(id)).find((r) => r.email === input.email)!;
    },

    async updatePerson(id: string, personId: string, body: unknown, caller: Caller): Promise<PersonView | { left: true }> {
      const started = new Date();
      await guarded(id, caller, 'roster.manage');
      const checked = validate(personPatchSchema, body, 'nómina de la entidad');
      if (!checked.ok) throw invalid('nómina de la entidad', checked.errors);
      const change = checked.value;
      const person = /^[0-9a-f]{24}$/.test(personId) ? await people.findById(personId) : null;
      const membership = person && activeMemberships(person).find((m) => m.entityId === id);
      if (!person || !membership) throw new Refusal('not_found', 'Esa persona no figura en la nómina de la entidad.');
      const was = membership.role;
      const newRole = change.role && change.role !== was ? change.role : undefined;
      let claimed: TakenClaims | undefined;
      if (newRole) {
        const roster = (await deps.registry.roster(id)).map((r) => (r.personId === personId ? { ...r, role: newRole } : r));
        const problems = rosterProblems(roster);
        if (problems.length) throw rosterConflict(problems);
        // Someone leaving takes no new role with them.
        if (!change.left) claimed = await claim(id, roleClaimIds(id, newRole), { personId, name: person.name, email: person.email, role: newRole });
      }
      const said: string[] = [];
      if (newRole) said.push(`rol: ${was} → ${newRole}`);
      if (change.role) membership.role = change.role;
      if (change.unit !== undefined) {
        membership.unit = change.unit ?? undefined;
        said.push('unidad actualizada');
      }
      if (change.tenure !== undefined && (change.tenure ?? undefined) !== membership.tenure) {
        membership.tenure = change.tenure ?? undefined;
        said.push(`contrato: ${change.tenure ?? 'sin registrar'}`);
      }
      if (change.left) {
        membership.leftAt = new Date();
        said.push('dejó la oficina');
      }
      if (change.name) {
        person.name = change.name;
        said.push('nombre actualizado');
      }
      // Phones are personal data: the trail says it changed, never what it is.
      if (change.phone !== undefined) {
        person.phone = change.phone ?? undefined;
        said.push('teléfono actualizado');
      }
      // A new name shows in every roster the person is on.
      await writes.commit(person, [id, ...(change.name ? activeMemberships(person).map((m) => m.entityId) : [])], claimed);
      // What the person no longer holds is free for others: everything when they left, else the former role.
      // A release that fails leaves a claim nobody backs, which the next request takes over once stale.
      const freed = change.left ? claimIdsOf(id, person.email) : newRole ? roleClaimIds(id, was) : [];
      await writes.releaseHeld(freed, person.email, started).catch(() => undefined);
      // Someone who left and holds no role anywhere any more is signed out everywhere at once; sign-in would refuse them too.
      if (change.left) await writes.signOutIfNoRole(personId);
      await deps.audit.recordBy(caller, { action: 'roster.changed', entityId: id, subject: person.email, detail: said.join('; ') });
      if (newRole || change.left || change.name) await deps.nudges.entityChanged(id, { rotations: true, grants: true, askers: true });
      if (change.left) return { left: true };
      return (await deps.registry.roster(id)).find((r) => r.personId === personId)!;
    },

    async apiKeys(id: string, caller: Caller) {
      await guarded(id, caller, 'apiKey.manage');
      return deps.apiKeys.list(id);
    },

    async createApiKey(id: string, body: unknown, caller: Caller) {
      await guarded(id, caller, 'apiKey.manage');
      const checked = validate(apiKeyCreateSchema, body, 'claves de API');
      if (!checked.ok) throw invalid('claves de API', checked.errors);
      const by = caller.actor.email ?? 'desconocido';
      const created = await deps.apiKeys.create(id, checked.value.label, by);
      await deps.audit.recordBy(caller, { action: 'apiKey.created', entityId: id, detail: `Clave ${created.apiKey.id}: ${checked.value.label}` });
      return created;
    },

    async revokeApiKey(id: string, keyId: string, caller: Caller): Promise<void> {
      await guarded(id, caller, 'apiKey.manage');
      if (!(await deps.apiKeys.revoke(id, keyId, caller.actor.email ?? 'desconocido'))) throw new Refusal('not_found', 'No existe esa clave activa.');
      await deps.audit.recordBy(caller, { action: 'apiKey.revoked', entityId: id, detail: `Clave ${keyId}` });
    },
  };
}

export type EntitiesService = ReturnType<typeof entitiesService>;
