/**
 * The Congress's custody of its accounts over HTTP (domain/accountAdministrator.ts), against the demo
 * registry: each member's contract recorded and audited, the warning when the Account Administrator is
 * not indefinite-term staff (CONGRESO 5.1.2), and page admins refused by clause (CONGRESO 6.1.4–6.1.6),
 * the roster read when the roles are set.
 */
import { accountModel } from '../../infra/models/account';
import { personModel } from '../../infra/models/person';
import type { Browser } from '../support/browser';
import { OTHER_HEAD, useRegistryApp } from '../support/registryApp';

jest.setTimeout(60_000);

const { t, as, auditRows, roster } = useRegistryApp();
const CONGRESS_CM = 'fvega@congreso.gob.pe';
const TEAM = 'lsoto@congreso.gob.pe';
const STAFF = 'rdiaz@congreso.gob.pe';

const idOf = async (email: string) => String((await personModel(t.db).findOne({ email }).lean())!._id);
const change = async (b: Browser, email: string, body: unknown) => b.api('PATCH', `/api/entities/congreso/people/${await idOf(email)}`, body);
const setRoles = (b: Browser, roles: Array<{ name: string; email: string; pageRole: string }>) => b.api('PUT', '/api/accounts/congreso-x/roles', { roles });
const rolesNow = async () => (await accountModel(t.db).findById('congreso-x').lean())!.roles.map((r) => `${r.email}:${r.pageRole}`);

beforeAll(async () => {
  await accountModel(t.db).create({
    _id: 'congreso-x', entityId: 'congreso', network: 'x', username: 'congresoperu', managingEmail: 'redes@congreso.gob.pe',
    roles: [{ name: 'Diana Flores Paz', email: OTHER_HEAD, pageRole: 'admin', since: new Date('2026-01-05T14:00:00Z') }], status: 'active', activatedAt: new Date(),
  });
  for (const [name, email] of [['Luis Soto Ramos', TEAM], ['Rosa Díaz Vela', STAFF]]) {
    expect((await as.otherHead.api('POST', '/api/entities/congreso/people', { name, email, role: 'team' })).status).toBe(201);
  }
});

describe('CONGRESO 5.1.2: the Account Administrator\'s contract', () => {
  it('CONGRESO 5.1.2: the roster warns that the Account Administrator has no contract recorded; the Executive Branch\'s roster warns nothing', async () => {
    const cm = (await roster(as.otherHead, 'congreso')).find((p) => p.email === CONGRESS_CM) as { warnings?: unknown[] } | undefined;
    expect(cm?.warnings).toEqual([expect.objectContaining({ field: 'tenure', rule: 'CONGRESO 5.1.2', message: expect.stringContaining('plazo indeterminado') })]);
    expect((await roster(as.head, 'mincul')).filter((p) => 'warnings' in p)).toEqual([]);
  });

  it('CONGRESO 5.1.2: the head records an indefinite term; the warning goes, and the trail says what changed', async () => {
    const res = await change(as.otherHead, CONGRESS_CM, { tenure: 'indefinite' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ email: CONGRESS_CM, tenure: 'indefinite' });
    expect((await roster(as.otherHead, 'congreso')).find((p) => p.email === CONGRESS_CM)).not.toHaveProperty('warnings');
    const [row] = await auditRows({ action: 'roster.changed', subject: CONGRESS_CM });
    expect(row).toMatchObject({ entityId: 'congreso', detail: 'contrato: indefinite' });
  });

  it('CONGRESO 5.1.2: a person registered with their contract keeps it, and the trail names it', async () => {
    const res = await as.otherHead.api('POST', '/api/entities/congreso/people', { name: 'Nuevo Analista', email: 'nanalista@congreso.gob.pe', role: 'team', tenure: 'fixed' });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ tenure: 'fixed' });
    expect(await auditRows({ action: 'roster.added', subject: 'nanalista@congreso.gob.pe' })).toEqual([expect.objectContaining({ detail: 'Rol: team; contrato: fixed' })]);
  });

  it('an unknown kind of contract is refused with 400 at the field, and the record stays', async () => {
    const res = await change(as.otherHead, CONGRESS_CM, { tenure: 'vitalicio' });
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: { field: string }) => d.field)).toEqual(['tenure']);
    expect((await roster(as.otherHead, 'congreso')).find((p) => p.email === CONGRESS_CM)).toMatchObject({ tenure: 'indefinite' });
  });
});

describe('CONGRESO 6.1.4–6.1.6: page admins, checked against the roster when the roles are set', () => {
  const head = { name: 'Diana Flores Paz', email: OTHER_HEAD, pageRole: 'admin' };
  const cm = { name: 'Fiorella Vega Soto', email: CONGRESS_CM, pageRole: 'admin' };

  it('CONGRESO 6.1.5: a team member as admin is refused with 400 at their row; as editor they are accepted', async () => {
    const refused = await setRoles(as.otherHead, [head, cm, { name: 'Luis Soto Ramos', email: TEAM, pageRole: 'admin' }]);
    expect(refused.status).toBe(400);
    expect(refused.json.error.details).toEqual([expect.objectContaining({ field: 'roles.2.pageRole', rule: 'CONGRESO 6.1.5' })]);
    expect(await rolesNow()).toEqual([`${OTHER_HEAD}:admin`]);
    expect((await setRoles(as.otherHead, [head, cm, { name: 'Luis Soto Ramos', email: TEAM, pageRole: 'editor' }])).status).toBe(200);
    expect(await rolesNow()).toEqual([`${OTHER_HEAD}:admin`, `${CONGRESS_CM}:admin`, `${TEAM}:editor`]);
  });

  it('CONGRESO 6.1.6: once the roster records an indefinite term, that member may administer too, read at once', async () => {
    const staff = { name: 'Rosa Díaz Vela', email: STAFF, pageRole: 'admin' };
    expect((await setRoles(as.otherHead, [head, cm, staff])).json.error.details[0].rule).toBe('CONGRESO 6.1.5');
    expect((await change(as.otherHead, STAFF, { tenure: 'indefinite' })).status).toBe(200);
    expect((await setRoles(as.otherHead, [head, cm, staff])).status).toBe(200);
  });

  it('CONGRESO 6.1.6: a second extra admin is refused, naming the one already there', async () => {
    expect((await change(as.otherHead, TEAM, { tenure: 'indefinite' })).status).toBe(200);
    const res = await setRoles(as.otherHead, [head, { name: 'Rosa Díaz Vela', email: STAFF, pageRole: 'admin' }, { name: 'Luis Soto Ramos', email: TEAM, pageRole: 'admin' }]);
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([expect.objectContaining({ field: 'roles.2.pageRole', rule: 'CONGRESO 6.1.6', message: expect.stringContaining('Rosa Díaz Vela') })]);
  });

  it('CONGRESO 6.1.4: an institutional address outside the roster is refused admin', async () => {
    const res = await setRoles(as.otherHead, [head, { name: 'Alguien Más', email: 'amas@congreso.gob.pe', pageRole: 'admin' }]);
    expect(res.json.error.details).toEqual([expect.objectContaining({ field: 'roles.1.pageRole', rule: 'CONGRESO 6.1.4' })]);
  });
});
