import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { insertOnce, isDuplicateKey, trusted } from '../infra/db';
import type { AuditQuery } from '../domain/auditQuery';
import type { Page } from '../domain/paging';
import { Refusal } from '../domain/refusal';
import { limaStartOfDay, limaTimestamp } from '../domain/businessDays';
import { Types, type Connection } from 'mongoose';
import { auditKeyModel, auditModel, type AuditActor, type AuditDoc } from '../infra/models/audit';
import type { Principal } from '../domain/access';
import { countOf, cursorAfter, pageOf, streamOf, type Listing } from './paging';

export type AuditEntry = Omit<AuditDoc, '_id' | 'at'>;

/** Who is acting and from where, as the API hands it to the registry and its services. */
export interface Caller {
  principal: Principal;
  actor: AuditActor;
  client: { ip?: string; userAgent: string };
  /**
   * Reads one page shares between the services it calls (registry/guards.ts `pageReads`): each guards the
   * same account again, and on FerretDB each read of an account and its entity costs a scan. Absent, every
   * call reads afresh; a page sets it only for what it shows, never across a write.
   */
  shared?: Map<string, Promise<unknown>>;
}

/** An audit row as the API returns it: the instant in Lima's time, the rest as recorded. */
export interface AuditView extends AuditEntry {
  id: string;
  at: string;
}

const DAY_MS = 86_400_000;

/** Newest first by the instant recorded; `_id` orders rows of the same millisecond (two processes write). */
const AUDIT_ORDER: Listing = { name: 'audit', keys: [['at', 'date'], ['_id', 'objectId']], order: 'desc' };

/** What a search filters on; the paging fields choose a page of it. */
export type AuditFilters = Omit<AuditQuery, 'format' | 'limit' | 'cursor' | 'before'>;

/** Who reads: the entities in scope, and `platform` for the rows tied to no entity (unknown sign-in addresses, broken links). */
export interface AuditScope {
  entities: string[];
  platform: boolean;
}

function filterOf(q: AuditFilters, scope: AuditScope): Record<string, unknown> {
  const entities = q.entity ? scope.entities.filter((e) => e === q.entity) : scope.entities;
  const all: Array<Record<string, unknown>> = [];
  const inScope = { entityId: trusted({ $in: entities }) };
  all.push(scope.platform && !q.entity ? { $or: [inScope, { entityId: trusted({ $exists: false }) }] } : inScope);
  if (q.account) all.push({ accountId: q.account });
  if (q.workflow) all.push({ workflowId: q.workflow });
  if (q.person) all.push({ $or: [{ 'actor.email': q.person.toLowerCase() }, { subject: q.person.toLowerCase() }] });
  const at: Record<string, Date> = {};
  if (q.from) at.$gte = limaStartOfDay(q.from);
  if (q.to) at.$lt = new Date(limaStartOfDay(q.to).getTime() + DAY_MS);
  if (Object.keys(at).length) all.push({ at: trusted(at) });
  return all.length === 1 ? all[0]! : { $and: all };
}

const toView = (d: AuditDoc): AuditView => {
  const { _id, at, ...rest } = d;
  return { id: String(_id), at: limaTimestamp(at), ...rest };
};

/** Spreadsheets run cells that start with these as formulas; a leading quote keeps them text. */
const defuse = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

const CSV_COLUMNS: Array<[string, (v: AuditView) => string | undefined]> = [
  ['fecha_hora_lima', (v) => v.at],
  ['accion', (v) => v.action],
  ['actor', (v) => v.actor.email ?? (v.actor.keyId ? `api-key:${v.actor.keyId}` : v.actor.kind)],
  ['tipo_actor', (v) => v.actor.kind],
  ['entidad', (v) => v.entityId],
  ['cuenta', (v) => v.accountId],
  ['proceso', (v) => v.workflowId],
  ['paso', (v) => v.step],
  ['persona', (v) => v.subject],
  ['ip', (v) => v.ip],
  ['agente_usuario', (v) => v.userAgent],
  ['detalle', (v) => v.detail],
];

/** The append-only audit trail (issue #3 §4): record, search, export. */
export function createAuditTrail(db: Connection) {
  const rows = auditModel(db);
  const keys = auditKeyModel(db);

  /** The old `before=<id>` as a cursor: the position of that row, if the reader may see it. */
  const cursorAtRow = async (filter: Record<string, unknown>, id: string): Promise<string> => {
    const row = await rows.findOne({ $and: [filter, { _id: id }] }, { at: 1 }).lean();
    if (!row) throw new Refusal('validation_failed', 'Cursor no válido.', [{ field: 'before', rule: 'paginación', message: 'Cursor no válido.' }]);
    return cursorAfter(AUDIT_ORDER, row);
  };

  return {
    async record(entry: AuditEntry): Promise<void> {
      await rows.create({ ...entry, at: new Date() });
    },

    /**
     * Records `entry` exactly once per `key`, however often a retrying process calls it and wherever it
     * crashed before: the key's claim fixes the row's id first, and inserting that id twice is refused.
     * Both steps are inserts, because FerretDB v1's conditional writes are not atomic.
     */
    async recordOnce(key: string, entry: AuditEntry, at = new Date()): Promise<void> {
      let auditId = new Types.ObjectId();
      try {
        await keys.create({ _id: key, auditId });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const claimed = await keys.findById(key).lean();
        if (!claimed) throw err;
        auditId = claimed.auditId;
      }
      await insertOnce(rows, { _id: auditId, ...entry, at });
    },

    /** Records what `caller` did, with who they are and where they called from. */
    async recordBy(caller: Caller, entry: Omit<AuditEntry, 'actor' | 'ip' | 'userAgent'>): Promise<void> {
      await rows.create({ ...entry, actor: caller.actor, ...caller.client, at: new Date() });
    },

    /** One page of the rows matching the filters within the reader's scope, newest first. */
    async search(q: AuditQuery, scope: AuditScope): Promise<Page<AuditView>> {
      const filter = filterOf(q, scope);
      const cursor = q.before ? await cursorAtRow(filter, q.before) : q.cursor;
      const page = await pageOf(rows, filter, AUDIT_ORDER, { limit: q.limit, ...(cursor ? { cursor } : {}) });
      return { rows: page.rows.map(toView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    },

    /** How many rows match, and how many come before the page that `cursor` starts. */
    count: (q: AuditFilters, scope: AuditScope, cursor: string | undefined) => countOf(rows, filterOf(q, scope), AUDIT_ORDER, cursor),

    /**
     * Writes every matching row to `out` as CSV, newest first, reading the store one batch at a time and
     * waiting whenever `out` is full; `shown` is each row as the reader may see it. Ends `out`; on a
     * failure midway `out` is destroyed, so a download is never silently short.
     */
    async csv(q: AuditFilters, scope: AuditScope, shown: (v: AuditView) => AuditView, out: Writable): Promise<void> {
      // A stage of the pipeline, not the cursor's own `map`: what throws there fails the export instead of hanging it.
      async function* records(docs: AsyncIterable<AuditDoc>) {
        for await (const d of docs) {
          const v = shown(toView(d));
          yield CSV_COLUMNS.map(([, get]) => defuse(get(v) ?? ''));
        }
      }
      await pipeline(streamOf(rows, filterOf(q, scope), AUDIT_ORDER), records, stringify({ header: true, columns: CSV_COLUMNS.map(([name]) => name), bom: true }), out);
    },
  };
}

export type AuditTrail = ReturnType<typeof createAuditTrail>;
