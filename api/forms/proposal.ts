/** The account-creation proposal form (RULEBOOK §1) and the checklist step's form. */
import { ADMIN_ROLES, ADMIN_ROLE_LABELS } from '../../domain/accountProposal';
import type { EntityPolicy } from '../../domain/entity';
import { NETWORKS, NETWORK_LABELS } from '../../domain/networks';
import { asArray, list, rows } from './fields';

/** The proposal's JSON shape; blank repeated rows (a third admin left empty) are dropped. */
export function proposalFromForm(body: Record<string, unknown>): Record<string, unknown> {
  return {
    entityId: body.entityId,
    requester: body.requester,
    responsibles: rows(body.responsibles),
    managingEmail: body.managingEmail,
    networks: list(body.networks),
    ...(typeof body.otherNetwork === 'string' && body.otherNetwork.trim() ? { otherNetwork: body.otherNetwork } : {}),
    proposedNames: asArray(body.proposedNames),
    description: body.description,
    contentType: body.contentType,
    justification: body.justification,
    strategy: body.strategy,
    admins: rows(body.admins),
    bio: body.bio,
  };
}

/** The checklist step's body: ticked items and the username actually registered. */
export function checklistFromForm(body: Record<string, unknown>): { items: string[]; chosenName?: string } {
  const chosen = typeof body.chosenName === 'string' && body.chosenName ? { chosenName: body.chosenName } : {};
  return { items: list(body.items), ...chosen };
}

/** What the proposal form needs besides the values: option lists (also the correction link's form). */
export function proposalFormContext(entities: EntityPolicy[]) {
  return {
    entities,
    networks: NETWORKS.map((id) => ({ id, label: NETWORK_LABELS[id] })),
    adminRoles: ADMIN_ROLES.map((id) => ({ id, label: ADMIN_ROLE_LABELS[id] })),
  };
}
