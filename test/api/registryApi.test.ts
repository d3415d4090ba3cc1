/** The registry API and the audit trail (issue #3 §1, §2, §4), over HTTP with signed-in people. */
import { createAuditTrail } from '../../infra/audit';
import { trusted } from '../../infra/db';
import { auditModel, type AuditAction } from '../../infra/models/audit';
import { startTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';

jest.setTimeout(90_000);

let t: TestApp;
const as: Record<string, Browser> = {};

beforeAll(async () => {
  t = await startTestApp();
  for (const [name, email] of Object.entries({ head: 'aquispe@cultura.gob.pe', cm: 'crojas@cultura.gob.pe', requester: 'dtorres@cultura.gob.pe', admin: 'admin@custodio.gob.pe', scs: 'rrss_scs@pcm.gob.pe', otherHead: 'dflores@congreso.gob.pe' })) {
    as[name] = new Browser(t.url);
    await as[name]!.signIn(email, t.mailbox);
  }
});
afterAll(() => t?.stop());

describe('roster', () => {
  it('PCM 6.1.1.4: the head adds people with institutional addresses only, and the change is audited without the phone', async () => {
    const added = await as.head!.api('POST', '/api/entities/mincul/people', { name: 'Elena Paz', email: 'epaz@cultura.gob.pe', phone: '+51 911 222 333', role: 'team' });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ email: 'epaz@cultura.gob.pe', role: 'team' });
    const foreign = await as.head!.api('POST', '/api/entities/mincul/people', { name: 'Otro', email: 'otro@gmail.com', role: 'team' });
    expect(foreign.status).toBe(400);
    expect(foreign.json.error.details[0].rule).toBe('PCM 6.1.1.4');
    const row = await auditModel(t.db).findOne({ action: 'roster.added', subject: 'epaz@cultura.gob.pe' }).lean();
    expect(row).toMatchObject({ entityId: 'mincul', actor: { kind: 'person', email: 'aquispe@cultura.gob.pe' } });
    expect(JSON.stringify(row)).not.toContain('911');
  });

  it('PCM 5.2.4: an entity has one head; a second one is refused until the first changes role', async () => {
    const res = await as.head!.api('POST', '/api/entities/mincul/people', { name: 'Otra Jefa', email: 'ojefa@cultura.gob.pe', role: 'head' });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('roster_conflict');
  });

  it('Ley 29733: phones are shown to the head, not to a team member, and a reading with phones is recorded', async () => {
    const people = (await as.head!.api('GET', '/api/entities/mincul/people')).json.people as Array<{ email: string; phone?: string }>;
    expect(people.find((p) => p.email === 'aquispe@cultura.gob.pe')?.phone).toBe('+51 900 000 001');
    expect(await auditModel(t.db).countDocuments({ action: 'roster.viewed', 'actor.email': 'aquispe@cultura.gob.pe' })).toBeGreaterThan(0);
    const team = new Browser(t.url);
    await team.signIn('epaz@cultura.gob.pe', t.mailbox);
    const seen = (await team.api('GET', '/api/entities/mincul/people')).json.people as Array<{ email: string; phone?: string }>;
    expect(seen.find((p) => p.email === 'aquispe@cultura.gob.pe')?.phone).toBeUndefined();
    expect(seen.find((p) => p.email === 'epaz@cultura.gob.pe')?.phone).toBe('+51 911 222 333'); // one's own
  });

  it('someone who leaves the office drops off the roster and is signed out at once', async () => {
    const leaver = new Browser(t.url);
    await leaver.signIn('epaz@cultura.gob.pe', t.mailbox);
    expect((await leaver.api('GET', '/api/me')).status).toBe(200);
    const people = (await as.head!.api('GET', '/api/entities/mincul/people')).json.people as Array<{ email: string; personId: string }>;
    const id = people.find((p) => p.email === 'epaz@cultura.gob.pe')!.personId;
    const left = await as.head!.api('PATCH', `/api/entities/mincul/people/${id}`, { left: true });
    expect(left.status).toBe(200);
    const after = (await as.head!.api('GET', '/api/entities/mincul/people')).json.people as Array<{ email: string }>;
    expect(after.map((p) => p.email)).not.toContain('epaz@cultura.gob.pe');
    expect((await leaver.api('GET', '/api/me')).status).toBe(401);
    expect(await auditModel(t.db).countDocuments({ action: 'roster.changed', subject: 'epaz@cultura.gob.pe', detail: /dejó la oficina/ })).toBe(1);
  });
});

describe('policy', () => {
  it('the head tunes decreed non-working days and the reminder plan; the change is audited before → after', async () => {
    const res = await as.head!.api('PATCH', '/api/entities/mincul', { nonWorkingDays: ['2026-12-24', '2026-12-31'], decisionPlan: { remindAfter: [1, 3], escalateAfter: 4 } });
    expect(res.status).toBe(200);
    expect(res.json.nonWorkingDays).toEqual(['2026-12-24', '2026-12-31']);
    const row = await auditModel(t.db).findOne({ action: 'entity.changed', entityId: 'mincul' }).sort({ _id: -1 }).lean();
    expect(row?.detail).toContain('nonWorkingDays: [] → ["2026-12-24","2026-12-31"]');
  });

  it('a non-existent date or an unordered plan is refused with details', async () => {
    const res = await as.head!.api('PATCH', '/api/entities/mincul', { nonWorkingDays: ['2026-02-30'], decisionPlan: { remindAfter: [4, 2] } });
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['nonWorkingDays.0', 'decisionPlan.remindAfter']));
  });

  it('name and profile belong to the platform admin, who also creates entities', async () => {
    expect((await as.head!.api('PATCH', '/api/entities/mincul', { profile: 'INPE' })).status).toBe(403);
    expect((await as.admin!.api('PATCH', '/api/entities/mincul', { location: 'San Borja, Lima' })).status).toBe(200);
    const entity = { id: 'produce', name: 'Ministerio de la Producción', profile: 'PCM', emailDomains: ['produce.gob.pe'], location: 'San Isidro, Lima', supervisorEmail: 'rrss_scs@pcm.gob.pe' };
    expect((await as.admin!.api('POST', '/api/entities', entity)).status).toBe(201);
    expect((await as.admin!.api('POST', '/api/entities', entity)).json.error.code).toBe('conflict');
    expect((await as.head!.api('POST', '/api/entities', { ...entity, id: 'otra' })).status).toBe(403);
  });
});

describe('API keys', () => {
  it('are shown once, stored hashed, work for their entity, and stop at once when revoked', async () => {
    const created = await as.head!.api('POST', '/api/entities/mincul/api-keys', { label: 'Mesa de partes' });
    expect(created.status).toBe(201);
    const { key, id } = created.json as { key: string; id: string };
    expect(key).toMatch(/^cust_[0-9a-f]{12}_/);
    const listed = await as.head!.api('GET', '/api/entities/mincul/api-keys');
    expect(listed.text).not.toContain(key.split('_')[2]);
    expect(listed.text).not.toContain('hash');
    const stored = await t.db.collection('api_keys').findOne({ _id: id as never });
    expect(JSON.stringify(stored)).not.toContain(key.split('_')[2]);
    const use = () => fetch(`${t.url}/api/account-requests`, { headers: { authorization: `Bearer ${key}` } });
    expect((await use()).status).toBe(200);
    expect((await as.head!.api('DELETE', `/api/entities/mincul/api-keys/${id}`)).status).toBe(204);
    const revoked = await use();
    expect(revoked.status).toBe(401);
    expect((await revoked.json()).error.code).toBe('invalid_api_key');
    expect(await auditModel(t.db).countDocuments({ action: trusted({ $in: ['apiKey.created', 'apiKey.revoked'] as AuditAction[] }), entityId: 'mincul' })).toBe(2);
  });

  it('an API key cannot mint keys, and a garbage key is refused', async () => {
    const { key } = (await as.head!.api('POST', '/api/entities/mincul/api-keys', { label: 'integración' })).json as { key: string };
    const mint = await fetch(`${t.url}/api/entities/mincul/api-keys`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: '{"label":"x"}' });
    expect(mint.status).toBe(403);
    expect((await fetch(`${t.url}/api/me`, { headers: { authorization: 'Bearer cust_000000000000_nope' } })).status).toBe(401);
  });
});

describe('audit trail', () => {
  it('is append-only: no update or delete gets through the model', async () => {
    const model = auditModel(t.db);
    const one = await model.findOne().lean();
    await expect(model.updateOne({ _id: one!._id }, { $set: { detail: 'x' } })).rejects.toThrow(/append-only/);
    await expect(model.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(model.findOneAndUpdate({ _id: one!._id }, { $set: { detail: 'x' } })).rejects.toThrow(/append-only/);
    const doc = await model.findById(one!._id);
    doc!.detail = 'x';
    await expect(doc!.save()).rejects.toThrow(/append-only/);
  });

  it('the head reads their entity only, the supervisor every PCM entity, the CM nothing', async () => {
    const head = await as.head!.api('GET', '/api/audit');
    expect(new Set((head.json.events as Array<{ entityId: string }>).map((e) => e.entityId))).toEqual(new Set(['mincul']));
    expect((await as.head!.api('GET', '/api/audit?entity=congreso')).status).toBe(403);
    expect((await as.otherHead!.api('GET', '/api/audit?entity=congreso')).status).toBe(200);
    expect((await as.scs!.api('GET', '/api/audit?entity=congreso')).status).toBe(403);
    expect((await as.scs!.api('GET', '/api/audit?entity=mincul')).status).toBe(200);
    expect((await as.cm!.api('GET', '/api/audit')).status).toBe(403);
  });

  it('filters by person and by Lima calendar days, and refuses bad filters with details', async () => {
    const byPerson = await as.head!.api('GET', '/api/audit?person=epaz@cultura.gob.pe');
    expect((byPerson.json.events as Array<{ subject?: string; actor: { email?: string } }>).every((e) => e.subject === 'epaz@cultura.gob.pe' || e.actor.email === 'epaz@cultura.gob.pe')).toBe(true);
    expect(byPerson.json.events.length).toBeGreaterThan(0);
    const future = await as.head!.api('GET', '/api/audit?from=2099-01-01');
    expect(future.json.events).toEqual([]);
    const bad = await as.head!.api('GET', '/api/audit?from=ayer&to=2020-01-01&color=rojo');
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('validation_failed');
  });

  it('exports CSV with a Spanish header, Lima times, and cells that spreadsheets cannot run as formulas', async () => {
    const trail = createAuditTrail(t.db);
    await trail.record({ action: 'roster.changed', actor: { kind: 'person', email: 'aquispe@cultura.gob.pe' }, entityId: 'mincul', detail: '=HYPERLINK("http://evil")' });
    const res = await as.head!.fetch('/api/audit?format=csv&person=aquispe@cultura.gob.pe');
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="?auditoria-\d{4}-\d{2}-\d{2}\.csv"?/);
    const csv = await res.text();
    expect(csv.replace(/^\uFEFF/, '').split('\n')[0]).toBe('fecha_hora_lima,accion,actor,tipo_actor,entidad,cuenta,proceso,paso,persona,ip,agente_usuario,detalle');
    expect(csv).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-05:00/);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });
});
