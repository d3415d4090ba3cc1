/**
 * The registry API (issue #3 §1, §2) over HTTP, with people signed in by emailed link against the demo
 * registry: the roster and its rules, who sees phones (Ley 29733), sign-out on removal, the entity's
 * policy and structure, per-entity API keys, and simultaneous roster changes (settled by claims in
 * `roster_claims`, since FerretDB has no transactions). Every change must leave an audit row.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_REMINDER_PLAN } from '../../domain/decision';
import { trusted } from '../../infra/db';
import { auditModel, type AuditAction, type AuditDoc } from '../../infra/models/audit';
import { sessionModel } from '../../infra/models/credentials';
import { entityModel } from '../../infra/models/entity';
import { personModel } from '../../infra/models/person';
import { rosterClaimModel, rosterClaims, STALE_CLAIM_MS } from '../../infra/models/rosterClaim';
import { startTestApp, type TestApp } from '../support/app';
import { Browser, linkIn } from '../support/browser';

jest.setTimeout(60_000);

const HEAD = 'aquispe@cultura.gob.pe';
const SECOND = 'bsalas@cultura.gob.pe';
const CM = 'crojas@cultura.gob.pe';
const REQUESTER = 'dtorres@cultura.gob.pe';
const OTHER_HEAD = 'dflores@congreso.gob.pe';
const SCS = 'rrss_scs@pcm.gob.pe';
const ADMIN = 'admin@custodio.gob.pe';
const HEAD_PHONE = '+51 900 000 001';
const CM_PHONE = '+51 900 000 003';
/** Every phone this file stores; none may ever reach the audit trail. */
const PHONES = [HEAD_PHONE, CM_PHONE, '+51 911 222 333', '+51 944 555 666', '+51 922 333 444'];

interface PersonRow {
  personId: string;
  name: string;
  email: string;
  role: string;
  unit?: string;
  phone?: string;
}

let t: TestApp;
const as: Record<'head' | 'second' | 'cm' | 'requester' | 'otherHead' | 'scs' | 'admin', Browser> = {} as never;

beforeAll(async () => {
  t = await startTestApp();
  const who = { head: HEAD, second: SECOND, cm: CM, requester: REQUESTER, otherHead: OTHER_HEAD, scs: SCS, admin: ADMIN } as const;
  for (const [name, email] of Object.entries(who) as Array<[keyof typeof who, string]>) {
    as[name] = new Browser(t.url);
    await as[name].signIn(email, t.mailbox);
  }
});
afterAll(() => t?.stop());

const signedIn = async (email: string) => {
  const b = new Browser(t.url);
  await b.signIn(email, t.mailbox);
  return b;
};
const roster = async (b: Browser = as.head, entity = 'mincul') => {
  const res = await b.api('GET', `/api/entities/${entity}/people`);
  expect(res.status).toBe(200);
  return res.json.people as PersonRow[];
};
const inRoster = async (email: string) => (await roster()).find((p) => p.email === email);
const idOf = async (email: string) => String((await personModel(t.db).findOne({ email }).lean())!._id);
const addPerson = (b: Browser, body: Record<string, unknown>, entity = 'mincul') => b.api('POST', `/api/entities/${entity}/people`, body);
const changePerson = async (b: Browser, email: string, body: unknown) => b.api('PATCH', `/api/entities/mincul/people/${await idOf(email)}`, body);
const auditRows = (filter: Record<string, unknown>) => auditModel(t.db).find(filter).sort({ _id: 1 }).lean<AuditDoc[]>();
const count = (action: AuditAction, filter: Record<string, unknown> = {}) => auditModel(t.db).countDocuments({ action, ...filter });
const withKey = (key: string, path: string, init: RequestInit = {}) =>
  fetch(`${t.url}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, ...(init.body ? { 'content-type': 'application/json' } : {}) } });
/** A JSON call whose response headers matter (Location, Cache-Control), with the session's CSRF header. */
const send = async (b: Browser, method: string, path: string, body: unknown) => {
  if (!b.csrf) await b.open('/');
  return b.fetch(path, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': b.csrf }, body: JSON.stringify(body) });
};
/** Refusals are recorded after the answer is sent: wait (boundedly) for the row to land. */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  let v = await read();
  for (let i = 0; i < 50 && !ok(v); i++) {
    await new Promise((r) => setTimeout(r, 100));
    v = await read();
  }
  return v;
}
const fieldsOf = (res: { json: any }) => (res.json.error.details as Array<{ field: string }>).map((d) => d.field);

describe('roster (issue #3 §1)', () => {
  it('the head adds a person with an institutional address (201), who then appears in the roster with their role', async () => {
    const res = await addPerson(as.head, { name: 'Elena Paz Ríos', email: 'epaz@cultura.gob.pe', phone: '+51 911 222 333', role: 'team' });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: 'Elena Paz Ríos', email: 'epaz@cultura.gob.pe', role: 'team' });
    expect(res.json.personId).toMatch(/^[0-9a-f]{24}$/);
    expect(await inRoster('epaz@cultura.gob.pe')).toMatchObject({ personId: res.json.personId, role: 'team' });
  });

  it('adding a person is audited as roster.added: by the head, about the person, with the role and never the phone (Ley 29733)', async () => {
    const [row, ...more] = await auditRows({ action: 'roster.added', subject: 'epaz@cultura.gob.pe' });
    expect(more).toEqual([]);
    expect(row).toMatchObject({ entityId: 'mincul', actor: { kind: 'person', email: HEAD }, detail: 'Rol: team' });
    expect(row!.ip).toBeTruthy();
    expect(JSON.stringify(row)).not.toMatch(/911|222 333/);
  });

  it('PCM 5.2.4: a second head is refused with 409 roster_conflict naming the current head, and nobody is added', async () => {
    const res = await addPerson(as.head, { name: 'Olga Jefa', email: 'ojefa@cultura.gob.pe', role: 'head' });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('roster_conflict');
    expect(res.json.error.details[0]).toMatchObject({ field: 'role', rule: 'PCM 5.2.4' });
    expect(res.json.error.message).toContain(HEAD);
    expect(await personModel(t.db).findOne({ email: 'ojefa@cultura.gob.pe' }).lean()).toBeNull();
    expect(await count('roster.added', { subject: 'ojefa@cultura.gob.pe' })).toBe(0);
  });

  it('PCM 6.1.1.5: making someone second in command while there is one is refused with 409 roster_conflict, and their role stays', async () => {
    const res = await changePerson(as.head, CM, { role: 'second' });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('roster_conflict');
    expect(res.json.error.details[0].rule).toBe('PCM 6.1.1.5');
    expect((await inRoster(CM))?.role).toBe('cm');
  });

  it('PCM 5.2.4: the head\'s role passes to someone else only after the current head steps down; the former head loses the head\'s powers at once', async () => {
    expect((await changePerson(as.admin, 'epaz@cultura.gob.pe', { role: 'head' })).status).toBe(409);
    expect((await changePerson(as.admin, HEAD, { role: 'team' })).status).toBe(200);
    expect((await changePerson(as.admin, 'epaz@cultura.gob.pe', { role: 'head' })).status).toBe(200);
    expect((await roster(as.admin)).filter((p) => p.role === 'head').map((p) => p.email)).toEqual(['epaz@cultura.gob.pe']);
    expect((await addPerson(as.head, { name: 'X', email: 'x@cultura.gob.pe', role: 'team' })).status).toBe(403);
    // Back as it was, in the order the rule allows.
    expect((await changePerson(as.admin, 'epaz@cultura.gob.pe', { role: 'team' })).status).toBe(200);
    expect((await changePerson(as.admin, HEAD, { role: 'head' })).status).toBe(200);
    expect((await auditRows({ action: 'roster.changed', subject: HEAD })).map((r) => r.detail)).toEqual(['rol: head → team', 'rol: team → head']);
  });

  it('PCM 6.1.1.4: a personal address or another entity\'s address is refused with 400 citing PCM 6.1.1.4', async () => {
    for (const email of ['elena.paz@gmail.com', 'epaz@congreso.gob.pe', 'epaz@cultura.gob.pe.evil.com']) {
      const res = await addPerson(as.head, { name: 'Elena Paz', email, role: 'team' });
      expect([email, res.status, res.json.error.code]).toEqual([email, 400, 'validation_failed']);
      expect(res.json.error.details).toEqual([expect.objectContaining({ field: 'email', rule: 'PCM 6.1.1.4' })]);
    }
  });

  it('someone already on the roster is refused with 409 conflict, whatever the letter case or spacing of the address', async () => {
    const res = await addPerson(as.head, { name: 'Elena Paz', email: '  EPaz@Cultura.GOB.pe ', role: 'cm' });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('conflict');
    expect((await roster()).filter((p) => p.email === 'epaz@cultura.gob.pe')).toHaveLength(1);
  });

  it('a malformed person answers 400 with one detail per field; unknown fields such as platformAdmin are refused, not ignored', async () => {
    const res = await addPerson(as.head, { name: '', email: 'no-es-correo', role: 'jefe', phone: 'llámeme', platformAdmin: true });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(expect.arrayContaining(['name', 'email', 'role', 'phone']));
    expect(res.json.error.details.length).toBeGreaterThanOrEqual(5);
    const sneaky = await addPerson(as.head, { name: 'Ana', email: 'ana@cultura.gob.pe', role: 'team', supervisor: true });
    expect(sneaky.status).toBe(400);
    expect(await personModel(t.db).findOne({ email: 'ana@cultura.gob.pe' }).lean()).toBeNull();
  });

  it('changing a role answers 200, applies on the person\'s next call without signing in again, and is audited as roster.changed before → after', async () => {
    expect((await addPerson(as.head, { name: 'Fabio García', email: 'fgarcia@cultura.gob.pe', phone: '+51 922 333 444', role: 'requester', unit: 'Dirección de Museos' })).status).toBe(201);
    const fabio = await signedIn('fgarcia@cultura.gob.pe');
    expect((await fabio.api('GET', '/api/entities/mincul/people')).status).toBe(403);
    const changed = await changePerson(as.head, 'fgarcia@cultura.gob.pe', { role: 'team' });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ email: 'fgarcia@cultura.gob.pe', role: 'team', unit: 'Dirección de Museos' });
    expect((await fabio.api('GET', '/api/entities/mincul/people')).status).toBe(200);
    const rows = await auditRows({ action: 'roster.changed', subject: 'fgarcia@cultura.gob.pe' });
    expect(rows.map((r) => [r.actor.email, r.entityId, r.detail])).toEqual([[HEAD, 'mincul', 'rol: requester → team']]);
  });

  it('Ley 29733: a phone change is audited as "teléfono actualizado", never with the number', async () => {
    const res = await changePerson(as.head, 'epaz@cultura.gob.pe', { phone: '+51 944 555 666' });
    expect(res.status).toBe(200);
    expect((await inRoster('epaz@cultura.gob.pe'))?.phone).toBe('+51 944 555 666');
    const last = (await auditRows({ action: 'roster.changed', subject: 'epaz@cultura.gob.pe' })).at(-1);
    expect(last?.detail).toBe('teléfono actualizado');
    expect(JSON.stringify(last)).not.toMatch(/944|555 666/);
  });

  it('marking `left: true` answers 200 and the person disappears from GET /api/entities/mincul/people; the row says they left', async () => {
    expect((await addPerson(as.head, { name: 'Irene Ruiz', email: 'iruiz@cultura.gob.pe', role: 'cm' })).status).toBe(201);
    const res = await changePerson(as.head, 'iruiz@cultura.gob.pe', { left: true });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ left: true });
    expect(await inRoster('iruiz@cultura.gob.pe')).toBeUndefined();
    expect((await auditRows({ action: 'roster.changed', subject: 'iruiz@cultura.gob.pe' })).map((r) => r.detail)).toEqual(['dejó la oficina']);
    // Someone who left is no longer on the roster to be changed.
    expect((await changePerson(as.head, 'iruiz@cultura.gob.pe', { role: 'team' })).status).toBe(404);
  });

  it('every roster write bumps the entity\'s rosterRevision, which workers key their roster cache on (registry/rosterCache.ts)', async () => {
    const revision = async () => (await entityModel(t.db).findById('mincul').lean())!.rosterRevision ?? 0;
    const seen = [await revision()];
    expect((await addPerson(as.head, { name: 'Nora Vidal', email: 'nvidal@cultura.gob.pe', role: 'requester' })).status).toBe(201);
    seen.push(await revision());
    expect((await changePerson(as.head, 'nvidal@cultura.gob.pe', { role: 'team' })).status).toBe(200);
    seen.push(await revision());
    expect((await changePerson(as.head, 'nvidal@cultura.gob.pe', { name: 'Nora Vidal Soto' })).status).toBe(200);
    seen.push(await revision());
    expect((await changePerson(as.head, 'nvidal@cultura.gob.pe', { left: true })).status).toBe(200);
    seen.push(await revision());
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]!);
  });

  it('a person who left can be registered again (201) and appears once', async () => {
    const res = await addPerson(as.head, { name: 'Irene Ruiz', email: 'iruiz@cultura.gob.pe', role: 'team' });
    expect(res.status).toBe(201);
    expect((await roster()).filter((p) => p.email === 'iruiz@cultura.gob.pe').map((p) => p.role)).toEqual(['team']);
  });

  it('the head cannot change another entity\'s roster (403); a person not on this roster, or a malformed id, is 404', async () => {
    expect((await addPerson(as.head, { name: 'X', email: 'x@congreso.gob.pe', role: 'team' }, 'congreso')).status).toBe(403);
    expect((await as.head.api('PATCH', `/api/entities/congreso/people/${await idOf(OTHER_HEAD)}`, { role: 'team' })).status).toBe(403);
    expect((await changePerson(as.head, OTHER_HEAD, { role: 'team' })).status).toBe(404);
    expect((await as.head.api('PATCH', '/api/entities/mincul/people/no-es-un-id', { role: 'team' })).status).toBe(404);
    expect((await roster(as.otherHead, 'congreso')).find((p) => p.email === OTHER_HEAD)?.role).toBe('head');
  });

  it('PCM 5.2.4: the second in command, the community manager, a requesting unit and the SCS supervisor cannot change the roster (403)', async () => {
    for (const b of [as.second, as.cm, as.requester, as.scs]) {
      expect((await addPerson(b, { name: 'X', email: 'x@cultura.gob.pe', role: 'team' })).status).toBe(403);
      expect((await changePerson(b, REQUESTER, { role: 'cm' })).status).toBe(403);
    }
    expect((await inRoster(REQUESTER))?.role).toBe('requester');
  });

  it('the platform admin manages rosters too (201), and is named as the actor', async () => {
    expect((await addPerson(as.admin, { name: 'Mario Luna Jr', email: 'mluna2@congreso.gob.pe', role: 'team' }, 'congreso')).status).toBe(201);
    expect(await count('roster.added', { subject: 'mluna2@congreso.gob.pe', entityId: 'congreso', 'actor.email': ADMIN })).toBe(1);
  });
});

describe('personal data (Ley 29733: phones only for those who need them, and who saw them is recorded)', () => {
  it('the head, the second in command and the community manager see the roster\'s phones', async () => {
    for (const b of [as.head, as.second, as.cm]) {
      const people = await roster(b);
      expect(people.find((p) => p.email === HEAD)?.phone).toBe(HEAD_PHONE);
      expect(people.find((p) => p.email === CM)?.phone).toBe(CM_PHONE);
    }
  });

  it('a read with phones writes roster.viewed: who, which entity, from where — and not the phones themselves', async () => {
    const before = await count('roster.viewed', { 'actor.email': HEAD });
    await as.head.fetch('/api/entities/mincul/people', { headers: { 'user-agent': 'Navegador de prueba 1.0' } });
    const rows = await auditRows({ action: 'roster.viewed', 'actor.email': HEAD });
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ entityId: 'mincul', actor: { kind: 'person', email: HEAD }, userAgent: 'Navegador de prueba 1.0', detail: 'Nómina con teléfonos' });
    expect(rows.at(-1)!.ip).toBeTruthy();
    expect(JSON.stringify(rows.at(-1))).not.toContain('900 000');
  });

  it('a team member sees the roster without other people\'s phones, only their own, and their read writes no roster.viewed', async () => {
    const fabio = await signedIn('fgarcia@cultura.gob.pe');
    const people = await roster(fabio);
    expect(people.map((p) => p.email)).toEqual(expect.arrayContaining([HEAD, CM, 'fgarcia@cultura.gob.pe']));
    expect(people.filter((p) => p.phone !== undefined).map((p) => [p.email, p.phone])).toEqual([['fgarcia@cultura.gob.pe', '+51 922 333 444']]);
    expect(await count('roster.viewed', { 'actor.email': 'fgarcia@cultura.gob.pe' })).toBe(0);
  });

  it('a requesting unit does not read the roster at all (403)', async () => {
    const res = await as.requester.api('GET', '/api/entities/mincul/people');
    expect(res.status).toBe(403);
    expect(res.text).not.toContain('900 000');
  });

  it('the SCS supervisor reads phones of entities under PCM (recorded as roster.viewed), and no roster of the Congress (403)', async () => {
    expect((await roster(as.scs)).find((p) => p.email === HEAD)?.phone).toBe(HEAD_PHONE);
    expect(await count('roster.viewed', { 'actor.email': SCS, entityId: 'mincul' })).toBe(1);
    expect((await as.scs.api('GET', '/api/entities/congreso/people')).status).toBe(403);
  });

  it('another entity\'s head sees nothing of this roster (403)', async () => {
    expect((await as.otherHead.api('GET', '/api/entities/mincul/people')).status).toBe(403);
  });
});

describe('removal signs a person out at once', () => {
  it('a person whose last role is removed is signed out at once: their next API call answers 401', async () => {
    expect((await addPerson(as.head, { name: 'Hugo León', email: 'hleon@cultura.gob.pe', role: 'team' })).status).toBe(201);
    const hugo = await signedIn('hleon@cultura.gob.pe');
    expect((await hugo.api('GET', '/api/me')).status).toBe(200);
    expect((await hugo.api('GET', '/api/entities/mincul/people')).status).toBe(200);
    expect((await changePerson(as.head, 'hleon@cultura.gob.pe', { left: true })).status).toBe(200);
    const me = await hugo.api('GET', '/api/me');
    expect(me.status).toBe(401);
    expect(me.json.error.code).toBe('unauthenticated');
    expect((await hugo.api('GET', '/api/entities/mincul/people')).status).toBe(401);
  });

  it('leaving the last office deletes every session of the person at once, so registering them again does not bring an old session back', async () => {
    expect((await addPerson(as.head, { name: 'Lucía Vega', email: 'lvega@cultura.gob.pe', role: 'team' })).status).toBe(201);
    const lucia = await signedIn('lvega@cultura.gob.pe');
    const luciaId = await idOf('lvega@cultura.gob.pe');
    const sessionsOf = () => sessionModel(t.db).countDocuments({ personId: luciaId });
    expect(await sessionsOf()).toBe(1);
    expect((await changePerson(as.head, 'lvega@cultura.gob.pe', { left: true })).status).toBe(200);
    expect(await sessionsOf()).toBe(0);
    // Back on the roster before the old browser was used again: that browser must still sign in anew.
    expect((await addPerson(as.head, { name: 'Lucía Vega', email: 'lvega@cultura.gob.pe', role: 'team' })).status).toBe(201);
    expect((await lucia.api('GET', '/api/me')).status).toBe(401);
    await lucia.signIn('lvega@cultura.gob.pe', t.mailbox);
    expect((await lucia.api('GET', '/api/me')).json).toMatchObject({ email: 'lvega@cultura.gob.pe', memberships: [{ entityId: 'mincul', role: 'team' }] });
  });

  it('a sign-in link emailed before the person left no longer signs them in', async () => {
    expect((await addPerson(as.head, { name: 'Julia Mora', email: 'jmora@cultura.gob.pe', role: 'team' })).status).toBe(201);
    const julia = new Browser(t.url);
    const seen = new Set(t.mailbox.list().map((m) => m.id));
    await julia.open('/ingresar');
    expect((await julia.submit('/ingresar', { email: 'jmora@cultura.gob.pe' })).status).toBe(200);
    const mail = await t.mailbox.waitFor((m) => m.to.includes('jmora@cultura.gob.pe') && !seen.has(m.id));
    expect((await changePerson(as.head, 'jmora@cultura.gob.pe', { left: true })).status).toBe(200);
    const used = await julia.follow(linkIn(mail, 'Ingresar a Custodio'));
    expect(used.status).toBe(403);
    expect((await julia.api('GET', '/api/me')).status).toBe(401);
  });

  it('someone who leaves one entity but holds a role in another stays signed in, with the remaining role only', async () => {
    const bnp = { id: 'bnp', name: 'Biblioteca Nacional del Perú', profile: 'PCM', emailDomains: ['bnp.gob.pe', 'cultura.gob.pe'], location: 'San Borja, Lima', supervisorEmail: SCS };
    expect((await as.admin.api('POST', '/api/entities', bnp)).status).toBe(201);
    expect((await addPerson(as.admin, { name: 'Elena Paz Ríos', email: 'epaz@cultura.gob.pe', role: 'cm' }, 'bnp')).status).toBe(201);
    const elena = await signedIn('epaz@cultura.gob.pe');
    expect((await changePerson(as.head, 'epaz@cultura.gob.pe', { left: true })).status).toBe(200);
    const me = await elena.api('GET', '/api/me');
    expect(me.status).toBe(200);
    expect(me.json.memberships).toEqual([{ entityId: 'bnp', role: 'cm' }]);
    expect(await sessionModel(t.db).countDocuments({ personId: await idOf('epaz@cultura.gob.pe') })).toBeGreaterThan(0);
    expect((await elena.api('GET', '/api/entities/mincul/people')).status).toBe(403);
  });
});

describe('entity policy: the head tunes it within the directive, the platform admin owns the structure', () => {
  it('the head sets decreed non-working days (200), GET shows them, and entity.changed records before → after', async () => {
    const res = await as.head.api('PATCH', '/api/entities/mincul', { nonWorkingDays: ['2026-07-27', '2026-12-24'] });
    expect(res.status).toBe(200);
    expect(res.json.nonWorkingDays).toEqual(['2026-07-27', '2026-12-24']);
    expect((await as.cm.api('GET', '/api/entities/mincul')).json.nonWorkingDays).toEqual(['2026-07-27', '2026-12-24']);
    const row = (await auditRows({ action: 'entity.changed', entityId: 'mincul' })).at(-1);
    expect(row).toMatchObject({ actor: { kind: 'person', email: HEAD }, detail: 'nonWorkingDays: [] → ["2026-07-27","2026-12-24"]' });
  });

  it('the head changes the reminder plan (200), and entity.changed records the plan before → after', async () => {
    const plan = { remindAfter: [1, 3], escalateAfter: 4, repeatEvery: 2 };
    const res = await as.head.api('PATCH', '/api/entities/mincul', { decisionPlan: plan });
    expect(res.status).toBe(200);
    expect(res.json.decisionPlan).toEqual(plan);
    const row = (await auditRows({ action: 'entity.changed', entityId: 'mincul' })).at(-1);
    expect(row?.detail).toBe(`decisionPlan: ${JSON.stringify(DEFAULT_REMINDER_PLAN)} → ${JSON.stringify(plan)}`);
  });

  it('dates that do not exist, other date formats and an unordered plan answer 400 with one detail per problem, and nothing changes', async () => {
    const res = await as.head.api('PATCH', '/api/entities/mincul', { nonWorkingDays: ['2026-02-30', '24/12/2026'], decisionPlan: { remindAfter: [4, 2], escalateAfter: 0 } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
    expect(fieldsOf(res)).toEqual(expect.arrayContaining(['nonWorkingDays.0', 'nonWorkingDays.1', 'decisionPlan.remindAfter', 'decisionPlan.escalateAfter']));
    const entity = (await as.head.api('GET', '/api/entities/mincul')).json;
    expect(entity.nonWorkingDays).toEqual(['2026-07-27', '2026-12-24']);
    expect(entity.decisionPlan.remindAfter).toEqual([1, 3]);
  });

  it('an empty change or an unknown setting answers 400', async () => {
    expect((await as.head.api('PATCH', '/api/entities/mincul', {})).status).toBe(400);
    const unknown = await as.head.api('PATCH', '/api/entities/mincul', { horario: '8:00-19:00' });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.code).toBe('validation_failed');
  });

  it('PATCHing name, profile, domains or the supervisor address is 403 for the head, even mixed with a policy change, and nothing changes', async () => {
    const before = (await as.head.api('GET', '/api/entities/mincul')).json;
    for (const body of [{ name: 'Ministerio de las Culturas' }, { profile: 'INPE' }, { emailDomains: ['gmail.com'] }, { supervisorEmail: 'yo@cultura.gob.pe' }, { nonWorkingDays: ['2026-12-31'], name: 'Otro' }]) {
      const res = await as.head.api('PATCH', '/api/entities/mincul', body);
      expect([body, res.status, res.json.error.code]).toEqual([body, 403, 'forbidden']);
    }
    expect((await as.head.api('GET', '/api/entities/mincul')).json).toEqual(before);
    // The refusals are in the entity's own trail, where its head reads them.
    const refusals = () => count('access.denied', { 'actor.email': HEAD, entityId: 'mincul', detail: 'PATCH /api/entities/mincul' });
    expect(await eventually(refusals, (n) => n >= 5)).toBe(5);
  });

  it('the platform admin changes the name and the profile (200), audited as entity.changed before → after', async () => {
    const res = await as.admin.api('PATCH', '/api/entities/bnp', { name: 'Biblioteca Nacional', profile: 'SENACE' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: 'Biblioteca Nacional', profile: 'SENACE' });
    const row = (await auditRows({ action: 'entity.changed', entityId: 'bnp' })).at(-1);
    expect(row).toMatchObject({ actor: { email: ADMIN }, detail: 'name: "Biblioteca Nacional del Perú" → "Biblioteca Nacional"; profile: "PCM" → "SENACE"' });
  });

  it('the second in command, the community manager and another entity\'s head cannot tune the policy (403); an unknown entity is 404', async () => {
    for (const b of [as.second, as.cm, as.otherHead]) expect((await b.api('PATCH', '/api/entities/mincul', { nonWorkingDays: [] })).status).toBe(403);
    expect((await as.head.api('PATCH', '/api/entities/no-existe', { nonWorkingDays: [] })).status).toBe(404);
  });
});

describe('entities: only the platform admin creates them', () => {
  const produce = { id: 'produce', name: 'Ministerio de la Producción', profile: 'PCM', emailDomains: ['produce.gob.pe'], location: 'San Isidro, Lima', supervisorEmail: 'RRSS_SCS@pcm.gob.pe' };

  it('POST /api/entities by the platform admin creates (201, Location), with empty lists and the default reminder plan, audited as entity.created', async () => {
    const res = await send(as.admin, 'POST', '/api/entities', produce);
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/api/entities/produce');
    expect(await res.json()).toMatchObject({ id: 'produce', supervisorEmail: SCS, nonWorkingDays: [], officialHosts: [], decisionPlan: DEFAULT_REMINDER_PLAN });
    expect((await auditRows({ action: 'entity.created', entityId: 'produce' })).map((r) => [r.actor.email, r.detail])).toEqual([[ADMIN, 'Ministerio de la Producción (perfil PCM)']]);
  });

  it('a duplicate id answers 409 conflict and leaves the existing entity as it was', async () => {
    const res = await as.admin.api('POST', '/api/entities', { ...produce, name: 'Otro nombre' });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('conflict');
    expect((await as.admin.api('GET', '/api/entities/produce')).json.name).toBe('Ministerio de la Producción');
    expect((await as.admin.api('POST', '/api/entities', { ...produce, id: 'mincul' })).status).toBe(409);
    expect((await as.admin.api('GET', '/api/entities/mincul')).json.name).toBe('Ministerio de Cultura');
  });

  it('the head and the SCS supervisor get 403, nobody signed in gets 401, and nothing is created', async () => {
    expect((await as.head.api('POST', '/api/entities', { ...produce, id: 'por-jefa' })).status).toBe(403);
    expect((await as.scs.api('POST', '/api/entities', { ...produce, id: 'por-scs' })).status).toBe(403);
    const anonymous = await fetch(`${t.url}/api/entities`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...produce, id: 'por-nadie' }) });
    expect(anonymous.status).toBe(401);
    expect(await count('entity.created', { entityId: trusted({ $in: ['por-jefa', 'por-scs', 'por-nadie'] }) })).toBe(0);
  });

  it('an invalid entity answers 400 naming each field', async () => {
    const res = await as.admin.api('POST', '/api/entities', { id: 'Mal Id', name: '', profile: 'OTRO', emailDomains: ['no dominio'], location: 'Lima', supervisorEmail: 'x' });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(expect.arrayContaining(['id', 'name', 'profile', 'emailDomains.0', 'supervisorEmail']));
  });
});

describe('API keys (issue #3 §2)', () => {
  let key = '';
  let keyId = '';

  it('the head creates a key: 201, shown once with Cache-Control: no-store, as cust_<id>_<secret>, audited without the secret', async () => {
    const res = await send(as.head, 'POST', '/api/entities/mincul/api-keys', { label: 'Mesa de partes digital' });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    ({ key, id: keyId } = body);
    expect(key).toMatch(/^cust_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(key.split('_')[1]).toBe(keyId);
    expect(body).toMatchObject({ entityId: 'mincul', label: 'Mesa de partes digital', createdBy: HEAD });
    expect(body).not.toHaveProperty('hash');
    const rows = await auditRows({ action: 'apiKey.created', entityId: 'mincul' });
    expect(rows.map((r) => r.detail)).toEqual([`Clave ${keyId}: Mesa de partes digital`]);
    expect(JSON.stringify(rows)).not.toContain(key.slice(18));
  });

  it('the list shows label, author and dates, never the secret or its hash; the database keeps only the SHA-256 of the secret', async () => {
    const res = await as.head.api('GET', '/api/entities/mincul/api-keys');
    expect(res.status).toBe(200);
    expect(res.json.apiKeys).toEqual([expect.objectContaining({ id: keyId, label: 'Mesa de partes digital', createdBy: HEAD, createdAt: expect.any(String) })]);
    expect(res.json.apiKeys[0]).not.toHaveProperty('key');
    expect(res.json.apiKeys[0]).not.toHaveProperty('hash');
    const secret = key.slice(`cust_${keyId}_`.length);
    expect(res.text).not.toContain(secret);
    const stored = await t.db.collection('api_keys').findOne({ _id: keyId as never });
    expect(stored?.hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it('the key authenticates GET /api/account-requests (200) and acts for its own entity only', async () => {
    expect((await withKey(key, '/api/account-requests')).status).toBe(200);
    const me = await (await withKey(key, '/api/me')).json();
    expect(me).toMatchObject({ kind: 'apiKey', keyId, entityId: 'mincul' });
    const listed = await (await withKey(key, '/api/entities')).json();
    expect(listed.entities.map((e: { id: string }) => e.id)).toEqual(['mincul']);
    expect((await withKey(key, '/api/entities/congreso')).status).toBe(403);
  });

  it('Ley 29733: the key reads neither the roster nor the audit trail (403)', async () => {
    const people = await withKey(key, '/api/entities/mincul/people');
    expect(people.status).toBe(403);
    expect(await people.text()).not.toContain('900 000');
    expect((await withKey(key, '/api/audit')).status).toBe(403);
  });

  it('an API key cannot create, list or revoke keys (403)', async () => {
    const mint = await withKey(key, '/api/entities/mincul/api-keys', { method: 'POST', body: JSON.stringify({ label: 'otra' }) });
    expect(mint.status).toBe(403);
    expect((await withKey(key, '/api/entities/mincul/api-keys')).status).toBe(403);
    expect((await withKey(key, `/api/entities/mincul/api-keys/${keyId}`, { method: 'DELETE' })).status).toBe(403);
    expect(await count('apiKey.created', { entityId: 'mincul' })).toBe(1);
  });

  it('the community manager and another entity\'s head cannot manage the keys (403); revoking through another entity\'s path is 404 and the key keeps working', async () => {
    expect((await as.cm.api('GET', '/api/entities/mincul/api-keys')).status).toBe(403);
    expect((await as.cm.api('POST', '/api/entities/mincul/api-keys', { label: 'mía' })).status).toBe(403);
    expect((await as.otherHead.api('DELETE', `/api/entities/mincul/api-keys/${keyId}`)).status).toBe(403);
    expect((await as.otherHead.api('DELETE', `/api/entities/congreso/api-keys/${keyId}`)).status).toBe(404);
    expect((await withKey(key, '/api/account-requests')).status).toBe(200);
  });

  it('revoking answers 204 and the key answers 401 invalid_api_key at once; the list shows who revoked it; revoking again is 404', async () => {
    expect((await as.head.api('DELETE', `/api/entities/mincul/api-keys/${keyId}`)).status).toBe(204);
    const after = await withKey(key, '/api/account-requests');
    expect(after.status).toBe(401);
    expect((await after.json()).error.code).toBe('invalid_api_key');
    const listed = (await as.head.api('GET', '/api/entities/mincul/api-keys')).json.apiKeys;
    expect(listed[0]).toMatchObject({ id: keyId, revokedBy: HEAD, revokedAt: expect.any(String) });
    expect((await as.head.api('DELETE', `/api/entities/mincul/api-keys/${keyId}`)).status).toBe(404);
    expect((await auditRows({ action: 'apiKey.revoked', entityId: 'mincul' })).map((r) => [r.actor.email, r.detail])).toEqual([[HEAD, `Clave ${keyId}`]]);
  });

  it('a garbage, truncated or tampered key answers 401 invalid_api_key, whatever the route', async () => {
    const fresh = (await as.head.api('POST', '/api/entities/mincul/api-keys', { label: 'para alterar' })).json as { key: string };
    const tampered = fresh.key.slice(0, -1) + (fresh.key.endsWith('A') ? 'B' : 'A');
    for (const header of ['Bearer garbage', `Bearer ${fresh.key.slice(0, -2)}`, `Bearer ${tampered}`, `Bearer cust_000000000000_${'A'.repeat(43)}`, 'Basic YWRtaW46YWRtaW4=', fresh.key]) {
      for (const path of ['/api/me', '/api/account-requests', '/api/entities/mincul']) {
        const res = await fetch(`${t.url}${path}`, { headers: { authorization: header } });
        expect([header, path, res.status, (await res.json()).error.code]).toEqual([header, path, 401, 'invalid_api_key']);
      }
    }
    expect((await withKey(fresh.key, '/api/me')).status).toBe(200);
  });

  it('the list records when a key was last used', async () => {
    const listed = (await as.head.api('GET', '/api/entities/mincul/api-keys')).json.apiKeys as Array<{ label: string; lastUsedAt?: string }>;
    const used = listed.find((k) => k.label === 'para alterar');
    expect(Number.isNaN(Date.parse(used?.lastUsedAt ?? ''))).toBe(false);
  });
});

describe('simultaneous changes: claims in roster_claims settle them (FerretDB has no transactions)', () => {
  const N = 5;
  const newEntity = async (id: string, domain: string) => {
    const body = { id, name: `Entidad ${id}`, profile: 'PCM', emailDomains: [domain], location: 'Lima', supervisorEmail: SCS };
    expect((await as.admin.api('POST', '/api/entities', body)).status).toBe(201);
  };
  /** Status and error code of each answer, sorted: the order in which simultaneous requests finish varies. */
  const outcome = (answers: Array<{ status: number; json: any }>) => answers.map((a) => `${a.status}${a.json?.error ? ` ${a.json.error.code}` : ''}`).sort();
  const claimsOf = async (entityId: string) => (await rosterClaimModel(t.db).find({ entityId }).sort({ _id: 1 }).lean()).map((c) => `${c._id} ← ${c.email}`);
  const holders = async (entity: string, role: string) => (await roster(as.admin, entity)).filter((p) => p.role === role).map((p) => p.email);
  const changeIn = async (entity: string, email: string, body: unknown) => as.admin.api('PATCH', `/api/entities/${entity}/people/${await idOf(email)}`, body);

  it('PCM 5.2.4: five heads added at the same moment: one 201, four 409 roster_conflict citing PCM 5.2.4, and the entity has exactly that one head', async () => {
    await newEntity('sunafil', 'sunafil.gob.pe');
    const answers = await Promise.all([...Array(N).keys()].map((n) => addPerson(as.admin, { name: `Jefe ${n}`, email: `jefe${n}@sunafil.gob.pe`, role: 'head' }, 'sunafil')));
    expect(outcome(answers)).toEqual(['201', ...Array(N - 1).fill('409 roster_conflict')]);
    for (const a of answers.filter((r) => r.status === 409)) expect(a.json.error.details[0]).toMatchObject({ field: 'role', rule: 'PCM 5.2.4' });
    const winner = answers.find((a) => a.status === 201)!.json.email as string;
    expect(await holders('sunafil', 'head')).toEqual([winner]);
    // Those refused left nothing behind: no person, no claim, no audit row.
    expect(await personModel(t.db).countDocuments({ email: trusted({ $regex: /^jefe\d@sunafil/ }) })).toBe(1);
    expect(await claimsOf('sunafil')).toEqual([`sunafil:member:${winner} ← ${winner}`, `sunafil:role:head ← ${winner}`]);
    expect(await count('roster.added', { entityId: 'sunafil' })).toBe(1);
  });

  it('the same person added five times at the same moment is registered once: one 201, four 409 conflict, never a 500 or a double entry', async () => {
    await newEntity('sunarp', 'sunarp.gob.pe');
    const answers = await Promise.all([...Array(N).keys()].map(() => addPerson(as.admin, { name: 'Karen Soto', email: 'ksoto@sunarp.gob.pe', role: 'team' }, 'sunarp')));
    expect(outcome(answers)).toEqual(['201', ...Array(N - 1).fill('409 conflict')]);
    expect((await roster(as.admin, 'sunarp')).filter((p) => p.email === 'ksoto@sunarp.gob.pe')).toHaveLength(1);
    const karen = await personModel(t.db).find({ email: 'ksoto@sunarp.gob.pe' }).lean();
    expect(karen.map((p) => p.memberships.length)).toEqual([1]);
    expect(await claimsOf('sunarp')).toEqual(['sunarp:member:ksoto@sunarp.gob.pe ← ksoto@sunarp.gob.pe']);
  });

  it('PCM 6.1.1.5: two members made second in command at the same moment: one 200, one 409 roster_conflict, and one second in command', async () => {
    for (const who of ['lrios', 'mvera']) expect((await addPerson(as.admin, { name: who, email: `${who}@sunarp.gob.pe`, role: 'team' }, 'sunarp')).status).toBe(201);
    const answers = await Promise.all(['lrios', 'mvera'].map((who) => changeIn('sunarp', `${who}@sunarp.gob.pe`, { role: 'second' })));
    expect(outcome(answers)).toEqual(['200', '409 roster_conflict']);
    expect(answers.find((a) => a.status === 409)!.json.error.details[0].rule).toBe('PCM 6.1.1.5');
    const winner = answers.find((a) => a.status === 200)!.json.email as string;
    expect(await holders('sunarp', 'second')).toEqual([winner]);
    expect((await claimsOf('sunarp')).filter((c) => c.includes(':role:'))).toEqual([`sunarp:role:second ← ${winner}`]);
  });

  it('PCM 5.2.4: adding a head while a member is made head, at the same moment: one succeeds, the other is 409 roster_conflict', async () => {
    const answers = await Promise.all([
      addPerson(as.admin, { name: 'Nora Jefa', email: 'njefa@sunarp.gob.pe', role: 'head' }, 'sunarp'),
      changeIn('sunarp', 'ksoto@sunarp.gob.pe', { role: 'head' }),
    ]);
    expect(answers.map((a) => a.status).filter((s) => s < 300)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).map((a) => a.json.error.code)).toEqual(['roster_conflict']);
    expect(await holders('sunarp', 'head')).toHaveLength(1);
  });

  it('PCM 5.2.4: handing over the head\'s role frees its claim at once, so the next head is accepted; leaving frees the person\'s claims', async () => {
    const [head] = await holders('sunafil', 'head');
    expect((await changeIn('sunafil', head!, { role: 'team' })).status).toBe(200);
    expect(await claimsOf('sunafil')).toEqual([`sunafil:member:${head} ← ${head}`]);
    expect((await addPerson(as.admin, { name: 'Otro Jefe', email: 'ojefe@sunafil.gob.pe', role: 'head' }, 'sunafil')).status).toBe(201);
    expect((await changeIn('sunafil', head!, { left: true })).status).toBe(200);
    expect(await claimsOf('sunafil')).toEqual(['sunafil:member:ojefe@sunafil.gob.pe ← ojefe@sunafil.gob.pe', 'sunafil:role:head ← ojefe@sunafil.gob.pe']);
  });

  it('the same new person added to two entities at the same moment: never a 500; a 409 conflict asks to try again, and then each roster lists them once', async () => {
    await newEntity('sunat', 'sunat.gob.pe');
    await newEntity('sunat-aduanas', 'sunat.gob.pe');
    const entities = ['sunat', 'sunat-aduanas'];
    const answers = await Promise.all(entities.map((e) => addPerson(as.admin, { name: 'Pía Ochoa', email: 'pochoa@sunat.gob.pe', role: 'cm' }, e)));
    expect(answers.map((a) => a.status).filter((s) => s !== 201 && s !== 409)).toEqual([]);
    for (const [i, a] of answers.entries()) {
      if (a.status === 409) {
        expect(a.json.error.code).toBe('conflict');
        expect((await addPerson(as.admin, { name: 'Pía Ochoa', email: 'pochoa@sunat.gob.pe', role: 'cm' }, entities[i])).status).toBe(201);
      }
    }
    const [pia, ...more] = await personModel(t.db).find({ email: 'pochoa@sunat.gob.pe' }).lean();
    expect(more).toEqual([]);
    expect(pia!.memberships.map((m) => m.entityId).sort()).toEqual(entities);
  });

  it('a write that fails after the claims leaves nothing behind: the address and the role are free at once (500, then 201)', async () => {
    const create = jest.spyOn(personModel(t.db), 'create').mockRejectedValueOnce(new Error('disco lleno'));
    try {
      const failed = await addPerson(as.admin, { name: 'Raúl Jefe', email: 'rjefe@sunat.gob.pe', role: 'head' }, 'sunat');
      expect([failed.status, failed.json.error.code]).toEqual([500, 'internal']);
    } finally {
      create.mockRestore();
    }
    expect(await claimsOf('sunat')).toEqual(['sunat:member:pochoa@sunat.gob.pe ← pochoa@sunat.gob.pe']);
    expect(await personModel(t.db).findOne({ email: 'rjefe@sunat.gob.pe' }).lean()).toBeNull();
    // The database's duplicate key (someone registered the same new address elsewhere meanwhile) is a 409, released the same way.
    const duplicate = jest.spyOn(personModel(t.db), 'create').mockRejectedValueOnce(Object.assign(new Error('E11000 duplicate key error'), { code: 11000 }));
    try {
      const raced = await addPerson(as.admin, { name: 'Raúl Jefe', email: 'rjefe@sunat.gob.pe', role: 'head' }, 'sunat');
      expect([raced.status, raced.json.error.code]).toEqual([409, 'conflict']);
      expect(raced.json.error.message).toMatch(/Intente de nuevo/);
    } finally {
      duplicate.mockRestore();
    }
    expect(await claimsOf('sunat')).toEqual(['sunat:member:pochoa@sunat.gob.pe ← pochoa@sunat.gob.pe']);
    expect((await addPerson(as.admin, { name: 'Raúl Jefe', email: 'rjefe@sunat.gob.pe', role: 'head' }, 'sunat')).status).toBe(201);
  });

  it('PCM 6.1.1.5: a role change whose write fails releases the role it claimed (500, then 200)', async () => {
    const save = jest.spyOn(personModel(t.db).prototype, 'save').mockRejectedValueOnce(new Error('disco lleno'));
    try {
      expect((await changeIn('sunat', 'pochoa@sunat.gob.pe', { role: 'second' })).status).toBe(500);
    } finally {
      save.mockRestore();
    }
    expect((await claimsOf('sunat')).filter((c) => c.includes(':role:second'))).toEqual([]);
    expect(await holders('sunat', 'second')).toEqual([]);
    expect((await changeIn('sunat', 'pochoa@sunat.gob.pe', { role: 'second' })).status).toBe(200);
    expect((await claimsOf('sunat')).filter((c) => c.includes(':role:second'))).toEqual(['sunat:role:second ← pochoa@sunat.gob.pe']);
  });

  it('a claim left by a request that died is taken over once older than a minute with nobody holding it; until then it refuses (409)', async () => {
    const ghost = { _id: 'sunat:member:tnuevo@sunat.gob.pe', entityId: 'sunat', email: 'tnuevo@sunat.gob.pe', token: 'muerta', at: new Date() };
    await rosterClaimModel(t.db).create(ghost);
    const add = () => addPerson(as.admin, { name: 'Tito Nuevo', email: 'tnuevo@sunat.gob.pe', role: 'team' }, 'sunat');
    const early = await add();
    expect([early.status, early.json.error.code]).toEqual([409, 'conflict']);
    await rosterClaimModel(t.db).collection.updateOne({ _id: ghost._id as never }, { $set: { at: new Date(Date.now() - STALE_CLAIM_MS - 1_000) } });
    expect((await add()).status).toBe(201);
    expect((await rosterClaimModel(t.db).findById(ghost._id).lean())?.token).not.toBe('muerta');
  });

  it('a claim older than a minute is still honoured while the roster holds what it claims, and taken over once it does not', async () => {
    const claims = rosterClaims(t.db);
    await rosterClaimModel(t.db).create({ _id: 'prueba:role:head', entityId: 'prueba', email: 'antes@prueba.gob.pe', token: 'vieja', at: new Date(Date.now() - 10 * STALE_CLAIM_MS) });
    expect(await claims.take('prueba', ['prueba:role:head'], 'despues@prueba.gob.pe', async () => true)).toEqual({ ok: false, id: 'prueba:role:head', holder: 'antes@prueba.gob.pe' });
    const taken = await claims.take('prueba', ['prueba:role:head'], 'despues@prueba.gob.pe', async () => false);
    expect(taken).toMatchObject({ ok: true, ids: ['prueba:role:head'] });
    expect(await claimsOf('prueba')).toEqual(['prueba:role:head ← despues@prueba.gob.pe']);
    if (taken.ok) await claims.release(taken.ids, taken.token);
    expect(await claimsOf('prueba')).toEqual([]);
  });

  it('the same entity created three times at the same moment: one 201, two 409 conflict, one entity.created; a duplicate key from the database is 409 too', async () => {
    const body = { id: 'osinerg', name: 'Osinergmin', profile: 'PCM', emailDomains: ['osinergmin.gob.pe'], location: 'Lima', supervisorEmail: SCS };
    const answers = await Promise.all([1, 2, 3].map(() => as.admin.api('POST', '/api/entities', body)));
    expect(outcome(answers)).toEqual(['201', '409 conflict', '409 conflict']);
    expect(await count('entity.created', { entityId: 'osinerg' })).toBe(1);
    // MongoDB may answer one of two simultaneous upserts of an id with a duplicate key instead of a match.
    const upsert = jest.spyOn(entityModel(t.db), 'updateOne').mockRejectedValueOnce(Object.assign(new Error('E11000 duplicate key error'), { code: 11000 }));
    try {
      const res = await as.admin.api('POST', '/api/entities', { ...body, id: 'osinerg-2' });
      expect([res.status, res.json.error.code]).toEqual([409, 'conflict']);
    } finally {
      upsert.mockRestore();
    }
  });
});

describe('the record', () => {
  it('Ley 29733: after every change and read above, no audit row holds a phone number', async () => {
    const all = JSON.stringify(await auditModel(t.db).find().lean());
    const digits = all.replace(/[\s-]/g, '');
    for (const phone of PHONES) {
      expect([phone, all.includes(phone), digits.includes(phone.replace(/[\s+-]/g, ''))]).toEqual([phone, false, false]);
    }
  });
});
