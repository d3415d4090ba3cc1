/**
 * The Anexo 4 directory of official accounts (issue 16 §5; PCM 6.3.5, 7.3): every account of the
 * entities in the reader's scope with the Anexo 4 fields — entity, responsible people and their phones,
 * managing address, network, account, description, content type — filtered, in pages, and whole for the
 * exports. SCS reads every entity it supervises (PCM 2); an entity's own readers read theirs. Phones are
 * personal data (Ley 29733): only SCS and the entity's head see them (`directory.phones`), and each read
 * that shows them is recorded in the audit trail.
 */
import type { Connection } from 'mongoose';
import { can, canGlobally, requireIdentified, type Principal } from '../../domain/access';
import { proposalAnexo4, type DirectoryFilters, directoryFiltersSchema } from '../../domain/directory';
import { NETWORK_LABELS, type Network } from '../../domain/networks';
import type { Page, PageCounts, PageQuery } from '../../domain/paging';
import { Refusal } from '../../domain/refusal';
import { validate } from '../../domain/validation';
import { fold } from '../../domain/inventory';
import { ProcessesUnavailable, type Processes } from '../../contracts/processes';
import { trusted } from '../../infra/db';
import { accountModel, LIVE_STATUSES, type AccountDoc, type AccountStatus } from '../../infra/models/account';
import type { EntityDoc } from '../../infra/models/entity';
import { urls } from '../../infra/urls';
import type { AuditTrail, Caller } from '../../registry/audit';
import { countOf, pageOf, type Listing } from '../../registry/paging';
import type { Registry } from '../../registry/reads';
import { everyRow } from '../paging';

export interface DirectoryRow {
  accountId: string;
  /** The account's page. */
  href: string;
  entity: { id: string; name: string };
  network: Network;
  networkLabel: string;
  username: string;
  url?: string;
  managingEmail: string;
  /** Each with the phone only where the reader may see it. */
  responsibles: Array<{ name: string; phone?: string }>;
  description: string;
  contentType: string;
  status: AccountStatus;
  statusLabel: string;
  /** Registered as the entity already ran it; else created through Custodio. */
  registered: boolean;
  /** A created account whose Anexo 4 data could not be read: its request's page still shows the proposal. */
  requestHref?: string;
}

/** Where the directory looks: SCS's whole scope, or one entity. */
export type DirectoryScope = { kind: 'supervised' } | { kind: 'entity'; entityId: string };

export interface DirectoryPage extends Page<DirectoryRow> {
  counts: PageCounts;
  /** The entity of an entity's directory. */
  entity?: { id: string; name: string };
  /** The entity filter's choices. */
  entities: Array<{ id: string; name: string }>;
  filters: DirectoryFilters;
  /** Whether the rows carry phones (SCS, the entity's head). */
  phonesShown: boolean;
}

export const STATUS_LABELS: Record<AccountStatus, string> = { active: 'Activa', paused: 'Pausada', retired: 'De baja' };

/** By entity, then account name; `_id` last, so accounts of the same name never share a page boundary. */
const DIRECTORY_ORDER: Listing = { name: 'directory', keys: [['entityId', 'string'], ['username', 'string'], ['_id', 'string']], order: 'asc' };

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const invalid = (errors: Array<{ field: string; rule: string; message: string }>) => new Refusal('validation_failed', errors.map((e) => e.message).join(' '), errors);

export interface DirectoryDeps {
  db: Connection;
  registry: Registry;
  audit: AuditTrail;
  processes: Processes;
}

export function directoryService(deps: DirectoryDeps) {
  const accounts = accountModel(deps.db);

  /** The entities the caller reads in this scope, or a refusal (403, 404). */
  async function entitiesIn(p: Principal, scope: DirectoryScope): Promise<{ entities: EntityDoc[]; entity?: EntityDoc }> {
    if (scope.kind === 'entity') {
      const entity = await deps.registry.entity(String(scope.entityId));
      if (!entity) throw new Refusal('not_found', 'No existe esa entidad.');
      if (!can(p, 'account.read', { id: entity._id, profile: entity.profile })) throw new Refusal('forbidden', 'No tiene permiso para ver las cuentas de esta entidad.');
      return { entities: [entity], entity };
    }
    if (!canGlobally(p, 'supervision.read')) throw new Refusal('forbidden', 'El directorio de cuentas de las entidades es de la Secretaría de Comunicación Social (SCS).');
    const entities = (await deps.registry.entities()).filter((e) => can(p, 'supervision.read', { id: e._id, profile: e.profile }));
    return { entities: entities.sort((a, b) => a.name.localeCompare(b.name, 'es')) };
  }

  function storeFilter(entities: EntityDoc[], f: DirectoryFilters): Record<string, unknown> {
    const ids = entities.map((e) => e._id);
    const all: Array<Record<string, unknown>> = [{ entityId: trusted({ $in: ids }) }];
    if (f.network) all.push({ network: f.network });
    const state = f.state ?? 'vigentes';
    if (state === 'vigentes') all.push({ status: trusted({ $in: LIVE_STATUSES }) });
    else if (state !== 'todas') all.push({ status: state });
    const q = f.q?.replace(/^@+/, '').trim();
    if (q) {
      // Account names by pattern in the store; entity names here, accents and case aside (FerretDB v1 has no text index).
      const named = entities.filter((e) => fold(e.name).includes(fold(q))).map((e) => e._id);
      all.push({ $or: [{ username: trusted({ $regex: escapeRegex(q), $options: 'i' }) }, { entityId: trusted({ $in: named }) }] });
    }
    return { $and: all };
  }

  /**
   * Accounts created before the registry kept their Anexo 4 data take it from their creation process,
   * once: it is written back, so the next read is the registry's alone. Temporal unreachable, or a
   * process no longer kept: the row shows what the registry has and links to its request.
   */
  async function withRequestData(docs: AccountDoc[]): Promise<AccountDoc[]> {
    const missing = [...new Set(docs.filter((d) => d.requestId && !d.description).map((d) => d.requestId!))];
    const found = new Map<string, ReturnType<typeof proposalAnexo4>>();
    for (const requestId of missing) {
      let status;
      try {
        status = await deps.processes.accountCreationStatus(requestId);
      } catch (err) {
        // Temporal is down: the page shows what the registry has now rather than wait once per request.
        if (err instanceof ProcessesUnavailable) break;
        throw err;
      }
      if (!status || status.stage !== 'activa') continue;
      const data = proposalAnexo4(status.proposal);
      found.set(requestId, data);
      await accounts.updateMany({ requestId, description: trusted({ $exists: false }) }, { $set: data });
    }
    return docs.map((d) => (d.requestId && found.has(d.requestId) && !d.description ? { ...d, ...found.get(d.requestId)! } : d));
  }

  function rowOf(p: Principal, byId: Map<string, EntityDoc>) {
    return (a: AccountDoc): DirectoryRow => {
      const entity = byId.get(a.entityId)!;
      const phones = can(p, 'directory.phones', { id: entity._id, profile: entity.profile });
      const known = Boolean(a.description);
      return {
        accountId: a._id,
        href: urls.account.page(a._id),
        entity: { id: entity._id, name: entity.name },
        network: a.network,
        networkLabel: NETWORK_LABELS[a.network],
        username: a.username,
        ...(a.url ? { url: a.url } : {}),
        managingEmail: a.managingEmail,
        responsibles: (a.responsibles ?? []).map((r) => ({ name: r.name, ...(phones && r.phone ? { phone: r.phone } : {}) })),
        description: a.description ?? '',
        contentType: a.contentType ?? '',
        status: a.status,
        statusLabel: STATUS_LABELS[a.status],
        registered: a.origin === 'registered',
        ...(!known && a.requestId ? { requestHref: urls.accountRequest.page(a.requestId) } : {}),
      };
    };
  }

  /** Ley 29733: who saw phones, one row in each entity's trail (its head sees that SCS read them), with how many accounts. */
  async function recordPhonesSeen(caller: Caller, rows: DirectoryRow[], how: string): Promise<void> {
    const seen = new Map<string, number>();
    for (const r of rows) if (r.responsibles.some((p) => p.phone)) seen.set(r.entity.id, (seen.get(r.entity.id) ?? 0) + 1);
    for (const [entityId, n] of seen) {
      await deps.audit.recordBy(caller, { action: 'directory.viewed', entityId, detail: `${how}: ${n} ${n === 1 ? 'cuenta' : 'cuentas'} con teléfonos de sus responsables` });
    }
  }

  async function prepare(caller: Caller, scope: DirectoryScope, query: Record<string, unknown>) {
    requireIdentified(caller.principal);
    const { entities, entity } = await entitiesIn(caller.principal, scope);
    const checked = validate(directoryFiltersSchema, query, 'filtros');
    if (!checked.ok) throw invalid(checked.errors.map((e) => ({ ...e, field: e.field.split('.')[0]! })));
    const filters = checked.value;
    if (filters.entity && !entities.some((e) => e._id === filters.entity)) {
      throw invalid([{ field: 'entity', rule: 'filtros', message: 'Elija una entidad de la lista.' }]);
    }
    const shown = filters.entity ? entities.filter((e) => e._id === filters.entity) : entities;
    const byId = new Map(entities.map((e) => [e._id, e]));
    const phonesShown = shown.some((e) => can(caller.principal, 'directory.phones', { id: e._id, profile: e.profile }));
    return { entities, entity, filters, filter: storeFilter(shown, filters), byId, phonesShown };
  }

  return {
    /** The entity filter's choices, for a page whose filters were refused. */
    async choices(caller: Caller, scope: DirectoryScope): Promise<Pick<DirectoryPage, 'entities' | 'entity'>> {
      requireIdentified(caller.principal);
      const { entities, entity } = await entitiesIn(caller.principal, scope);
      return { entities: entities.map((e) => ({ id: e._id, name: e.name })), ...(entity ? { entity: { id: entity._id, name: entity.name } } : {}) };
    },

    /** One page of the directory, counted ("Cuentas 1–100 de 230"). */
    async page(caller: Caller, scope: DirectoryScope, query: Record<string, unknown>, q: PageQuery): Promise<DirectoryPage> {
      const s = await prepare(caller, scope, query);
      const [found, counts] = await Promise.all([pageOf(accounts, s.filter, DIRECTORY_ORDER, q), countOf(accounts, s.filter, DIRECTORY_ORDER, q.cursor)]);
      const rows = (await withRequestData(found.rows)).map(rowOf(caller.principal, s.byId));
      await recordPhonesSeen(caller, rows, 'Página del directorio');
      return {
        rows, ...(found.nextCursor ? { nextCursor: found.nextCursor } : {}), counts, filters: s.filters, phonesShown: s.phonesShown,
        entities: s.entities.map((e) => ({ id: e._id, name: e.name })), ...(s.entity ? { entity: { id: s.entity._id, name: s.entity.name } } : {}),
      };
    },

    /** Every row the filters match, for the `.csv` and `.xlsx` files (never capped). */
    async all(caller: Caller, scope: DirectoryScope, query: Record<string, unknown>): Promise<Omit<DirectoryPage, 'counts' | 'nextCursor'>> {
      const s = await prepare(caller, scope, query);
      const docs = await everyRow((q) => pageOf(accounts, s.filter, DIRECTORY_ORDER, q));
      const rows = (await withRequestData(docs)).map(rowOf(caller.principal, s.byId));
      await recordPhonesSeen(caller, rows, 'Descarga del directorio');
      return {
        rows, filters: s.filters, phonesShown: s.phonesShown, entities: s.entities.map((e) => ({ id: e._id, name: e.name })),
        ...(s.entity ? { entity: { id: s.entity._id, name: s.entity.name } } : {}),
      };
    },
  };
}

export type DirectoryService = ReturnType<typeof directoryService>;
