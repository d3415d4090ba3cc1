/**
 * An account's metrics from its platform's own export (issue 16 §1; PCM 6.3.2) over HTTP, with a stub
 * Temporal client: upload → preview → confirm, the same file again storing nothing, a file that cannot
 * be read refused at its field with nothing stored, another network's file refused, who may upload,
 * the after-import notice (best-effort), the template, and the posting frequency on the account page
 * (PCM 6.2.2.4). Accounts are written straight into the demo registry.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { purgeMetricsPreviews } from '../../api/housekeeping';
import { trusted } from '../../infra/db';
import { accountModel } from '../../infra/models/account';
import { auditModel } from '../../infra/models/audit';
import { metricsImportModel } from '../../infra/models/metricsImport';
import { postMetricModel } from '../../infra/models/postMetric';
import { postMetrics } from '../../registry/postMetrics';
import { startTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { stubTemporal } from '../support/stubTemporal';
import { asMetaUtf16, fixture, withCell } from '../infra/platformExports/fixtures';

jest.setTimeout(60_000);

const CM = 'crojas@cultura.gob.pe';
const REQUESTER = 'dtorres@cultura.gob.pe';
const SCS = 'rrss_scs@pcm.gob.pe';

let t: TestApp;
const people: Record<'cm' | 'requester' | 'scs', Browser> = {} as never;
/** What the after-import notice was told, and whether it fails next. */
const notices: string[] = [];
let noticeFails = false;

beforeAll(async () => {
  t = await startTestApp({
    temporal: stubTemporal().client,
    afterMetricsImport: async (entityId, accountId) => {
      notices.push(`${entityId}/${accountId}`);
      if (noticeFails) throw new Error('the quarterly report process is away');
    },
  });
  for (const [name, email] of [['cm', CM], ['requester', REQUESTER], ['scs', SCS]] as const) {
    people[name] = new Browser(t.url);
    await people[name].signIn(email, t.mailbox);
  }
  for (const [id, network] of [['metricas-fb', 'facebook'], ['metricas-x', 'x'], ['metricas-fb-2', 'facebook'], ['metricas-ig', 'instagram'], ['metricas-tt', 'tiktok']] as const) {
    await accountModel(t.db).create({ _id: id, entityId: 'mincul', network, username: `Cultura${id}`, managingEmail: 'redes@cultura.gob.pe', roles: [], status: 'active', origin: 'registered', activatedAt: new Date() });
  }
});
afterAll(() => t?.stop());

const file = (data: Buffer, name = 'Publicaciones.csv') => ({ name, type: 'text/csv', data });
const upload = async (who: Browser, account: string, data: Buffer, name?: string) => {
  await who.open('/');
  const res = await who.upload(`/api/accounts/${account}/metrics`, 'archivo', file(data, name));
  return { status: res.status, json: await res.json() };
};
const confirm = (who: Browser, account: string, importId: string) => who.api('POST', `/api/accounts/${account}/metrics/${importId}/confirm`, {});
const stored = (accountId: string) => postMetricModel(t.db).countDocuments({ accountId });

describe('upload → preview → confirm (issue 16 §1; PCM 6.3.2)', () => {
  it('a Spanish Meta export in UTF-16 previews its platform, language, day and posts; confirmed, it stores them once and is audited', async () => {
    const res = await upload(people.cm, 'metricas-fb', asMetaUtf16('meta-facebook-es.csv'));
    expect(res.status).toBe(200);
    const preview = res.json;
    expect(preview).toMatchObject({
      accountId: 'metricas-fb', entityId: 'mincul', kind: 'meta-posts', language: 'es', source: 'Meta Business Suite (Facebook/Instagram), en español',
      postCount: 3, networks: ['facebook'], known: 0, importable: true, firstPublishedAt: '2026-10-02T15:00:00.000Z', lastPublishedAt: '2026-11-01T01:00:00.000Z',
    });
    expect(preview.exportedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(preview.sample[1]).toMatchObject({ postId: '100064532198765_1094200300400500', reach: 24118, views: 33906, interactions: 1876 });
    expect(preview.problem).toBeUndefined();
    expect((await people.cm.api('GET', `/api/accounts/metricas-fb/metrics/${preview.importId}`)).json).toEqual(preview);
    expect(await stored('metricas-fb')).toBe(0);

    const done = await confirm(people.cm, 'metricas-fb', preview.importId);
    expect([done.status, done.json]).toEqual([200, { added: 3, unchanged: 0 }]);
    expect(await stored('metricas-fb')).toBe(3);
    expect(notices).toEqual(['mincul/metricas-fb']);
    const [row, ...more] = await auditModel(t.db).find({ action: 'metrics.imported', accountId: 'metricas-fb' }).lean();
    expect(more).toEqual([]);
    expect(row).toMatchObject({ entityId: 'mincul', actor: { kind: 'person', email: CM } });
    expect(row!.detail).toMatch(/^Publicaciones\.csv \(Meta Business Suite \(Facebook\/Instagram\), cifras al \d{4}-\d{2}-\d{2}\): 3 nuevas, 0 ya registradas$/);
    const after = (await people.cm.api('GET', `/api/accounts/metricas-fb/metrics/${preview.importId}`)).json;
    expect(after).toMatchObject({ result: { added: 3, unchanged: 0 }, known: 3, confirmedAt: expect.any(String) });

    // A double click: nothing more is stored, the first confirmation's figures and audit row stay.
    expect((await confirm(people.cm, 'metricas-fb', preview.importId)).json).toEqual({ added: 0, unchanged: 3 });
    expect(await auditModel(t.db).countDocuments({ action: 'metrics.imported', accountId: 'metricas-fb' })).toBe(1);
  });

  it('PCM 6.3.2 the same file again, even days later, changes nothing: it is read as of the day it first came, and no post is counted twice', async () => {
    // As if the first upload had been on 1 November: the same bytes keep that day.
    await metricsImportModel(t.db).updateMany({ accountId: 'metricas-fb' }, { $set: { uploadedOn: '2026-11-01', exportedOn: '2026-11-01' } });
    await postMetricModel(t.db).deleteMany({ accountId: 'metricas-fb' });
    const first = await upload(people.cm, 'metricas-fb', asMetaUtf16('meta-facebook-es.csv'));
    expect(first.json.exportedOn).toBe('2026-11-01');
    expect((await confirm(people.cm, 'metricas-fb', first.json.importId)).json).toEqual({ added: 3, unchanged: 0 });

    const again = await upload(people.cm, 'metricas-fb', asMetaUtf16('meta-facebook-es.csv'), 'otra-vez.csv');
    expect(again.json).toMatchObject({ exportedOn: '2026-11-01', known: 3, postCount: 3, importable: true });
    expect((await confirm(people.cm, 'metricas-fb', again.json.importId)).json).toEqual({ added: 0, unchanged: 3 });
    expect(await stored('metricas-fb')).toBe(3);
    // Another file of the same posts, with a later figure, is a later export: newer readings, which supersede, never add up.
    const changed = await upload(people.cm, 'metricas-fb', withCell('meta-facebook-es.csv', '12.480,9.315', '13.000,9.900'));
    expect(changed.json).toMatchObject({ known: 0, exportedOn: expect.not.stringMatching('2026-11-01') });
    expect((await confirm(people.cm, 'metricas-fb', changed.json.importId)).json).toEqual({ added: 3, unchanged: 0 });
    const latest = await postMetrics(t.db).latest('metricas-fb', new Date('2026-10-01T05:00:00Z'), new Date('2026-11-01T05:00:00Z'));
    expect(latest.map((p) => [p.reach, p.exportedOn === changed.json.exportedOn])).toEqual([[9900, true], [24118, true], [15002, true]]);
  });

  it('a file that cannot be read is refused at its field, naming the line and column, and nothing is kept', async () => {
    const imports = await metricsImportModel(t.db).countDocuments({ accountId: 'metricas-fb-2' });
    const bad = await upload(people.cm, 'metricas-fb-2', withCell('meta-facebook-es.csv', '10/05/2026 17:20', '5 de octubre'));
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('validation_failed');
    expect(bad.json.error.details).toEqual([{ field: 'archivo', rule: 'PCM 6.3.2', message: expect.stringMatching(/^Línea 3, columna «Hora de publicación»: /) }]);
    const unknown = await upload(people.cm, 'metricas-fb-2', Buffer.from('Nombre;Apellido\nAna;Paz\n'));
    expect([unknown.status, unknown.json.error.details[0].message]).toEqual([400, expect.stringContaining('No se reconoce el archivo')]);
    await people.cm.open('/');
    const none = await people.cm.upload('/api/accounts/metricas-fb-2/metrics', 'otro', file(Buffer.from('x')));
    expect(none.status).toBe(400);
    expect(await metricsImportModel(t.db).countDocuments({ accountId: 'metricas-fb-2' })).toBe(imports);
    expect(await stored('metricas-fb-2')).toBe(0);
  });

  it('another network\'s export previews with the reason and imports nothing: a Facebook file is not an X account\'s', async () => {
    const res = await upload(people.cm, 'metricas-x', asMetaUtf16('meta-facebook-es.csv'));
    expect(res.json).toMatchObject({ importable: false, networks: ['facebook'] });
    expect(res.json.problem).toBe('El archivo trae publicaciones de Facebook y esta cuenta es de X (Twitter): súbalo en la página de la cuenta de Facebook. No se importará nada de este archivo.');
    const refused = await confirm(people.cm, 'metricas-x', res.json.importId);
    expect([refused.status, refused.json.error.code, refused.json.error.details[0].field]).toEqual([400, 'validation_failed', 'archivo']);
    expect(await stored('metricas-x')).toBe(0);
    // Meta's Instagram export names its network per post, so it goes only to an Instagram account.
    const instagram = await upload(people.cm, 'metricas-ig', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fixture('meta-instagram-en-utf16.source.csv').toString('utf8'), 'utf16le')]));
    expect(instagram.json).toMatchObject({ importable: true, networks: ['instagram'], source: 'Meta Business Suite (Facebook/Instagram), en inglés' });
    // A template that mixes networks imports nothing anywhere: each account gets a file of its own posts.
    const mixed = await upload(people.cm, 'metricas-fb-2', Buffer.from('Red;ID de la publicación;Fecha y hora de publicación\r\nFacebook;1;01/10/2026 10:00\r\nInstagram;2;01/10/2026 11:00', 'utf8'));
    expect(mixed.json).toMatchObject({ importable: false, problem: 'El archivo mezcla publicaciones de Facebook y Instagram; esta cuenta es de Facebook: suba a cada cuenta un archivo solo con las suyas. No se importará nada de este archivo.' });
    expect((await upload(people.cm, 'metricas-fb-2', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fixture('meta-instagram-en-utf16.source.csv').toString('utf8'), 'utf16le')]))).json.importable).toBe(false);
  });

  it('only the head and the CM upload (account.manage); a team member and SCS are refused and store nothing; an unknown account is 404', async () => {
    for (const who of [people.requester, people.scs]) {
      const res = await upload(who, 'metricas-fb-2', asMetaUtf16('meta-facebook-es.csv'));
      expect([res.status, res.json.error.code]).toEqual([403, 'forbidden']);
    }
    expect((await upload(people.cm, 'no-existe', asMetaUtf16('meta-facebook-es.csv'))).status).toBe(404);
    const mine = await upload(people.cm, 'metricas-fb-2', asMetaUtf16('meta-facebook-es.csv'));
    expect((await people.scs.api('GET', `/api/accounts/metricas-fb-2/metrics/${mine.json.importId}`)).status).toBe(403);
    expect((await confirm(people.scs, 'metricas-fb-2', mine.json.importId)).status).toBe(403);
    expect((await people.cm.api('GET', '/api/accounts/metricas-fb-2/metrics/no-existe')).status).toBe(404);
    expect(await stored('metricas-fb-2')).toBe(0);
  });

  it('the after-import notice is best-effort: when it fails, the confirmation still answers and the import stays stored', async () => {
    const res = await upload(people.cm, 'metricas-fb-2', asMetaUtf16('meta-facebook-es.csv'));
    noticeFails = true;
    try {
      const done = await confirm(people.cm, 'metricas-fb-2', res.json.importId);
      expect([done.status, done.json]).toEqual([200, { added: 3, unchanged: 0 }]);
    } finally {
      noticeFails = false;
    }
    expect(notices.at(-1)).toBe('mincul/metricas-fb-2');
    expect(await stored('metricas-fb-2')).toBe(3);
  });
});

describe('the pages (issue 16 §1, §4)', () => {
  it('an unreadable file comes back to the upload page with the message at the field, HTTP 400', async () => {
    await people.cm.open('/cuentas/metricas-fb-2/metricas');
    const res = await people.cm.upload('/cuentas/metricas-fb-2/metricas', 'archivo', file(withCell('meta-facebook-es.csv', '10/05/2026 17:20', '5 de octubre')));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<p class="error" id="archivo-error">Línea 3, columna «Hora de publicación»: [^<]+\(PCM 6\.3\.2\)<\/p>/);
    expect(html).toContain('aria-invalid="true"');
  });

  it('the upload page is the head\'s and the CM\'s; the account page shows SCS the frequency without the upload link', async () => {
    expect((await people.scs.open('/cuentas/metricas-fb/metricas')).status).toBe(403);
    const seen = await people.scs.open('/cuentas/metricas-fb?mes=2026-10');
    expect(seen.status).toBe(200);
    expect(seen.html).toContain('Frecuencia de publicación (PCM 6.2.2.4)');
    expect(seen.html).not.toContain('Subir métricas');
    expect((await people.cm.open('/cuentas/metricas-fb?mes=2026-10')).html).toContain('href="/cuentas/metricas-fb/metricas"');
  });

  it('PCM 6.2.2.4 the account page judges the imported month: October\'s days with one Facebook post each are below the minimum; an account without imports says so', async () => {
    const { html } = await people.cm.open('/cuentas/metricas-fb?mes=2026-10');
    const section = html.slice(html.indexOf('id="frecuencia"'));
    expect(section).toContain('<h3>Octubre de 2026</h3>');
    expect(section).toContain('3 publicaciones.');
    expect(section).toContain('Por debajo del mínimo</span> 0 de 31 días cumplen.');
    // 31 October at 20:00 in Lima is 1 November in UTC: it is October's post.
    expect(section).toMatch(/<td class="missed"><span class="d">31<\/span> 1 /);
    expect(section).toContain('Sin publicaciones importadas de setiembre de 2026: no se evalúa.');
    expect(section).toContain('Últimas importaciones');
    const empty = (await people.cm.open('/cuentas/metricas-x')).html;
    expect(empty).toContain('Aún no se importaron métricas de esta cuenta');
  });

  it('PCM 6.2.2.4 a TikTok account, from the Custodio template, is judged by Monday–Sunday weeks, each in the month of its Thursday', async () => {
    const rows = ['28/09/2026 10:00', '29/09/2026 10:00', '01/10/2026 10:00', '06/10/2026 10:00'].map((when, i) => `TikTok;73000000000000000${i};${when}`);
    const res = await upload(people.cm, 'metricas-tt', Buffer.from(['Red;ID de la publicación;Fecha y hora de publicación', ...rows].join('\r\n'), 'utf8'), 'plantilla.csv');
    expect(res.json).toMatchObject({ kind: 'custodio-template', source: 'Plantilla de métricas de Custodio, en español', postCount: 4, importable: true });
    await confirm(people.cm, 'metricas-tt', res.json.importId);
    const { html } = await people.cm.open('/cuentas/metricas-tt?mes=2026-10');
    const october = html.slice(html.indexOf('<h3>Octubre de 2026</h3>'), html.indexOf('<h3>Setiembre de 2026</h3>'));
    expect(october).toContain('2 publicaciones.');
    expect(october).toContain('Por debajo del mínimo</span> 1 de 5 semanas cumplen.');
    expect(october).toContain('<tr class="met"><td>28 sep – 4 oct</td><td>3</td>');
    expect(october).toContain('<tr class="missed"><td>5 oct – 11 oct</td><td>1</td>');
  });

  it('the template downloads as CSV with its BOM, for anyone, and its guide lists every column of the file and of docs/plantilla-metricas.md', async () => {
    const csv = await fetch(`${t.url}/plantillas/metricas.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain('plantilla-metricas-custodio.csv');
    const text = Buffer.from(await csv.arrayBuffer()).toString('utf8');
    expect(text.startsWith('\uFEFFRed;ID de la publicación;')).toBe(true);
    const headers = text.slice(1).split(/\r?\n/)[0]!.split(';');
    const guide = await (await fetch(`${t.url}/plantillas/metricas`)).text();
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'plantilla-metricas.md'), 'utf8');
    for (const h of headers) {
      expect(guide).toContain(`<td data-label="Columna">${h}</td>`);
      expect(doc).toContain(`| ${h} |`);
    }
  });
});

it('housekeeping drops day-old previews nobody confirmed and the posts of confirmed ones, keeping their summary', async () => {
  const later = new Date(Date.now() + 2 * 86_400_000);
  const confirmed = await metricsImportModel(t.db).countDocuments({ confirmedAt: trusted({ $exists: true }) });
  await purgeMetricsPreviews(t.db, later);
  const left = await metricsImportModel(t.db).find({}).lean();
  expect(left).toHaveLength(confirmed);
  expect(left.every((d) => d.posts === undefined && d.postCount > 0)).toBe(true);
  // The account page still lists them, and a confirmed preview still answers.
  expect((await people.cm.open('/cuentas/metricas-fb')).html).toContain('Últimas importaciones');
  expect((await people.cm.api('GET', `/api/accounts/metricas-fb/metrics/${left.find((d) => d.accountId === 'metricas-fb')!._id}`)).json).toMatchObject({ sample: [], postCount: 3 });
});
