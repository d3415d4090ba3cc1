/**
 * The entity a page is about, refused as its service would refuse it (`guardedEntity`), before the form
 * is read or any service is asked. `may` answers for the page's other buttons.
 */
import type { Response } from 'express';
import { can, type Permission } from '../domain/access';
import type { EntityDoc } from '../infra/models/entity';
import { guardedEntity } from '../registry/guards';
import type { Registry } from '../registry/reads';
import { principalOf } from './auth';

export async function pageEntity(registry: Registry, entityId: string, res: Response, permission: Permission): Promise<{ entity: EntityDoc; may: (p: Permission) => boolean }> {
  const principal = principalOf(res);
  const entity = await guardedEntity(registry, entityId, { principal }, permission);
  return { entity, may: (p) => can(principal, p, { id: entity._id, profile: entity.profile }) };
}
