import { isDuplicateKey, trusted } from '../infra/db';
import { stringify } from 'csv-stringify/sync';
import type { AuditQuery } from '../domain/auditQuery';
import { limaStartOfDay, limaTimestamp } from '../domain/businessDays';
import { Types, type Connection } from 'mongoose';
import { auditKeyModel, auditModel, type AuditActor, type AuditDoc } from '../infra/models/audit';
import type { Principal } from '../domain/access';

export type AuditEntry = Omit<AuditDoc, '_id' | 'at'>;

/** Who is acting and from where, as the API hands it to the registry and its services. */
export interface Caller {
  principal: Principal;
  actor: AuditActor;
  client: { ip?: string; userAgent: string };
}

/** An audit row as the API returns it: the instant in Lima's time, the rest as recorded. */
export interface AuditView extends AuditEntry {
  id: string;
  at: string;
}

const DAY_MS = 86_400_000;

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
      try {
        await rows.create({ _id: auditId, ...entry, at });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    },

    /** Records what `caller` did, with who they are and where they called from. */
    async recordBy(caller: Caller, entry: Omit<AuditEntry, 'actor' | 'ip' | 'userAgent'>): Promise<void> {
      await rows.create({ ...entry, actor: caller.actor, ...caller.client, at: new Date() });
    },

    /**
     * Rows matching the filters within the entities the reader may see (`scope`), newest first;
     * `platform` adds the rows tied to no entity (unknown sign-in addresses, broken links).
     */
    async search(q: AuditQuery, scope: string[], platform = false): Promise<AuditView[]> {
      const entities = q.entity ? scope.filter((e) => e === q.entity) : scope;
      const all: Array<Record<string, unknown>> = [];
      const inScope = { entityId: trusted({ $in: entities }) };
      all.push(platform && !q.entity ? { $or: [inScope, { entityId: trusted({ $exists: false }) }] } : inScope);
      if (q.account) all.push({ accountId: q.account });
      if (q.workflow) all.push({ workflowId: q.workflow });
      if (q.person) all.push({ $or: [{ 'actor.email': q.person.toLowerCase() }, { subject: q.person.toLowerCase() }] });
      const at: Record<string, Date> = {};
      if (q.from) at.$gte = limaStartOfDay(q.from);
      if (q.to) at.$lt = new Date(limaStartOfDay(q.to).getTime() + DAY_MS);
      if (Object.keys(at).length) all.push({ at: trusted(at) });
      if (q.before) all.push({ _id: trusted({ $lt: q.before }) });
      const docs = await rows.find(all.length === 1 ? all[0]! : { $and: all }).sort({ _id: -1 }).limit(q.format === 'csv' ? 50_000 : q.limit).lean();
      return docs.map(toView);
    },

    csv(views: AuditView[]): string {
      return stringify(
        views.map((v) => CSV_COLUMNS.map(([, get]) => defuse(get(v) ?? ''))),
        { header: true, columns: CSV_COLUMNS.map(([name]) => name), bom: true },
      );
    },
  };
}

export type AuditTrail = ReturnType<typeof createAuditTrail>;
