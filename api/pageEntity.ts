/**
 * The entity a page is about, refused as its service would refuse it, before the form is read or any
 * service is asked: signed in, the entity exists, the caller holds `permission` on it. `may` answers
 * for the page's other buttons.
 */
import type { Response } from 'express';
import { can, requireIdentified, type Permission } from '../domain/access';
import { Refusal } from '../domain/refusal';
import type { EntityDoc } from '../infra/models/entity';
import type { Registry } from '../registry/reads';
import { principalOf } from './auth';

export async function pageEntity(registry: Registry, entityId: string, res: Response, permission: Permission): Promise<{ entity: EntityDoc; may: (p: Permission) => boolean }> {
  const principal = principalOf(res);
  requireIdentified(principal);
  const entity = await registry.entity(entityId);
  if (!entity) throw new Refusal('not_found', 'No existe esa entidad.');
  const scope = { id: entity._id, profile: entity.profile };
  if (!can(principal, permission, scope)) throw new Refusal('forbidden', 'No tiene permiso para esta acción en esta entidad.');
  return { entity, may: (p) => can(principal, p, scope) };
}
