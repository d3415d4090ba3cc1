import { createHash, randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { can, requireIdentified, principalLabel } from '../../domain/access';
import { limaDate } from '../../domain/businessDays';
import { accountKey, existingAccountFindings, existingAccountSchema, existingAccountViolations, type ExistingAccount } from '../../domain/existingAccount';
import { changedFields, readInventory, type InventoryChange, type InventoryRow, type RegisteredFields } from '../../domain/inventory';
import { Refusal } from '../../domain/refusal';
import { validate, type RuleViolation } from '../../domain/validation';
import type { Processes } from '../../contracts/processes';
import { insertOnce, trusted } from '../../infra/db';
import { accountModel, LIVE_STATUSES, type AccountDoc } from '../../infra/models/account';
import type { EntityDoc } from '../../infra/models/entity';
import { inventoryImportModel, type InventoryImportDoc } from '../../infra/models/inventoryImport';
import { rotationModel } from '../../infra/models/rotation';
import { readSpreadsheet, SpreadsheetUnreadable } from '../../infra/spreadsheets';
import type { AuditTrail, Caller } from '../../registry/audit';
import type { Registry } from '../../registry/reads';
import { rotationStarts } from '../../registry/rotations';

export interface InventoryDeps {
  db: Connection;
  registry: Registry;
  audit: AuditTrail;
  processes: Processes;
}

/** One row of a preview: what was read, and what confirming would do with it. */
export type PreviewRow = InventoryRow & { change?: InventoryChange | { kind: 'baja' } };

export interface InventoryPreview {
  importId: string;
  entityId: string;
  fileName: string;
  fileErrors: string[];
  rows: PreviewRow[];
  /** How many rows would be created, updated, left as they are, skipped (retired), and are wrong. */
  counts: { nuevas: number; actualizadas: number; sinCambios: number; deBaja: number; conErrores: number };
  /** True when confirming would import: no file error and no row error (nothing half-imported). */
  importable: boolean;
  confirmedAt?: string;
  /** Once confirmed: what the confirmation did. */
  result?: InventoryImportDoc['result'];
}

export interface InventoryResult {
  created: string[];
  updated: string[];
  unchanged: string[];
  retired: string[];
}

/** The registry's id of a registered account: the same entity, network and name always give the same id. */
export const registeredAccountId = (entityId: string, a: Pick<ExistingAccount, 'network' | 'username'>) =>
  `cuenta-${createHash('sha256').update(`${entityId}|${accountKey(a)}`).digest('hex').slice(0, 24)}`;

const registeredFields = (a: AccountDoc): RegisteredFields => ({
  managingEmail: a.managingEmail,
  responsibles: (a.responsibles ?? []).map((r) => ({ name: r.name, phone: r.phone })),
  description: a.description ?? '',
  contentType: a.contentType ?? '',
  ...(a.url ? { url: a.url } : {}),
  ...(a.lastRotatedOn ? { lastRotatedOn: a.lastRotatedOn } : {}),
});

const invalid = (errors: RuleViolation[]) => new Refusal('validation_failed', 'Datos no válidos (PCM 6.3.5, Anexo 4).', errors);

/**
 * Bringing in the accounts an entity already runs (issue 15 §1): one from a form, or its whole
 * inventory from a spreadsheet, read → previewed → confirmed. Matched by network and name (case aside),
 * so importing the same file again changes nothing and a changed row updates its account. A file with
 * any wrong row imports nothing. Each account registered gets its rotation process, counting from the
 * day its password last changed (registry/rotations.ts).
 */
export function inventoryService(deps: InventoryDeps) {
  const accounts = accountModel(deps.db);
  const imports = inventoryImportModel(deps.db);
  const startsOf = rotationStarts({ accounts, rotations: rotationModel(deps.db) });

  async function managed(entityId: string, caller: Caller): Promise<EntityDoc> {
    requireIdentified(caller.principal);
    const entity = await deps.registry.entity(String(entityId));
    if (!entity) throw new Refusal('not_found', 'No existe esa entidad.');
    if (!can(caller.principal, 'account.manage', { id: entity._id, profile: entity.profile })) {
      throw new Refusal('forbidden', 'No tiene permiso para registrar cuentas de esta entidad.');
    }
    return entity;
  }

  async function registeredByKey(entityId: string): Promise<Map<string, AccountDoc>> {
    const docs = await accounts.find({ entityId }).lean();
    return new Map(docs.map((a) => [accountKey(a), a]));
  }

  const changeOf = (a: ExistingAccount, existing: AccountDoc | undefined): InventoryChange | { kind: 'baja' } =>
    existing?.status === 'retired' ? { kind: 'baja' } : changedFields(a, existing && registeredFields(existing));

  /** Writes one account as the sheet or form has it; the unique insert makes a concurrent second write a no-op. */
  async function write(entity: EntityDoc, a: ExistingAccount, existing: AccountDoc | undefined, caller: Caller, now: Date): Promise<{ id: string; kind: InventoryChange['kind'] | 'baja' }> {
    const change = changeOf(a, existing);
    if (existing) {
      if (change.kind === 'actualiza') {
        const later = a.lastRotatedOn && (!existing.lastRotatedOn || a.lastRotatedOn > existing.lastRotatedOn);
        const { lastRotatedOn: _day, network: _n, username: _u, roles: _r, ...sheet } = a;
        await accounts.updateOne({ _id: existing._id }, { $set: { ...sheet, ...(later ? { lastRotatedOn: a.lastRotatedOn } : {}) } });
        await deps.audit.recordBy(caller, { action: 'account.updated', entityId: entity._id, accountId: existing._id, detail: `inventario: ${change.fields.join(', ')}` });
      }
      return { id: existing._id, kind: change.kind };
    }
    const _id = registeredAccountId(entity._id, a);
    const { roles, ...fields } = a;
    const inserted = await insertOnce(accounts, {
      _id, entityId: entity._id, ...fields, status: 'active', origin: 'registered', activatedAt: now,
      roles: (roles ?? []).map((r) => ({ ...r, email: r.email.toLowerCase(), since: now })),
    });
    if (!inserted) return { id: _id, kind: 'sin cambios' };
    const findings = existingAccountFindings(a, entity).map((f) => f.rule);
    await deps.audit.recordBy(caller, {
      action: 'account.registered', entityId: entity._id, accountId: _id,
      detail: `${a.network}:${a.username}${a.lastRotatedOn ? `; último cambio ${a.lastRotatedOn}` : '; último cambio desconocido'}${findings.length ? `; observaciones: ${findings.join(', ')}` : ''}`,
    });
    return { id: _id, kind: 'nueva' };
  }

  /** Starts the rotation of every live account written (idempotent: a running one stays as it is). */
  async function startRotations(ids: string[]): Promise<void> {
    const live = await accounts.find({ _id: trusted({ $in: ids }), status: trusted({ $in: LIVE_STATUSES }) }, { _id: 1 }).lean();
    if (live.length) await deps.processes.startRotations(await startsOf(live.map((a) => a._id)));
  }

  function previewOf(doc: InventoryImportDoc, registered: Map<string, AccountDoc>): InventoryPreview {
    const rows: PreviewRow[] = doc.rows.map((r) => (r.account ? { ...r, change: changeOf(r.account, registered.get(accountKey(r.account))) } : r));
    const count = (kind: string) => rows.filter((r) => r.change?.kind === kind).length;
    const conErrores = rows.filter((r) => r.errors.length).length;
    return {
      importId: doc._id, entityId: doc.entityId, fileName: doc.fileName, fileErrors: doc.fileErrors, rows,
      counts: { nuevas: count('nueva'), actualizadas: count('actualiza'), sinCambios: count('sin cambios'), deBaja: count('baja'), conErrores },
      importable: !doc.fileErrors.length && conErrores === 0 && rows.length > 0,
      ...(doc.confirmedAt ? { confirmedAt: doc.confirmedAt.toISOString() } : {}),
      ...(doc.result ? { result: doc.result } : {}),
    };
  }

  return {
    managed,

    /** Registers one existing account from the form or the API; the same submission again answers the same account. */
    async register(entityId: string, body: unknown, caller: Caller): Promise<{ accountId: string; created: boolean; findings: RuleViolation[] }> {
      const entity = await managed(entityId, caller);
      const checked = validate(existingAccountSchema, body, 'PCM 6.3.5 (Anexo 4)');
      if (!checked.ok) throw invalid(checked.errors);
      const a = checked.value;
      const violations = existingAccountViolations(a, limaDate(new Date()));
      if (violations.length) throw invalid(violations);
      const existing = (await registeredByKey(entity._id)).get(accountKey(a));
      if (existing && changeOf(a, existing).kind !== 'sin cambios') {
        throw new Refusal('conflict', `La cuenta ${a.username} de esa red ya está registrada: edítela desde su página o importe el inventario para actualizarla.`);
      }
      const { id, kind } = await write(entity, a, existing, caller, new Date());
      await startRotations([id]);
      return { accountId: id, created: kind === 'nueva', findings: existingAccountFindings(a, entity) };
    },

    /** Reads an uploaded file and keeps its preview (the same file again gives back the same preview). */
    async read(entityId: string, file: { buffer: Buffer; originalname: string } | undefined, caller: Caller): Promise<InventoryPreview> {
      const entity = await managed(entityId, caller);
      if (!file?.buffer.length) throw new Refusal('validation_failed', 'Adjunte el archivo del inventario (.xlsx o .csv).', [{ field: 'archivo', rule: 'PCM 6.3.5', message: 'Adjunte el archivo del inventario (.xlsx o .csv).' }]);
      let grid;
      try {
        grid = await readSpreadsheet(file.buffer);
      } catch (err) {
        if (err instanceof SpreadsheetUnreadable) throw new Refusal('validation_failed', err.message, [{ field: 'archivo', rule: 'PCM 6.3.5', message: err.message }]);
        throw err;
      }
      const { fileErrors, rows } = readInventory(grid, { id: entity._id, name: entity.name, emailDomains: entity.emailDomains, supervisorEmail: entity.supervisorEmail }, limaDate(new Date()));
      const doc: InventoryImportDoc = {
        _id: randomUUID(), entityId: entity._id, fileName: file.originalname.slice(0, 200) || 'inventario',
        sha256: createHash('sha256').update(file.buffer).digest('hex'), fileErrors, rows, readBy: principalLabel(caller.principal), readAt: new Date(),
      };
      await imports.create(doc);
      return previewOf(doc, await registeredByKey(entity._id));
    },

    /** The preview as it would import now (the registry may have changed since it was read). */
    async preview(entityId: string, importId: string, caller: Caller): Promise<InventoryPreview> {
      const entity = await managed(entityId, caller);
      const doc = await imports.findOne({ _id: String(importId), entityId: entity._id }).lean();
      if (!doc) throw new Refusal('not_found', 'Esa vista previa ya no existe (se guarda un día): vuelva a subir el archivo.');
      return previewOf(doc, await registeredByKey(entity._id));
    },

    /**
     * Imports every row of a preview without errors; a preview with any error imports nothing. Confirming
     * again (a double click, a retry after "intente de nuevo") changes nothing more.
     */
    async confirm(entityId: string, importId: string, caller: Caller): Promise<InventoryResult> {
      const entity = await managed(entityId, caller);
      const doc = await imports.findOne({ _id: String(importId), entityId: entity._id }).lean();
      if (!doc) throw new Refusal('not_found', 'Esa vista previa ya no existe (se guarda un día): vuelva a subir el archivo.');
      const registered = await registeredByKey(entity._id);
      const preview = previewOf(doc, registered);
      if (!preview.importable) {
        const wrong = preview.rows.filter((r) => r.errors.length).map((r) => r.line);
        throw new Refusal('validation_failed', `No se importó nada: corrija ${wrong.length ? `las filas ${wrong.join(', ')}` : 'el archivo'} y vuelva a subirlo.`);
      }
      const now = new Date();
      const result: InventoryResult = { created: [], updated: [], unchanged: [], retired: [] };
      for (const row of doc.rows) {
        const { id, kind } = await write(entity, row.account!, registered.get(accountKey(row.account!)), caller, now);
        ({ nueva: result.created, actualiza: result.updated, 'sin cambios': result.unchanged, baja: result.retired })[kind].push(id);
      }
      const counts = { created: result.created.length, updated: result.updated.length, unchanged: result.unchanged.length, retired: result.retired.length };
      // A second confirmation finds everything unchanged: the first one's figures are the ones kept.
      if (!doc.result) await imports.updateOne({ _id: doc._id }, { $set: { confirmedAt: now, result: counts } });
      await deps.audit.recordBy(caller, {
        action: 'inventory.imported', entityId: entity._id,
        detail: `${doc.fileName}: ${result.created.length} nuevas, ${result.updated.length} actualizadas, ${result.unchanged.length} sin cambios, ${result.retired.length} de baja`,
      });
      await startRotations([...result.created, ...result.updated, ...result.unchanged]);
      return result;
    },
  };
}

export type InventoryService = ReturnType<typeof inventoryService>;
