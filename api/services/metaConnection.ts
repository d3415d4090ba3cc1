import type { Connection } from 'mongoose';
import { metaConnectionSchema } from '../../domain/metaConnectionInput';
import { Refusal } from '../../domain/refusal';
import { validate } from '../../domain/validation';
import type { MetaConnectionView } from '../../infra/models/metaConnection';
import { tokenKeyring } from '../../infra/meta/tokenCipher';
import type { AuditTrail, Caller } from '../../registry/audit';
import { guardedEntity } from '../../registry/guards';
import { metaConnections } from '../../registry/metaConnections';
import type { Registry } from '../../registry/reads';

export interface MetaConnectionDeps {
  db: Connection;
  registry: Registry;
  audit: AuditTrail;
  /** LINK_SECRET: the token key derives from it when META_TOKEN_KEYS is unset. */
  secret: string;
  metaTokenKeys?: string | undefined;
}

/**
 * The head connects the entity to Meta once with a system-user token, replaces it or revokes it
 * (issue 17 §1; `meta.connect`). The token goes in and never comes out: no answer carries it, and the
 * audit row says only that it changed.
 */
export function metaConnectionService(deps: MetaConnectionDeps) {
  const store = metaConnections(deps.db, tokenKeyring(deps.metaTokenKeys, deps.secret));
  return {
    async view(entityId: string, caller: Caller): Promise<MetaConnectionView & { entityId: string; entityName: string }> {
      const entity = await guardedEntity(deps.registry, entityId, caller, 'meta.connect');
      return { entityId: entity._id, entityName: entity.name, ...(await store.view(entity._id)) };
    },
    async connect(entityId: string, body: unknown, caller: Caller): Promise<MetaConnectionView> {
      const entity = await guardedEntity(deps.registry, entityId, caller, 'meta.connect');
      const input = validate(metaConnectionSchema, body, 'issue 17 §1');
      if (!input.ok) throw new Refusal('validation_failed', 'Token no válido.', input.errors);
      const { replaced } = await store.connect(entity._id, input.value.token, caller.actor.email ?? caller.actor.kind);
      await deps.audit.recordBy(caller, { action: replaced ? 'meta.replaced' : 'meta.connected', entityId: entity._id, detail: 'Token de usuario del sistema (no se guarda en claro)' });
      return store.view(entity._id);
    },
    async revoke(entityId: string, caller: Caller): Promise<void> {
      const entity = await guardedEntity(deps.registry, entityId, caller, 'meta.connect');
      if (!(await store.revoke(entity._id))) throw new Refusal('not_found', 'La entidad no tiene un token de Meta registrado.');
      await deps.audit.recordBy(caller, { action: 'meta.revoked', entityId: entity._id });
    },
  };
}

export type MetaConnectionService = ReturnType<typeof metaConnectionService>;
