/** The account-creation proposal form (RULEBOOK §1) and the checklist step's form. */
import { ADMIN_ROLES, ADMIN_ROLE_LABELS, supervisorAdmin, withFixedSupervisor, type AdminRole } from '../../domain/accountProposal';
import type { EntityPolicy } from '../../domain/entity';
import { NETWORKS, NETWORK_LABELS } from '../../domain/networks';
import { asArray, list, rows } from './fields';

/**
 * The proposal's JSON shape; blank repeated rows (a second responsible, a third admin left empty) are
 * dropped, «Otra red» counts only when «Otra» is ticked, and SCS's admin row is the entity's fixed one
 * (PCM 6.1.1.6), whatever was posted: the form shows it and cannot change it. `entities` are those the
 * form offered; an entity not among them is left for the service to refuse.
 */
export function proposalFromForm(body: Record<string, unknown>, entities: EntityPolicy[]): Record<string, unknown> {
  const networks = list(body.networks);
  const entity = entities.find((e) => e.id === body.entityId);
  const admins = rows(body.admins);
  return {
    entityId: body.entityId,
    requester: body.requester,
    responsibles: rows(body.responsibles),
    managingEmail: body.managingEmail,
    networks,
    ...(networks.includes('other') && typeof body.otherNetwork === 'string' && body.otherNetwork.trim() ? { otherNetwork: body.otherNetwork } : {}),
    proposedNames: asArray(body.proposedNames),
    description: body.description,
    contentType: body.contentType,
    justification: body.justification,
    strategy: body.strategy,
    admins: entity ? withFixedSupervisor(admins, entity) : admins,
    bio: body.bio,
  };
}

/** The checklist step's body: ticked items and the username actually registered. */
export function checklistFromForm(body: Record<string, unknown>): { items: string[]; chosenName?: string } {
  const chosen = typeof body.chosenName === 'string' && body.chosenName ? { chosenName: body.chosenName } : {};
  return { items: list(body.items), ...chosen };
}

/** The roles as the form's dropdown offers them: short enough to show whole on a phone; the summary keeps the full names. */
const ROLE_CHOICES: Partial<Record<AdminRole, string>> = {
  head: 'Titular de la oficina',
  second: 'Segundo(a) en funciones',
  cm: 'Community manager',
  team: 'Miembro del equipo',
};

/**
 * What the proposal form needs besides the values: option lists (also the correction link's form). SCS is
 * no choice of role: where an entity's profile requires it (PCM 6.1.1.6) its row is shown fixed
 * (`supervisors`), so the form asks only for the entity's own admins, the first `requiredAdmins` of them required.
 */
export function proposalFormContext(entities: EntityPolicy[]) {
  const supervisors = entities.flatMap((e) => {
    const scs = supervisorAdmin(e);
    return scs ? [{ entityName: e.name, ...scs }] : [];
  });
  const allFixed = entities.length > 0 && supervisors.length === entities.length;
  return {
    entities,
    networks: NETWORKS.map((id) => ({ id, label: NETWORK_LABELS[id] })),
    adminRoles: ADMIN_ROLES.filter((id) => id !== 'supervisor').map((id) => ({ id, label: ROLE_CHOICES[id] ?? ADMIN_ROLE_LABELS[id] })),
    supervisors,
    /** One SCS row for every entity offered: shown as the last admin, not as a note. */
    oneSupervisor: allFixed && new Set(supervisors.map((s) => s.email)).size === 1 ? supervisors[0] : undefined,
    adminRows: allFixed ? 2 : 3,
    requiredAdmins: supervisors.length ? 1 : 2,
  };
}
