import { can, requireIdentified } from '../../domain/access';
import { auditQuerySchema, type AuditQuery } from '../../domain/auditQuery';
import { validate } from '../../domain/validation';
import type { AuditTrail, AuditView, Caller } from '../../registry/audit';
import type { Registry } from '../../registry/reads';
import { Refusal } from '../../domain/refusal';

/**
 * Reading the audit trail (issue #3 §4): the head sees their entity, the supervisor every PCM entity,
 * the platform admin the events tied to no entity.
 */
export function auditService(deps: { registry: Registry; audit: AuditTrail }) {
  return {
    /** Entities whose trail the caller may read (empty: none). */
    async scope(caller: Caller): Promise<Array<{ id: string; name: string }>> {
      return (await deps.registry.entities())
        .filter((e) => can(caller.principal, 'audit.read', { id: e._id, profile: e.profile }))
        .map((e) => ({ id: e._id, name: e.name }));
    },

    async search(query: unknown, caller: Caller): Promise<{ query: AuditQuery; rows: AuditView[] }> {
      requireIdentified(caller.principal);
      const scope = (await this.scope(caller)).map((e) => e.id);
      // The platform admin reads only what belongs to no entity: failed sign-ins, broken links.
      const platform = caller.principal.kind === 'person' && caller.principal.platformAdmin;
      if (!scope.length && !platform) throw new Refusal('forbidden', 'Solo el titular de la oficina y la SCS consultan la auditoría.');
      const checked = validate(auditQuerySchema, query, 'filtros de auditoría');
      if (!checked.ok) throw new Refusal('validation_failed', 'Filtros no válidos.', checked.errors);
      if (checked.value.entity && !scope.includes(checked.value.entity)) throw new Refusal('forbidden', 'No puede consultar la auditoría de esa entidad.');
      return { query: checked.value, rows: await deps.audit.search(checked.value, scope, platform) };
    },

    csv: (rows: AuditView[]) => deps.audit.csv(rows),
  };
}

export type AuditService = ReturnType<typeof auditService>;
