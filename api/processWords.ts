import { ENTITY_ROLE_SHORT } from '../domain/access';
import { ACTION_OUTCOMES, type DecisionAction } from '../domain/decision';
import { stepName } from '../domain/stepNames';
import type { Registry } from '../registry/reads';

/** How SCS reads on a page, whichever of its addresses an entity names. */
const SUPERVISOR = 'Coordinación de Comunicación Digital de la SCS';

/**
 * What a process's status page needs to speak of people and steps in words (issue 15 §3b): a person
 * by name and role («Ana Quispe Huamán (titular)») instead of a bare address, a step by name instead
 * of its id, a decision by what it did («Aprobado»).
 */
export async function processWords(registry: Registry, entityId: string) {
  const entity = await registry.entity(entityId);
  const roster = entity ? await registry.rosterAsOf(entity._id, entity.rosterRevision ?? 0).catch(() => []) : [];
  const byEmail = new Map(roster.map((r) => [r.email.toLowerCase(), r]));
  return {
    entityName: entity?.name ?? entityId,
    who(email: string): string {
      const key = email.toLowerCase();
      const person = byEmail.get(key);
      if (person) return `${person.name} (${ENTITY_ROLE_SHORT[person.role]})`;
      return entity && key === entity.supervisorEmail.toLowerCase() ? `${SUPERVISOR} (${email})` : email;
    },
    stepName,
    outcome: (action: DecisionAction) => ACTION_OUTCOMES[action].charAt(0).toUpperCase() + ACTION_OUTCOMES[action].slice(1),
  };
}

/** A short reference people can read out on the phone: the id's last six characters. */
export const reference = (id: string) => id.slice(-6).toUpperCase();

/**
 * What a list needs to show entities and people by name (issue 15 §3b) instead of a slug and an address:
 * one roster read per entity on the list. Someone no roster holds any more keeps their address.
 */
export async function listWords(registry: Registry, entityIds: Iterable<string>) {
  const ids = [...new Set(entityIds)];
  const entities = await registry.entitiesById(ids);
  const revisions = new Map(entities.map((e) => [e._id, e.rosterRevision ?? 0]));
  const rosters = await Promise.all(ids.map((id) => (revisions.has(id) ? registry.rosterAsOf(id, revisions.get(id)!) : registry.roster(id)).catch(() => [])));
  const entityNames = new Map(entities.map((e) => [e._id, e.name]));
  const people = new Map(rosters.flat().map((r) => [r.email.toLowerCase(), r.name]));
  return {
    entityName: (id: string) => entityNames.get(id) ?? id,
    personName: (email: string) => people.get(email.toLowerCase()) ?? email,
  };
}

export type ListWords = Awaited<ReturnType<typeof listWords>>;
