/**
 * PCM 5.2.5 over HTTP against the demo registry: an account whose imported exports show no publication
 * for the entity's period is flagged on its page and by `GET /api/accounts/:id/continuity`; the head
 * tunes the period on the settings page, refused in Spanish outside its bounds.
 */
import type { PlatformExport } from '../../domain/metrics';
import { accountModel } from '../../infra/models/account';
import { postMetrics } from '../../registry/postMetrics';
import { useRegistryApp } from '../support/registryApp';

jest.setTimeout(60_000);

const { t, as } = useRegistryApp();
const continuity = () => as.head.api('GET', '/api/accounts/silent-fb/continuity');

beforeAll(async () => {
  await accountModel(t.db).create({
    _id: 'silent-fb', entityId: 'mincul', network: 'facebook', username: 'CulturaCampana', managingEmail: 'redes@cultura.gob.pe', roles: [], status: 'active', activatedAt: new Date('2026-01-05T14:00:00Z'),
  });
  const file: PlatformExport = {
    kind: 'meta-posts', language: 'es', exportedOn: '2026-11-30', skipped: [],
    posts: [{ network: 'facebook', postId: '9', publishedAt: '2026-08-01T15:00:00Z', url: 'https://www.facebook.com/CulturaCampana/posts/9', reach: 40 }],
  };
  await postMetrics(t.db).store({ entityId: 'mincul', accountId: 'silent-fb' }, file);
});

it('PCM 5.2.5: an account silent for the default 60 days is flagged, with since when and up to which export', async () => {
  const res = await continuity();
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ clause: 'PCM 5.2.5', days: 60, state: 'inactive', lastPublishedOn: '2026-08-01', exportedOn: '2026-11-30', silentDays: 121 });
  expect(res.json.message).toContain('decida reactivarla o cerrarla (PCM 5.2.5)');
  const page = await as.head.open('/cuentas/silent-fb');
  expect(page.html).toContain('Cuenta sin actividad:');
  expect(page.html).toContain('si se cierra, <a href="/cuentas/silent-fb/cierre">pida su cierre</a>');
});

it('PCM 5.2.5: the head decides to keep the account, saying what will be published; the flag then reports the decision instead of asking; the CM may not decide', async () => {
  const short = await as.head.api('POST', '/api/accounts/silent-fb/continuity/reactivation', { plan: 'Pronto' });
  expect([short.status, short.json.error.details[0].message]).toEqual([400, 'Describa en al menos 20 caracteres qué se publicará y desde cuándo.']);
  expect((await as.cm.api('POST', '/api/accounts/silent-fb/continuity/reactivation', { plan: 'Tres publicaciones por semana desde el lunes.' })).status).toBe(403);
  const page = await as.head.open('/cuentas/silent-fb/cierre');
  expect(page.html).toContain('Mantener la cuenta');
  const kept = await as.head.submit('/cuentas/silent-fb/reactivacion', { plan: 'Tres publicaciones por semana desde el lunes, con la agenda de museos.' });
  expect([kept.status, kept.headers.get('location')]).toEqual([303, '/cuentas/silent-fb/cierre?hecho=reactivada']);
  const res = await continuity();
  expect(res.json).toMatchObject({ state: 'inactive', reactivation: { by: 'aquispe@cultura.gob.pe', plan: 'Tres publicaciones por semana desde el lunes, con la agenda de museos.', stands: true } });
  expect(res.json.message).toMatch(/El\/la titular decidió reactivarla el .*: «Tres publicaciones por semana desde el lunes, con la agenda de museos.» \(PCM 5\.2\.5\)\.$/);
  expect(res.json.message).not.toContain('decida reactivarla o cerrarla');
  expect((await as.head.open('/cuentas/silent-fb/cierre')).html).not.toContain('Mantener la cuenta');
});

it('PCM 5.2.5: the head sets a longer period on the settings page, and the account is no longer flagged', async () => {
  await as.head.open('/entidades/mincul/ajustes');
  const saved = await as.head.submit('/entidades/mincul/ajustes/inactividad', { inactivityDays: '150' });
  expect(saved.status).toBe(303);
  expect((await continuity()).json).toMatchObject({ days: 150, state: 'active' });
  expect((await as.head.open('/cuentas/silent-fb')).html).not.toContain('Cuenta sin actividad');
});

it('a period outside 14 to 365 days is refused in Spanish at its field, keeping the one in force', async () => {
  await as.head.open('/entidades/mincul/ajustes');
  const refused = await as.head.submit('/entidades/mincul/ajustes/inactividad', { inactivityDays: '7' });
  expect(refused.status).toBe(400);
  const html = await refused.text();
  expect(html).toContain('Al menos 14 días');
  expect(html).toContain('aria-invalid="true"');
  const api = await as.head.api('PATCH', '/api/entities/mincul', { inactivityDays: 400 });
  expect(api.status).toBe(400);
  expect(api.json.error.details).toEqual([expect.objectContaining({ field: 'inactivityDays', message: expect.stringContaining('A lo más 365 días') })]);
  expect((await continuity()).json.days).toBe(150);
});

it('PCM 5.2.5: an account never exported is not judged, however old', async () => {
  await accountModel(t.db).create({ _id: 'new-ig', entityId: 'mincul', network: 'instagram', username: 'CulturaNueva', managingEmail: 'redes@cultura.gob.pe', roles: [], status: 'active', activatedAt: new Date('2025-01-05T14:00:00Z') });
  expect((await as.head.api('GET', '/api/accounts/new-ig/continuity')).json).toEqual({ clause: 'PCM 5.2.5', days: 150, state: 'unmeasured' });
});
