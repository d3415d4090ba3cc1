/**
 * The one check every entity- or account-scoped service makes before it reads or writes: who asks is
 * identified, the entity (or account) exists, and `can` gives the caller the permission on its entity.
 * An unknown id answers 404 before any 403, so nobody learns which ids exist elsewhere.
 */
import type { Connection } from 'mongoose';
import { can, requireIdentified, type Permission } from '../domain/access';
import { Refusal } from '../domain/refusal';
import { accountModel, type AccountDoc } from '../infra/models/account';
import type { EntityDoc } from '../infra/models/entity';
import type { Caller } from './audit';
import type { Registry } from './reads';

const FORBIDDEN_IN_ENTITY = 'No tiene permiso para esta acción en esta entidad.';
const FORBIDDEN_ON_ACCOUNT = 'No tiene permiso para esta acción en esta cuenta.';

/** The entity, once the caller holds the permission on it. */
export async function guardedEntity(registry: Registry, entityId: unknown, caller: Pick<Caller, 'principal'>, permission: Permission, forbidden = FORBIDDEN_IN_ENTITY): Promise<EntityDoc> {
  requireIdentified(caller.principal);
  const entity = await registry.entity(String(entityId));
  if (!entity) throw new Refusal('not_found', 'No existe esa entidad.');
  if (!can(caller.principal, permission, { id: entity._id, profile: entity.profile })) throw new Refusal('forbidden', forbidden);
  return entity;
}

/** The account and its entity, once the caller holds the permission on that entity. */
export async function guardedAccount(
  deps: { db: Connection; registry: Registry },
  accountId: unknown,
  caller: Caller,
  permission: Permission,
  forbidden = FORBIDDEN_ON_ACCOUNT,
): Promise<{ account: AccountDoc; entity: EntityDoc }> {
  requireIdentified(caller.principal);
  const { account, entity } = await accountWithEntity(deps, accountId, caller);
  if (!can(caller.principal, permission, { id: entity._id, profile: entity.profile })) throw new Refusal('forbidden', forbidden);
  return { account, entity };
}

/** The account and its entity, read once per `caller.shared`; `not_found` when either is missing. Checks no permission. */
export async function accountWithEntity(deps: { db: Connection; registry: Registry }, accountId: unknown, caller: Pick<Caller, 'shared'>): Promise<{ account: AccountDoc; entity: EntityDoc }> {
  const read = async () => {
    const account = await accountModel(deps.db).findById(String(accountId)).lean();
    const entity = account ? await deps.registry.entity(account.entityId) : null;
    if (!account || !entity) throw new Refusal('not_found', 'No existe esa cuenta.');
    return { account, entity };
  };
  const key = `account:${String(accountId)}`;
  if (!caller.shared) return read();
  if (!caller.shared.has(key)) caller.shared.set(key, read());
  return caller.shared.get(key) as Promise<{ account: AccountDoc; entity: EntityDoc }>;
}

/** A caller whose reads of what a page shows are shared by the services the page calls (see `Caller.shared`). */
export const pageReads = <C extends Caller>(caller: C): C => ({ ...caller, shared: new Map() });
