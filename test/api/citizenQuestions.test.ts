/**
 * Citizens' questions over the JSON API and the list page (issue 19 §4; PCM 6.2.2.12, INPE 4.2.b, SENACE
 * 8.4–8.5) against the demo registry, with a stub Temporal client: who routes and who reads, the Spanish
 * validation messages, the kinds INPE and Senace refuse with their clause, the deadline stored with the
 * row (counted from Senace's attention hours), nothing stored when Temporal is down, and no question
 * text in the audit trail.
 */
import { citizenQuestionStatusQuery, type CitizenQuestionStatus } from '../../contracts/citizenQuestion';
import { apiKeysService } from '../../api/services/apiKeys';
import { auditModel } from '../../infra/models/audit';
import { citizenQuestionModel } from '../../infra/models/citizenQuestion';
import { startTestApp, type TestApp } from '../support/app';
import type { Browser } from '../support/browser';
import { apiCaller, signInAll } from '../support/callers';
import { stubTemporal, type StubTemporal } from '../support/stubTemporal';

jest.setTimeout(60_000);

const WHO = {
  head: 'aquispe@cultura.gob.pe',
  second: 'bsalas@cultura.gob.pe',
  cm: 'crojas@cultura.gob.pe',
  requester: 'dtorres@cultura.gob.pe',
  scs: 'rrss_scs@pcm.gob.pe',
  inpeCm: 'itorres@inpe.gob.pe',
  senaceCm: 'redes_sociales@senace.gob.pe',
} as const;
type Person = keyof typeof WHO;
type Who = Person | 'apiKey' | 'anonymous';

let t: TestApp;
let stub: StubTemporal;
const as = {} as Record<Person, Browser>;
let apiKey = '';

beforeAll(async () => {
  stub = stubTemporal();
  t = await startTestApp({ temporal: stub.client });
  await signInAll(t, WHO, as);
  apiKey = (await apiKeysService(t.db).create('mincul', 'pruebas', WHO.head)).key;
});
afterAll(() => t.stop());

const call = apiCaller(() => t, as, () => apiKey);

const QUESTION = { network: 'facebook', kind: 'consulta', question: 'Mi hijo se llama Pedro Díaz: ¿qué horario tiene el museo los feriados?', areaEmail: WHO.requester };
const started = () => stub.callsOf('start').filter((c) => c.workflowType === 'citizenQuestion').map((c) => c.options.workflowId as string);

describe('routing a question (PCM 6.2.2.12)', () => {
  it('PCM 6.2.2.12: the CM routes it to a roster unit; the row holds the area, the deadline (5 business days) and its process starts; the audit trail names the area but never the question', async () => {
    const res = await call('cm', 'POST', '/api/entities/mincul/questions', { ...QUESTION, link: 'https://www.facebook.com/CulturaPeru/posts/1' });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ state: 'open', areaName: 'Dirección General de Patrimonio Cultural', dueBusinessDays: 5, overdue: false, askedBy: WHO.cm });
    expect(res.json.countsFrom).toBe(res.json.receivedAt);
    expect(Date.parse(res.json.dueAt) - Date.parse(res.json.receivedAt)).toBeGreaterThanOrEqual(5 * 86_400_000);
    expect(started()).toContain(res.json.workflowId);
    const trail = await auditModel(t.db).findOne({ workflowId: res.json.workflowId }).lean();
    expect(trail).toMatchObject({ action: 'request.submitted', detail: 'Consulta ciudadana (PCM 6.2.2.12) derivada a Dirección General de Patrimonio Cultural; plazo: 5 días hábiles' });
    expect(JSON.stringify(await auditModel(t.db).find({ entityId: 'mincul' }).lean())).not.toContain('Pedro Díaz');
  });

  it('PCM 6.2.2.12: the head routes too; the second, a unit, SCS and an API key are refused (403), an anonymous caller 401, and nothing is stored', async () => {
    expect((await call('head', 'POST', '/api/entities/mincul/questions', QUESTION)).status).toBe(201);
    const before = await citizenQuestionModel(t.db).countDocuments();
    const refused: Who[] = ['second', 'requester', 'scs', 'apiKey', 'anonymous'];
    const answers = Object.fromEntries(await Promise.all(refused.map(async (w) => [w, (await call(w, 'POST', '/api/entities/mincul/questions', QUESTION)).status])));
    expect(answers).toEqual(Object.fromEntries(refused.map((w) => [w, w === 'anonymous' ? 401 : 403])));
    expect(await citizenQuestionModel(t.db).countDocuments()).toBe(before);
  });

  it('PCM 6.2.2.12: every problem at its field, in Spanish, in one answer; nothing stored', async () => {
    const before = await citizenQuestionModel(t.db).countDocuments();
    const res = await call('cm', 'POST', '/api/entities/mincul/questions', { network: 'myspace', kind: 'consulta', question: 'corto', areaEmail: WHO.second, link: 'http://x.pe' });
    expect([res.status, res.json.error.code]).toEqual([400, 'validation_failed']);
    const at = Object.fromEntries(res.json.error.details.map((d: { field: string; message: string }) => [d.field, d.message]));
    expect(at).toMatchObject({ network: 'Elija la red social donde llegó la consulta.', question: 'Escriba la consulta en al menos 10 caracteres.', link: 'Pegue el enlace https al mensaje o comentario.' });
    // A roster member who is not a unit is no area.
    const notArea = await call('cm', 'POST', '/api/entities/mincul/questions', { ...QUESTION, areaEmail: WHO.second });
    expect(notArea.json.error.details).toEqual([expect.objectContaining({ field: 'areaEmail', message: expect.stringMatching(/^Elija un área de la lista/) })]);
    const old = await call('cm', 'POST', '/api/entities/mincul/questions', { ...QUESTION, receivedAt: new Date(Date.now() - 40 * 86_400_000).toISOString() });
    expect(old.json.error.details).toEqual([expect.objectContaining({ field: 'receivedAt', message: expect.stringContaining('más de 30 días') })]);
    expect(await citizenQuestionModel(t.db).countDocuments()).toBe(before);
  });

  it('INPE 4.2.b: an access-to-information request is not routed; SENACE 8.5: nor one about a case file; PCM routes both', async () => {
    const inpe = await call('inpeCm', 'POST', '/api/entities/inpe/questions', { ...QUESTION, kind: 'informacion-publica', areaEmail: 'nibanez@inpe.gob.pe' });
    expect([inpe.status, inpe.json.error.details[0].rule]).toEqual([400, 'INPE 4.2.b']);
    expect(inpe.json.error.details[0].message).toContain('indicándole el canal formal');
    expect((await call('inpeCm', 'POST', '/api/entities/inpe/questions', { ...QUESTION, kind: 'expediente', areaEmail: 'nibanez@inpe.gob.pe' })).status).toBe(201);
    const senace = await call('senaceCm', 'POST', '/api/entities/senace/questions', { ...QUESTION, kind: 'expediente', areaEmail: 'ovilla@senace.gob.pe' });
    expect([senace.status, senace.json.error.details[0].rule]).toEqual([400, 'SENACE 8.5']);
    expect((await call('cm', 'POST', '/api/entities/mincul/questions', { ...QUESTION, kind: 'informacion-publica' })).status).toBe(201);
  });

  it('SENACE 8.4: a question received on a Friday at 21:30 counts from Monday at 8:00', async () => {
    const friday = new Date(Date.now() - 3 * 86_400_000);
    // The Friday at 21:30 Lima (02:30 UTC the next day) before now, within the last 30 days.
    while (new Date(friday.getTime() - 5 * 3_600_000).getUTCDay() !== 5) friday.setTime(friday.getTime() - 86_400_000);
    const day = new Date(friday.getTime() - 5 * 3_600_000).toISOString().slice(0, 10);
    const res = await call('senaceCm', 'POST', '/api/entities/senace/questions', { ...QUESTION, areaEmail: 'ovilla@senace.gob.pe', receivedAt: `${day}T21:30:00-05:00` });
    expect(res.status).toBe(201);
    const countsFrom = new Date(res.json.countsFrom);
    // Monday (or the next business day after it) at 08:00 Lima = 13:00 UTC.
    expect(countsFrom.toISOString().slice(11, 16)).toBe('13:00');
    expect(countsFrom.getUTCDay()).not.toBe(0);
    expect(countsFrom.getUTCDay()).not.toBe(6);
    expect(countsFrom.getTime()).toBeGreaterThan(Date.parse(`${day}T21:30:00-05:00`) + 2 * 86_400_000);
  });

  it('Temporal down: 503 and nothing stored', async () => {
    const before = await citizenQuestionModel(t.db).countDocuments();
    stub.failNext('start', Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }));
    expect((await call('cm', 'POST', '/api/entities/mincul/questions', QUESTION)).status).toBe(503);
    expect(await citizenQuestionModel(t.db).countDocuments()).toBe(before);
  });
});

describe('reading questions', () => {
  it('PCM 6.2.2.12: the office (head, second, CM) reads them with the areas; a unit, SCS and an API key 403; a question shows whom its process waits for', async () => {
    const all: Who[] = ['head', 'second', 'cm', 'requester', 'scs', 'apiKey', 'anonymous'];
    const answers = Object.fromEntries(await Promise.all(all.map(async (w) => [w, (await call(w, 'GET', '/api/entities/mincul/questions')).status])));
    expect(answers).toEqual({ head: 200, second: 200, cm: 200, requester: 403, scs: 403, apiKey: 403, anonymous: 401 });
    const list = await call('second', 'GET', '/api/entities/mincul/questions');
    expect(list.json.areas).toEqual([{ email: WHO.requester, name: 'Diego Torres Vega', unit: 'Dirección General de Patrimonio Cultural' }]);
    const [newest] = list.json.questions;
    stub.answerQuery(citizenQuestionStatusQuery.name, (): CitizenQuestionStatus => ({ questionId: newest.id, stage: 'en-atencion', waitingFor: [WHO.requester] }));
    const one = await call('cm', 'GET', `/api/entities/mincul/questions/${newest.id}`);
    expect(one.json).toMatchObject({ id: newest.id, live: { stage: 'en-atencion', waitingFor: [WHO.requester] } });
    expect((await call('cm', 'GET', '/api/entities/mincul/questions/ffffffffffffffffffffffff')).status).toBe(404);
    expect((await call('cm', 'GET', '/api/entities/mincul/questions?open=quizas')).status).toBe(400);
  });

  it('PCM 6.2.2.12: an unanswered question past its due instant is marked overdue', async () => {
    const res = await call('cm', 'POST', '/api/entities/mincul/questions', QUESTION);
    await citizenQuestionModel(t.db).updateOne({ _id: res.json.id }, { $set: { dueAt: new Date(Date.now() - 60_000) } });
    const list = await call('cm', 'GET', '/api/entities/mincul/questions?open=1');
    expect(list.json.questions.find((q: { id: string }) => q.id === res.json.id)).toMatchObject({ overdue: true });
    const page = await as.cm.open('/entidades/mincul/consultas');
    expect(page.html).toContain('Vencida');
  });
});

describe('the list page', () => {
  it('PCM 6.2.2.12: a bad form comes back with every error at its field and what was typed; a good one routes and says so', async () => {
    await as.cm.open('/entidades/mincul/consultas');
    const bad = await as.cm.submit('/entidades/mincul/consultas', { network: 'facebook', question: 'corto', kind: '', areaEmail: '' });
    const html = await bad.text();
    expect(bad.status).toBe(400);
    expect(html).toContain('Escriba la consulta en al menos 10 caracteres.');
    expect(html).toContain('Elija qué tipo de consulta es.');
    expect(html).toMatch(/<option value="facebook" selected>/);
    const ok = await as.cm.submit('/entidades/mincul/consultas', { ...QUESTION });
    expect([ok.status, ok.headers.get('location')]).toEqual([303, '/entidades/mincul/consultas?hecho=derivada']);
    expect((await as.cm.open('/entidades/mincul/consultas?hecho=derivada')).html).toContain('Se derivó la consulta');
    expect((await as.second.open('/entidades/mincul/consultas')).html).not.toContain('Derivar al área');
  });
});
