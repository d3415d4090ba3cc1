/**
 * The audit trail below HTTP (issue #3 §4; Ley 27806, RULEBOOK §8): rows are only ever appended, searched
 * within a reader's scope by person, workflow, account and Lima calendar days, and exported as CSV that
 * a spreadsheet opens as plain text. Runs against a FerretDB of its own.
 */
import { Writable } from 'node:stream';
import { Types, type Connection, type Model } from 'mongoose';
import { auditQuerySchema, type AuditQuery } from '../../domain/auditQuery';
import { createAuditTrail, type AuditScope, type AuditTrail, type AuditView } from '../../registry/audit';
import { auditKeyModel, auditModel, type AuditDoc } from '../../infra/models/audit';
import { parseCsv } from '../support/csv';
import { startTestDb } from '../support/ferret';

jest.setTimeout(60_000);

let dbh: Awaited<ReturnType<typeof startTestDb>>;
let db: Connection;
let trail: AuditTrail;
let rows: Model<AuditDoc>;

beforeAll(async () => {
  dbh = await startTestDb();
  db = dbh.db;
  trail = createAuditTrail(db);
  rows = auditModel(db);
});
afterAll(() => dbh?.stop());

/** A filter as `GET /api/audit` would parse it (defaults included). */
const query = (q: Record<string, unknown> = {}) => auditQuerySchema.parse(q);
/** A row at a chosen instant: `create` only appends, so tests may place rows in the past. */
const insertAt = (iso: string, row: Partial<AuditDoc>) =>
  rows.create({ action: 'roster.changed', actor: { kind: 'person', email: 'aquispe@cultura.gob.pe' }, entityId: 'mincul', ...row, at: new Date(iso) });

const MINCUL: AuditScope = { entities: ['mincul'], platform: false };

/** The rows of one page of a search. */
const rowsOf = async (q: AuditQuery, scope: AuditScope) => (await trail.search(q, scope)).rows;

/** The CSV export of a search within `mincul`, as the bytes written to a response. */
async function csvOf(q: AuditQuery, shown: (v: AuditView) => AuditView = (v) => v): Promise<string> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await trail.csv(q, MINCUL, shown, out);
  return Buffer.concat(chunks).toString('utf8');
}

const HEADER = ['fecha_hora_lima', 'accion', 'actor', 'tipo_actor', 'entidad', 'cuenta', 'proceso', 'paso', 'persona', 'ip', 'agente_usuario', 'detalle'];

describe('recording', () => {
  it('a recorded row keeps who, what, which entity and workflow, from where, and the server\'s instant', async () => {
    const before = Date.now();
    await trail.record({
      action: 'decision.recorded', actor: { kind: 'link', email: 'aquispe@cultura.gob.pe' }, entityId: 'mincul', workflowId: 'wf-record', step: 'approval',
      ip: '10.0.0.7', userAgent: 'Firefox', detail: 'approve',
    });
    const row = await rows.findOne({ workflowId: 'wf-record' }).lean();
    expect(row).toMatchObject({ action: 'decision.recorded', actor: { kind: 'link', email: 'aquispe@cultura.gob.pe' }, entityId: 'mincul', step: 'approval', ip: '10.0.0.7', userAgent: 'Firefox', detail: 'approve' });
    expect(row!.at.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(row!.at.getTime()).toBeLessThanOrEqual(Date.now() + 1);
  });

  it('a row recorded once per key stays one row however often, and however concurrently, a retrying process records it (issue 14 §1.7)', async () => {
    const entry = { action: 'decision.recorded' as const, actor: { kind: 'link' as const, email: 'aquispe@cultura.gob.pe' }, entityId: 'mincul', workflowId: 'wf-once', step: 'aprobacion-1', detail: 'approve' };
    const at = new Date('2026-12-01T15:00:00Z');
    await Promise.all(Array.from({ length: 10 }, () => trail.recordOnce('decision/wf-once/aprobacion-1/1', entry, at)));
    await trail.recordOnce('decision/wf-once/aprobacion-1/1', entry, at);
    expect(await rows.find({ workflowId: 'wf-once' }).lean()).toEqual([expect.objectContaining({ ...entry, at })]);
    // Another link version of the same step is another row.
    await trail.recordOnce('decision/wf-once/aprobacion-1/2', entry, at);
    expect(await rows.countDocuments({ workflowId: 'wf-once' })).toBe(2);
  });

  it('a crash between claiming the key and writing the row: the retry writes the row under the claimed id (issue 14 §1.7)', async () => {
    const claimed = new Types.ObjectId();
    await auditKeyModel(db).create({ _id: 'decision/wf-crash/aprobacion-1/1', auditId: claimed });
    await trail.recordOnce('decision/wf-crash/aprobacion-1/1', { action: 'decision.recorded', actor: { kind: 'link', email: 'aquispe@cultura.gob.pe' }, workflowId: 'wf-crash' });
    expect((await rows.find({ workflowId: 'wf-crash' }).lean()).map((r) => String(r._id))).toEqual([String(claimed)]);
  });

  it('actions have stable names: an unknown action is refused, since exports and filters rely on them', async () => {
    await expect(trail.record({ action: 'roster.deleted' as never, actor: { kind: 'anonymous' } })).rejects.toThrow();
    expect(await rows.countDocuments({ action: 'roster.deleted' as never })).toBe(0);
  });
});

describe('append-only (Ley 27806: the record cannot be rewritten)', () => {
  let id: AuditDoc['_id'];
  const original = 'Rol: team';
  beforeAll(async () => {
    id = (await insertAt('2025-01-15T15:00:00Z', { workflowId: 'wf-append', subject: 'epaz@cultura.gob.pe', detail: original }))._id;
  });
  const unchanged = async () => {
    const row = await rows.findById(id).lean();
    expect(row?.detail).toBe(original);
    expect(await rows.countDocuments({ workflowId: 'wf-append' })).toBe(1);
  };

  it('query updates are refused: updateOne, updateMany, findOneAndUpdate, findByIdAndUpdate, replaceOne, findOneAndReplace', async () => {
    await expect(rows.updateOne({ _id: id }, { $set: { detail: 'x' } })).rejects.toThrow(/append-only/);
    await expect(rows.updateMany({}, { $set: { detail: 'x' } })).rejects.toThrow(/append-only/);
    await expect(rows.findOneAndUpdate({ _id: id }, { $set: { detail: 'x' } })).rejects.toThrow(/append-only/);
    await expect(rows.findByIdAndUpdate(id, { $set: { detail: 'x' } })).rejects.toThrow(/append-only/);
    await expect(rows.replaceOne({ _id: id }, { action: 'signout', actor: { kind: 'anonymous' }, at: new Date() })).rejects.toThrow(/append-only/);
    await expect(rows.findOneAndReplace({ _id: id }, { action: 'signout', actor: { kind: 'anonymous' }, at: new Date() })).rejects.toThrow(/append-only/);
    await unchanged();
  });

  it('deletes are refused: deleteOne, deleteMany, findOneAndDelete, findByIdAndDelete', async () => {
    await expect(rows.deleteOne({ _id: id })).rejects.toThrow(/append-only/);
    await expect(rows.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(rows.findOneAndDelete({ _id: id })).rejects.toThrow(/append-only/);
    await expect(rows.findByIdAndDelete(id)).rejects.toThrow(/append-only/);
    await unchanged();
  });

  it('a loaded row cannot be saved back changed, updated or deleted through the document', async () => {
    const doc = await rows.findById(id);
    doc!.detail = 'Rol: head';
    await expect(doc!.save()).rejects.toThrow(/append-only/);
    await expect(rows.findById(id).then((d) => d!.updateOne({ $set: { detail: 'x' } }))).rejects.toThrow(/append-only/);
    await expect(rows.findById(id).then((d) => d!.deleteOne())).rejects.toThrow(/append-only/);
    await unchanged();
  });

  it('bulk writes are refused, including bulkSave of a changed row', async () => {
    await expect(rows.bulkWrite([{ updateOne: { filter: { _id: id }, update: { $set: { detail: 'x' } } } }])).rejects.toThrow(/append-only/);
    await expect(rows.bulkWrite([{ deleteOne: { filter: { _id: id } } }])).rejects.toThrow(/append-only/);
    const doc = await rows.findById(id);
    doc!.detail = 'x';
    await expect(rows.bulkSave([doc!])).rejects.toThrow(/append-only/);
    await unchanged();
  });

  it('appending stays possible after every refused attempt', async () => {
    await trail.record({ action: 'roster.changed', actor: { kind: 'person', email: 'aquispe@cultura.gob.pe' }, entityId: 'mincul', workflowId: 'wf-append-2' });
    expect(await rows.countDocuments({ workflowId: 'wf-append-2' })).toBe(1);
  });
});

describe('search', () => {
  beforeAll(async () => {
    await insertAt('2025-02-03T14:00:00Z', { workflowId: 'wf-scope', entityId: 'mincul', detail: 'mincul' });
    await insertAt('2025-02-03T14:00:01Z', { workflowId: 'wf-scope', entityId: 'congreso', detail: 'congreso' });
    await insertAt('2025-02-03T14:00:02Z', { workflowId: 'wf-scope', entityId: undefined, action: 'signin.unknown', actor: { kind: 'anonymous' }, subject: 'nadie@gmail.com', detail: 'plataforma' });
  });
  const details = (views: AuditView[]) => views.map((v) => v.detail);

  it('finds only rows of the entities in the reader\'s scope; asking for another entity finds nothing', async () => {
    expect(details(await rowsOf(query({ workflow: 'wf-scope' }), MINCUL))).toEqual(['mincul']);
    expect(details(await rowsOf(query({ workflow: 'wf-scope', entity: 'congreso' }), MINCUL))).toEqual([]);
    expect(details(await rowsOf(query({ workflow: 'wf-scope' }), { entities: [], platform: false }))).toEqual([]);
  });

  it('the platform scope adds the rows tied to no entity (unknown sign-in addresses), not other entities\' rows', async () => {
    expect(details(await rowsOf(query({ workflow: 'wf-scope' }), { entities: [], platform: true }))).toEqual(['plataforma']);
    expect(details(await rowsOf(query({ workflow: 'wf-scope' }), { entities: ['mincul'], platform: true }))).toEqual(['plataforma', 'mincul']);
    // Asking for one entity means that entity only, even for the platform.
    expect(details(await rowsOf(query({ workflow: 'wf-scope', entity: 'mincul' }), { entities: ['mincul'], platform: true }))).toEqual(['mincul']);
  });

  it('filters by person: rows they did and rows about them, whatever the letter case of the filter', async () => {
    await insertAt('2025-02-04T14:00:00Z', { workflowId: 'wf-person', actor: { kind: 'person', email: 'epaz@cultura.gob.pe' }, detail: 'did' });
    await insertAt('2025-02-04T14:00:01Z', { workflowId: 'wf-person', subject: 'epaz@cultura.gob.pe', detail: 'about' });
    await insertAt('2025-02-04T14:00:02Z', { workflowId: 'wf-person', subject: 'otro@cultura.gob.pe', detail: 'other' });
    expect(details(await rowsOf(query({ workflow: 'wf-person', person: 'EPaz@Cultura.gob.pe' }), MINCUL))).toEqual(['about', 'did']);
  });

  it('filters by workflow and by account', async () => {
    await insertAt('2025-02-05T14:00:00Z', { workflowId: 'wf-a', accountId: 'acc-1', detail: 'a1' });
    await insertAt('2025-02-05T14:00:01Z', { workflowId: 'wf-b', accountId: 'acc-2', detail: 'b2' });
    expect(details(await rowsOf(query({ workflow: 'wf-a' }), MINCUL))).toEqual(['a1']);
    expect(details(await rowsOf(query({ account: 'acc-2' }), MINCUL))).toEqual(['b2']);
    expect(details(await rowsOf(query({ account: 'acc-2', workflow: 'wf-a' }), MINCUL))).toEqual([]);
  });

  describe('RULEBOOK §8: dates are Lima calendar days (UTC−5), both ends included', () => {
    beforeAll(async () => {
      await insertAt('2025-03-10T04:59:59.999Z', { workflowId: 'wf-days', detail: 'lima 9 mar 23:59' });
      await insertAt('2025-03-10T05:00:00.000Z', { workflowId: 'wf-days', detail: 'lima 10 mar 00:00' });
      await insertAt('2025-03-11T04:59:59.999Z', { workflowId: 'wf-days', detail: 'lima 10 mar 23:59' });
      await insertAt('2025-03-11T05:00:00.000Z', { workflowId: 'wf-days', detail: 'lima 11 mar 00:00' });
    });
    const days = async (q: Record<string, string>) => details(await rowsOf(query({ workflow: 'wf-days', ...q }), MINCUL));

    it('from = to = one day gives that Lima day from 00:00 to 23:59:59.999, though it spans two UTC dates', async () => {
      expect(await days({ from: '2025-03-10', to: '2025-03-10' })).toEqual(['lima 10 mar 23:59', 'lima 10 mar 00:00']);
    });

    it('`from` alone starts at Lima midnight of that day; `to` alone ends at the last instant of that day', async () => {
      expect(await days({ from: '2025-03-11' })).toEqual(['lima 11 mar 00:00']);
      expect(await days({ to: '2025-03-09' })).toEqual(['lima 9 mar 23:59']);
    });

    it('rows show their instant in Lima time with its offset (-05:00)', async () => {
      const [last, first] = await rowsOf(query({ workflow: 'wf-days', from: '2025-03-10', to: '2025-03-10' }), MINCUL);
      expect(first!.at).toBe('2025-03-10T00:00:00-05:00');
      expect(last!.at).toBe('2025-03-10T23:59:59-05:00');
    });
  });

  it('gives the newest first, `limit` rows at a time; `nextCursor` (or the older `before=<id>`) continues after the last row of a page', async () => {
    for (const n of [1, 2, 3, 4, 5]) await insertAt(`2025-04-0${n}T15:00:00Z`, { workflowId: 'wf-pages', detail: `p${n}` });
    const page1 = await trail.search(query({ workflow: 'wf-pages', limit: 2 }), MINCUL);
    expect(details(page1.rows)).toEqual(['p5', 'p4']);
    const page2 = await trail.search(query({ workflow: 'wf-pages', limit: 2, cursor: page1.nextCursor }), MINCUL);
    expect(details(page2.rows)).toEqual(['p3', 'p2']);
    const page3 = await trail.search(query({ workflow: 'wf-pages', limit: 2, before: page2.rows.at(-1)!.id }), MINCUL);
    expect(details(page3.rows)).toEqual(['p1']);
    expect(page3.nextCursor).toBeUndefined();
  });

  it('`before` naming a row outside the reader\'s scope is refused like a bad cursor', async () => {
    const [congress] = await rowsOf(query({ workflow: 'wf-scope', entity: 'congreso' }), { entities: ['congreso'], platform: false });
    await expect(trail.search(query({ workflow: 'wf-scope', before: congress!.id }), MINCUL)).rejects.toMatchObject({ code: 'validation_failed', violations: [{ field: 'before' }] });
  });
});

describe('CSV export', () => {
  it('has a BOM (Excel reads UTF-8), then the Spanish header row, then one row per event in Lima time', async () => {
    await insertAt('2025-05-06T20:30:15Z', {
      workflowId: 'wf-csv', accountId: 'acc-9', step: 'approval', subject: 'epaz@cultura.gob.pe', ip: '10.0.0.8', userAgent: 'Firefox',
      detail: 'Creación de cuenta «Cultura Perú», con comas, "comillas" y tildes',
    });
    const csv = await csvOf(query({ workflow: 'wf-csv', format: 'csv' }));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, row, ...rest] = parseCsv(csv);
    expect(header).toEqual(HEADER);
    expect(rest).toEqual([]);
    expect(row).toEqual([
      '2025-05-06T15:30:15-05:00', 'roster.changed', 'aquispe@cultura.gob.pe', 'person', 'mincul', 'acc-9', 'wf-csv', 'approval', 'epaz@cultura.gob.pe',
      '10.0.0.8', 'Firefox', 'Creación de cuenta «Cultura Perú», con comas, "comillas" y tildes',
    ]);
  });

  it('an API key is named `api-key:<id>` in the actor column', async () => {
    await insertAt('2025-05-07T15:00:00Z', { workflowId: 'wf-csv-key', actor: { kind: 'apiKey', keyId: '0123456789ab' }, action: 'request.submitted' });
    const [, row] = parseCsv(await csvOf(query({ workflow: 'wf-csv-key' })));
    expect(row!.slice(1, 4)).toEqual(['request.submitted', 'api-key:0123456789ab', 'apiKey']);
  });

  it('formula injection: cells starting with =, +, -, @, tab or carriage return get a leading quote in every column', async () => {
    const hostile = ['=HYPERLINK("http://evil","x")', '+cmd|\' /C calc\'!A0', '-2+3', '@SUM(1+1)', '\t=1', '\r=1'];
    for (const [i, value] of hostile.entries()) {
      await insertAt(`2025-05-08T15:00:0${i}Z`, { workflowId: 'wf-csv-evil', detail: value, userAgent: value, subject: value, step: value, actor: { kind: 'person', email: value } });
    }
    const csv = await csvOf(query({ workflow: 'wf-csv-evil' }));
    const body = parseCsv(csv).slice(1);
    expect(body).toHaveLength(hostile.length);
    const col = (name: string) => HEADER.indexOf(name);
    for (const row of body) {
      for (const name of ['actor', 'paso', 'persona', 'agente_usuario', 'detalle']) {
        const cell = row[col(name)]!;
        expect([name, cell[0]]).toEqual([name, "'"]);
        expect(hostile).toContain(cell.slice(1));
      }
    }
  });

  it('harmless cells are exported exactly as recorded (no quote added to text that merely contains =, + or -)', async () => {
    await insertAt('2025-05-09T15:00:00Z', { workflowId: 'wf-csv-plain', detail: 'rol: team → cm; a=b, 2+2-1', subject: 'e-paz@cultura.gob.pe' });
    const [, row] = parseCsv(await csvOf(query({ workflow: 'wf-csv-plain' })));
    expect(row![HEADER.indexOf('detalle')]).toBe('rol: team → cm; a=b, 2+2-1');
    expect(row![HEADER.indexOf('persona')]).toBe('e-paz@cultura.gob.pe');
  });

  it('an empty search still exports the header row', async () => {
    expect(parseCsv(await csvOf(query({ workflow: 'wf-nada' })))).toEqual([HEADER]);
  });

  it('a failure midway rejects and destroys the output: a download is cut, never a short file that looks whole', async () => {
    for (let i = 0; i < 5; i++) await insertAt(`2025-05-11T15:00:0${i}Z`, { workflowId: 'wf-csv-broken', detail: `r${i}` });
    let seen = 0;
    const out = new Writable({ write: (_chunk, _encoding, done) => done() });
    const failing = (v: AuditView) => {
      if (++seen === 3) throw new Error('registry went away');
      return v;
    };
    await expect(trail.csv(query({ workflow: 'wf-csv-broken' }), MINCUL, failing, out)).rejects.toThrow('registry went away');
    expect([out.destroyed, out.writableFinished]).toEqual([true, false]);
  });

  it('each row is exported as `shown` gives it: the reader\'s redaction reaches the file', async () => {
    await insertAt('2025-05-10T15:00:00Z', { workflowId: 'wf-csv-shown', ip: '10.0.0.9', userAgent: 'Firefox' });
    const redacted = (v: AuditView) => ({ ...v, ip: undefined, userAgent: undefined });
    const [, row] = parseCsv(await csvOf(query({ workflow: 'wf-csv-shown' }), redacted));
    expect([row![HEADER.indexOf('ip')], row![HEADER.indexOf('agente_usuario')]]).toEqual(['', '']);
  });
});
