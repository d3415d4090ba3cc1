/**
 * Rows of processes people start (account requests, campaigns, content requests) and who may read them
 * (PCM 5.2.4; issue #3 §3): whoever reads the entity's requests reads them all; someone who may read only
 * their own reads the rows that name them.
 */
import { can, type EntityScope, type Principal } from '../domain/access';
import { trusted } from '../infra/db';
import type { EntityDoc } from '../infra/models/entity';

/** Whether the principal may read a row of the entity whose owner (requester, proposer) is `owner`. */
export function mayReadRow(principal: Principal, owner: string, entity: EntityScope): boolean {
  if (can(principal, 'request.read', entity)) return true;
  return principal.kind === 'person' && owner === principal.email && can(principal, 'request.readOwn', entity);
}

/**
 * The query for the rows the principal may read among `entities` (or only `entityFilter`'s), where
 * `ownerField` holds the owner's address; `undefined` when they may read none.
 */
export function readableRows(principal: Principal, entities: EntityDoc[], ownerField: string, entityFilter?: string): Record<string, unknown> | undefined {
  const all: string[] = [];
  const own: string[] = [];
  for (const e of entities) {
    if (entityFilter && e._id !== entityFilter) continue;
    const scope = { id: e._id, profile: e.profile };
    if (can(principal, 'request.read', scope)) all.push(e._id);
    else if (can(principal, 'request.readOwn', scope)) own.push(e._id);
  }
  const or: Array<Record<string, unknown>> = [];
  if (all.length) or.push({ entityId: trusted({ $in: all }) });
  if (own.length && principal.kind === 'person') or.push({ entityId: trusted({ $in: own }), [ownerField]: principal.email });
  return or.length ? { $or: or } : undefined;
}
