/**
 * Rows of processes people start (account requests, campaigns, content requests) and who may read them
 * (PCM 5.2.4; issue #3 §3): whoever reads the entity's requests reads them all; someone who may read only
 * their own reads the rows that name them.
 */
import type { Model } from 'mongoose';
import { can, type EntityScope, type Principal } from '../domain/access';
import type { Page, PageCounts, PageQuery } from '../domain/paging';
import { trusted } from '../infra/db';
import type { EntityDoc } from '../infra/models/entity';
import { countOf, decodeCursor, pageOf, type Listing } from './paging';

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

/** A page of a list of such rows, narrowed to one entity with `entity`. */
export type ReadableQuery = PageQuery & { entity?: string };

/**
 * One page of the rows of `model` the principal may read (`readableRows`), in `listing`'s order, narrowed
 * by the plain equalities of `where` (a state, say); with `counted`, also how many there are and how
 * many precede the page (for "101–200 de 230").
 */
export async function readablePage<T>(
  model: Model<T>,
  rows: { principal: Principal; entities: EntityDoc[]; ownerField: string; listing: Listing; where?: Record<string, string> },
  q: ReadableQuery,
  counted = false,
): Promise<Page<T> & { counts?: PageCounts }> {
  const readable = readableRows(rows.principal, rows.entities, rows.ownerField, q.entity);
  const filter = readable && rows.where ? { ...rows.where, ...readable } : readable;
  if (!filter) {
    // Nothing to read, but a bad cursor is still refused: the answer must not depend on what exists.
    if (q.cursor) decodeCursor(rows.listing, q.cursor);
    return { rows: [], ...(counted ? { counts: { total: 0, before: 0 } } : {}) };
  }
  const page = await pageOf(model, filter, rows.listing, q);
  return counted ? { ...page, counts: await countOf(model, filter, rows.listing, q.cursor) } : page;
}
