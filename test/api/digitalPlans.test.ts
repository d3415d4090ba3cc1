/**
 * The Plan de Comunicación Digital over the JSON API and its page (issue 19 §3; PCM 6.2.2.1, Anexo 2) against
 * the demo registry, with a stub Temporal client: who drafts and who reads, drafts saved incomplete, a
 * submission refused naming every missing part, the year window, 409 while in approval or once
 * approved, and the PDF only once approved.
 */
import { apiKeysService } from '../../api/services/apiKeys';
import { numberingYear } from '../../domain/documentNumbers';
import { PLAN_SECTIONS } from '../../domain/digitalPlan';
import { digitalPlanModel } from '../../infra/models/digitalPlan';
import { startTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { stubTemporal, type StubTemporal } from '../support/stubTemporal';

jest.setTimeout(60_000);

const WHO = { head: 'aquispe@cultura.gob.pe', second: 'bsalas@cultura.gob.pe', cm: 'crojas@cultura.gob.pe', requester: 'dtorres@cultura.gob.pe', scs: 'rrss_scs@pcm.gob.pe' } as const;
type Person = keyof typeof WHO;
let t: TestApp;
let stub: StubTemporal;
const as = {} as Record<Person, Browser>;
let apiKey = '';
const YEAR = numberingYear(new Date()) + 1;
const path = (year = YEAR) => `/api/entities/mincul/digital-plans/${year}`;
const FULL = {
  sections: Object.fromEntries(PLAN_SECTIONS.map((s) => [s, `Texto completo del apartado ${s} para el plan del año.`])),
  weeklyPosts: { facebook: 7, instagram: 5 },
  indicators: { posts: 150, reach: 500000 },
};

beforeAll(async () => {
  stub = stubTemporal();
  t = await startTestApp({ temporal: stub.client });
  for (const [name, email] of Object.entries(WHO) as Array<[Person, string]>) {
    as[name] = new Browser(t.url);
    await as[name].signIn(email, t.mailbox);
  }
  apiKey = (await apiKeysService(t.db).create('mincul', 'pruebas', WHO.head)).key;
});
afterAll(() => t.stop());

it('PCM 6.2.2.1: the CM saves an incomplete draft; sending it is refused naming every missing part of Anexo 2 at once', async () => {
  const saved = await as.cm.api('PUT', path(), { sections: { analysis: 'Análisis de cómo se gestionarán las redes sociales.' }, weeklyPosts: {}, indicators: {} });
  expect(saved.status).toBe(200);
  expect(saved.json).toMatchObject({ state: 'draft', round: 0, updatedBy: WHO.cm });
  const sent = await as.cm.api('POST', `${path()}/submit`);
  expect([sent.status, sent.json.error.code]).toEqual([400, 'validation_failed']);
  const fields = sent.json.error.details.map((d: { field: string }) => d.field);
  expect(fields).toEqual([...PLAN_SECTIONS.filter((s) => s !== 'analysis').map((s) => `sections.${s}`), 'weeklyPosts', 'indicators']);
  expect(sent.json.error.details[0]).toMatchObject({ rule: 'PCM 6.2.2.1, Anexo 2', message: 'Complete «2. Objetivos» (al menos 20 caracteres).' });
  expect(stub.callsOf('start').filter((c) => c.workflowType === 'digitalPlan')).toHaveLength(0);
});

it('PCM 6.2.2.1: bad figures are refused at their field; only this year or the next may be drafted', async () => {
  const bad = await as.cm.api('PUT', path(), { ...FULL, weeklyPosts: { facebook: -1 }, indicators: { reach: 1.5 } });
  expect(bad.status).toBe(400);
  expect(bad.json.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['indicators.reach', 'weeklyPosts.facebook']);
  const far = await as.cm.api('PUT', path(YEAR + 3), FULL);
  expect([far.status, far.json.error.details[0].field]).toEqual([400, 'year']);
});

it('PCM 6.2.2.1: only the CM and the head draft; the office, SCS and the entity\'s API key read; a unit does not', async () => {
  for (const w of ['second', 'requester', 'scs'] as const) expect((await as[w].api('PUT', path(), FULL)).status).toBe(403);
  const reads = await Promise.all((['head', 'second', 'cm', 'scs', 'requester'] as const).map(async (w) => [w, (await as[w].api('GET', path())).status]));
  expect(Object.fromEntries(reads)).toEqual({ head: 200, second: 200, cm: 200, scs: 200, requester: 403 });
  const key = await fetch(`${t.url}${path()}`, { headers: { authorization: `Bearer ${apiKey}` } });
  expect(key.status).toBe(200);
});

it('PCM 6.2.2.1: a complete plan goes to approval (its process starts); it cannot change while the head decides; Temporal down leaves it a draft', async () => {
  expect((await as.cm.api('PUT', path(), FULL)).status).toBe(200);
  stub.failNext('start', Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }));
  expect((await as.cm.api('POST', `${path()}/submit`)).status).toBe(503);
  expect(await digitalPlanModel(t.db).findById(`mincul:${YEAR}`).lean()).toMatchObject({ state: 'draft', round: 0 });
  const sent = await as.cm.api('POST', `${path()}/submit`);
  expect(sent.status).toBe(202);
  expect(sent.json).toMatchObject({ state: 'pending', round: 1, submittedBy: WHO.cm });
  expect(stub.callsOf('start').filter((c) => c.workflowType === 'digitalPlan').map((c) => c.options.workflowId)).toContain(`plan-mincul-${YEAR}-1`);
  const locked = await as.head.api('PUT', path(), FULL);
  expect([locked.status, locked.json.error.message]).toEqual([409, 'El plan está en aprobación del/de la titular: espere su decisión.']);
});

it('PCM 6.2.2.1: approved, the plan is final and its PDF downloads from the page, the same bytes each time', async () => {
  await digitalPlanModel(t.db).updateOne({ _id: `mincul:${YEAR}` }, { $set: { state: 'approved', decidedBy: WHO.head, decidedAt: new Date('2026-12-07T16:00:00Z'), recordCode: `PLAN DE COMUNICACIÓN DIGITAL N° 001-${YEAR}-OC/MINCUL` } });
  expect((await as.cm.api('PUT', path(), FULL)).status).toBe(409);
  const page = await as.second.open(`/entidades/mincul/plan/${YEAR}`);
  expect(page.html).toContain('Descargar el PDF');
  expect(page.html).not.toContain('Guardar el borrador');
  const pdf = async () => Buffer.from(await (await as.second.fetch(`/entidades/mincul/plan/${YEAR}/pdf`)).arrayBuffer());
  const [a, b] = [await pdf(), await pdf()];
  expect(a.subarray(0, 5).toString()).toBe('%PDF-');
  expect(a.equals(b)).toBe(true);
  expect((await as.second.fetch(`/entidades/mincul/plan/${YEAR - 1}/pdf`)).status).toBe(404);
});

it('PCM 6.2.2.1: on the page, a draft is saved with what was typed, and bad figures come back at their field', async () => {
  const year = YEAR - 1;
  await as.cm.open(`/entidades/mincul/plan/${year}`);
  const bad = await as.cm.submit(`/entidades/mincul/plan/${year}`, { 'sections[analysis]': 'Un análisis de cómo se gestionarán las redes.', 'weeklyPosts[facebook]': 'siete', accion: 'guardar' });
  const html = await bad.text();
  expect(bad.status).toBe(400);
  expect(html).toContain('Un análisis de cómo se gestionarán las redes.</textarea>');
  expect(html).toContain('value="siete"');
  expect(html).toMatch(/id="weeklyPosts-facebook-error">[^<]*número/);
  const ok = await as.cm.submit(`/entidades/mincul/plan/${year}`, { 'sections[analysis]': 'Un análisis de cómo se gestionarán las redes.', 'weeklyPosts[facebook]': '7', accion: 'guardar' });
  expect([ok.status, ok.headers.get('location')]).toEqual([303, `/entidades/mincul/plan/${year}?hecho=guardado`]);
  expect(await digitalPlanModel(t.db).findById(`mincul:${year}`).lean()).toMatchObject({ weeklyPosts: { facebook: 7 }, sections: { analysis: 'Un análisis de cómo se gestionarán las redes.' } });
});
