import type { Writable } from 'node:stream';
import { asReadBy, can, requireIdentified } from '../../domain/access';
import { auditQuerySchema, type AuditQuery } from '../../domain/auditQuery';
import { listQueryMessage, type Page } from '../../domain/paging';
import { validate } from '../../domain/validation';
import type { AuditScope, AuditTrail, AuditView, Caller } from '../../registry/audit';
import type { Registry } from '../../registry/reads';
import { Refusal } from '../../domain/refusal';

/**
 * Reading the audit trail (issue #3 §4): the head sees their entity, the supervisor every entity of the
 * Executive Branch (PCM 2), the platform admin the events tied to no entity. Every row, on a page or in
 * the CSV, is shown as the reader may read it (Ley 29733, `asReadBy`).
 */
export function auditService(deps: { registry: Registry; audit: AuditTrail }) {
  const readable = async (caller: Caller) => (await deps.registry.entitiesOf(caller.principal)).filter((e) => can(caller.principal, 'audit.read', { id: e._id, profile: e.profile }));

  /** Who may read what: the checked filters, the scope, and each row as this reader may see it. */
  const open = async (query: unknown, caller: Caller): Promise<{ query: AuditQuery; scope: AuditScope; shown: (v: AuditView) => AuditView }> => {
    const { principal } = caller;
    requireIdentified(principal);
    const entities = await readable(caller);
    // The platform admin reads only what belongs to no entity: failed sign-ins, broken links.
    const platform = principal.kind === 'person' && principal.platformAdmin;
    if (!entities.length && !platform) throw new Refusal('forbidden', 'Solo el titular de la oficina y la SCS consultan la auditoría.');
    const checked = validate(auditQuerySchema, query, 'filtros de auditoría');
    if (!checked.ok) throw new Refusal('validation_failed', listQueryMessage(checked.errors, 'Filtros no válidos.'), checked.errors);
    if (checked.value.entity && !entities.some((e) => e._id === checked.value.entity)) throw new Refusal('forbidden', 'No puede consultar la auditoría de esa entidad.');
    const profiles = new Map(entities.map((e) => [e._id, e.profile]));
    const shown = (v: AuditView) => {
      const profile = v.entityId ? profiles.get(v.entityId) : undefined;
      return asReadBy(principal, profile ? { id: v.entityId!, profile } : 'platform', v);
    };
    return { query: checked.value, scope: { entities: entities.map((e) => e._id), platform }, shown };
  };

  return {
    /** Entities whose trail the caller may read (empty: none). */
    async scope(caller: Caller): Promise<Array<{ id: string; name: string }>> {
      return (await readable(caller)).map((e) => ({ id: e._id, name: e.name }));
    },

    /** One page of the trail; with `counted`, also how many rows match and how many precede this page. */
    async search(query: unknown, caller: Caller, counted = false): Promise<{ query: AuditQuery; page: Page<AuditView>; counts?: { total: number; before: number } }> {
      const { query: q, scope, shown } = await open(query, caller);
      const page = await deps.audit.search(q, scope);
      const counts = counted ? await deps.audit.count(q, scope, q.cursor) : undefined;
      return { query: q, page: { ...page, rows: page.rows.map(shown) }, ...(counts ? { counts } : {}) };
    },

    /** Checks the caller and the filters, then gives what writes every matching row as CSV. */
    async csv(query: unknown, caller: Caller): Promise<(out: Writable) => Promise<void>> {
      const { query: q, scope, shown } = await open(query, caller);
      return (out) => deps.audit.csv(q, scope, shown, out);
    },
  };
}

export type AuditService = ReturnType<typeof auditService>;
