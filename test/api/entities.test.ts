/**
 * The entity API (issue #3 §1): the head tunes the entity's policy within the directive (decreed
 * non-working days, the reminder plan), the platform admin owns its structure and creates entities.
 * Every change must leave an audit row; every refusal lands in the entity's trail.
 */
import { DEFAULT_REMINDER_PLAN } from '../../domain/decision';
import { trusted } from '../../infra/db';
import { eventually } from '../support/eventually';
import { ADMIN, HEAD, SCS, useRegistryApp } from '../support/registryApp';

jest.setTimeout(60_000);

const { t, as, auditRows, count, send, fieldsOf } = useRegistryApp();

beforeAll(async () => {
  // The Biblioteca Nacional, whose name and profile the platform admin changes below.
  const bnp = { id: 'bnp', name: 'Biblioteca Nacional del Perú', profile: 'PCM', emailDomains: ['bnp.gob.pe', 'cultura.gob.pe'], location: 'San Borja, Lima', supervisorEmail: SCS };
  expect((await as.admin.api('POST', '/api/entities', bnp)).status).toBe(201);
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
    expect(await eventually(refusals, (n) => n >= 5, 'five access.denied rows', 5_000)).toBe(5);
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

  it('issue 19 §6: the platform admin sets the acronym and office code documents are numbered with; lower case or spaces are refused at their fields', async () => {
    const res = await as.admin.api('PATCH', '/api/entities/mincul', { acronym: 'MINCUL', officeCode: 'OCII' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ acronym: 'MINCUL', officeCode: 'OCII' });
    const bad = await as.admin.api('PATCH', '/api/entities/mincul', { acronym: 'min cul', officeCode: 'oc/ii' });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad).sort()).toEqual(['acronym', 'officeCode']);
    expect((await as.head.api('PATCH', '/api/entities/mincul', { acronym: 'CULTURA' })).status).toBe(403);
  });
});
