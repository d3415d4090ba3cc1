/**
 * The roster API (issue #3 §1) over HTTP, with people signed in by emailed link against the demo
 * registry: the roster and its rules (PCM 5.2.4, 6.1.1.4, 6.1.1.5), who sees phones and who saw them
 * (Ley 29733), and, after every change and read of the file, an audit trail with no phone in it.
 * Every change must leave an audit row.
 */
import { auditModel } from '../../infra/models/audit';
import { entityModel } from '../../infra/models/entity';
import { personModel } from '../../infra/models/person';
import { ADMIN, CM, CM_PHONE, HEAD, HEAD_PHONE, OTHER_HEAD, REQUESTER, SCS, useRegistryApp } from '../support/registryApp';

jest.setTimeout(60_000);

/** Every phone this file stores; none may ever reach the audit trail. */
const PHONES = [HEAD_PHONE, CM_PHONE, '+51 911 222 333', '+51 944 555 666', '+51 922 333 444'];

const { t, as, signedIn, roster, inRoster, idOf, addPerson, changePerson, auditRows, count, fieldsOf } = useRegistryApp();

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
    // Any part of the number, in any field but the row's own id and instant, which may hold "944" by chance (CI met it in the id).
    const { _id: _id, at: _at, ...row } = last!;
    expect(JSON.stringify(row)).not.toMatch(/944|555 666/);
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

describe('the record', () => {
  it('Ley 29733: after every change and read above, no audit row holds a phone number', async () => {
    const all = JSON.stringify(await auditModel(t.db).find().lean());
    const digits = all.replace(/[\s-]/g, '');
    for (const phone of PHONES) {
      expect([phone, all.includes(phone), digits.includes(phone.replace(/[\s+-]/g, ''))]).toEqual([phone, false, false]);
    }
  });
});
