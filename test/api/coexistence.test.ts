/**
 * The norms of coexistence (issue 19 §3; PCM 6.2.2.6, Anexo 6): a public page per entity from the
 * directive's text with the entity's name and its active accounts; the head adapts them (every problem
 * at its field, what was typed kept), goes back to the directive's text, and nobody else may.
 */
import { accountModel } from '../../infra/models/account';
import { auditModel } from '../../infra/models/audit';
import { startTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { stubTemporal } from '../support/stubTemporal';

jest.setTimeout(60_000);

let t: TestApp;
const head = () => as.head;
const as = {} as Record<'head' | 'cm' | 'anonymous', Browser>;

beforeAll(async () => {
  t = await startTestApp({ temporal: stubTemporal().client });
  as.head = new Browser(t.url);
  await as.head.signIn('aquispe@cultura.gob.pe', t.mailbox);
  as.cm = new Browser(t.url);
  await as.cm.signIn('crojas@cultura.gob.pe', t.mailbox);
  as.anonymous = new Browser(t.url);
  const base = { entityId: 'mincul', managingEmail: 'redes@cultura.gob.pe', roles: [], requestId: 'r', activatedAt: new Date() };
  await accountModel(t.db).insertMany([
    { ...base, _id: 'cx-fb', network: 'facebook', username: 'CulturaPeru', url: 'https://www.facebook.com/CulturaPeru', status: 'active' },
    { ...base, _id: 'cx-old', network: 'x', username: 'CulturaAntigua', status: 'retired' },
  ]);
});
afterAll(() => t.stop());

it('PCM 6.2.2.6, Anexo 6: anyone reads the entity\'s norms without signing in: the directive\'s text with the entity\'s name, and its active accounts only', async () => {
  const res = await as.anonymous.open('/convivencia/mincul');
  expect(res.status).toBe(200);
  expect(res.html).toContain('Ministerio de Cultura, por medio de sus cuentas en redes sociales, promueve y garantiza una convivencia respetuosa');
  expect(res.html).toContain('<li>Evita el cyberbullying.</li>');
  expect(res.html).toContain('<a href="https://www.facebook.com/CulturaPeru" rel="noopener noreferrer">CulturaPeru</a>');
  expect(res.html).not.toContain('CulturaAntigua');
  expect(res.html).toContain('Según el Anexo 6 de la Directiva N° 03-2022-PCM/SCS.');
  expect((await as.anonymous.open('/convivencia/no-existe')).status).toBe(404);
  // The Congress is not bound by the PCM directive: its page does not cite it.
  expect((await as.anonymous.open('/convivencia/congreso')).html).not.toContain('Anexo 6');
});

it('PCM 6.2.2.6, Anexo 6: the head adapts the norms; a short presentation and too few norms come back at their fields with what was typed; the CM may not', async () => {
  const form = await head().open('/entidades/mincul/convivencia');
  expect(form.status).toBe(200);
  expect(form.html).toContain('Hoy se publica el texto de la directiva.');
  const bad = await head().submit('/entidades/mincul/convivencia', { intro: 'Corta', rules: 'Una\nDos normas\n' });
  const html = await bad.text();
  expect(bad.status).toBe(400);
  expect(html).toContain('Escriba la presentación en al menos 20 caracteres.');
  expect(html).toContain('Escriba al menos 3 normas, una por línea.');
  expect(html).toContain('>Corta</textarea>');
  const rules = ['Respeta a los demás usuarios.', 'No publiques datos personales de terceros.', 'Los comentarios ofensivos se ocultan o se denuncian (PCM 6.2.2.13).'];
  const ok = await head().submit('/entidades/mincul/convivencia', { intro: 'El Ministerio de Cultura conversa con la ciudadanía con respeto:', rules: rules.join('\r\n') });
  expect([ok.status, ok.headers.get('location')]).toEqual([303, '/entidades/mincul/convivencia?hecho=guardado']);
  const published = await as.anonymous.open('/convivencia/mincul');
  expect(published.html).toContain('El Ministerio de Cultura conversa con la ciudadanía con respeto:');
  expect(published.html).toContain('<li>No publiques datos personales de terceros.</li>');
  expect(published.html).not.toContain('cyberbullying');
  expect(published.html).toContain('Adaptadas por la entidad a partir del Anexo 6');
  expect(await auditModel(t.db).findOne({ action: 'entity.changed', entityId: 'mincul', detail: /coexistenceRules/ }).lean()).toMatchObject({ actor: { email: 'aquispe@cultura.gob.pe' } });

  await as.cm.open('/entidades/mincul/ajustes').catch(() => undefined);
  expect((await as.cm.submit('/entidades/mincul/convivencia', { intro: 'Intento del community manager, que no puede.', rules: rules.join('\n') })).status).toBe(403);

  await head().open('/entidades/mincul/convivencia');
  const restored = await head().submit('/entidades/mincul/convivencia', { restaurar: 'si' });
  expect(restored.headers.get('location')).toBe('/entidades/mincul/convivencia?hecho=restaurado');
  expect((await as.anonymous.open('/convivencia/mincul')).html).toContain('Evita el cyberbullying.');
});
