/**
 * In Debian's Chromium (issue 16 §5; PCM 6.3.5, 7.3): the SCS supervisor opens the Anexo 4 directory
 * from the home page, reads every supervised entity's accounts with their responsible people's phones,
 * and narrows it with the filters, whose downloads keep them; the entity's head reaches its own from its
 * accounts. On a desktop and at 390 px, nothing wider than the screen; axe-core finds no serious or
 * critical violation; screenshots go to .tools/screenshots/directorio-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { accountModel, type AccountDoc } from '../../infra/models/account';
import { startTestApp, type TestApp } from '../support/app';
import { launchChromium, signedInPage, visited as visitedPage, VIEWPORTS } from '../support/chromium';
import { HEAD, SCS } from '../support/registryApp';

jest.setTimeout(180_000);

let t: TestApp;
let chromium: Browser;

const account = (entityId: string, username: string, over: Partial<AccountDoc> = {}): AccountDoc => ({
  _id: `${entityId}-${username}`, entityId, network: 'facebook', username, managingEmail: `redes@${entityId}.gob.pe`, roles: [], status: 'active',
  activatedAt: new Date('2026-06-01T15:00:00Z'), origin: 'registered', url: `https://www.facebook.com/${username}`,
  responsibles: [{ name: 'Carla Rojas Díaz', phone: '987 654 321' }],
  description: 'Objetivos: difundir la agenda y los servicios de la entidad. Público objetivo: ciudadanía en general. Funciones: informar y orientar.',
  contentType: 'Noticias, agenda y videos cortos', ...over,
});

beforeAll(async () => {
  [t, chromium] = await Promise.all([startTestApp(), launchChromium()]);
  await accountModel(t.db).create([
    account('mincul', 'CulturaPeru', { responsibles: [{ name: 'Carla Rojas Díaz', phone: '987 654 321' }, { name: 'Bruno Salas Ríos', phone: '01 476-1234' }] }),
    account('mincul', 'CulturaVideos', { network: 'youtube', url: 'https://www.youtube.com/@CulturaVideos' }),
    account('mincul', 'CulturaAntigua', { status: 'retired' }),
    account('inpe', 'InpeOficial', { network: 'x', url: 'https://x.com/InpeOficial', responsibles: [{ name: 'Iván Torres Vargas', phone: '944 111 222' }] }),
    account('senace', 'SenacePeru', { network: 'instagram', url: 'https://www.instagram.com/SenacePeru' }),
    account('congreso', 'CongresoPeru'),
  ]);
});
afterAll(async () => {
  await chromium?.close();
  await t?.stop();
});

describe.each(['desktop', 'phone'] as const)('on a %s', (size) => {
  const visited = (page: Page, name: string) => visitedPage(page, `directorio-${size}-${name}`, VIEWPORTS[size].width);

  it('issue 16 §5: SCS opens the directory from its home page, reads every supervised entity\'s accounts with phones, and filters them', async () => {
    const { context, page } = await signedInPage(chromium, t.url, SCS, t.mailbox, VIEWPORTS[size]);
    try {
      await page.getByRole('link', { name: 'Directorio de cuentas (Anexo 4)' }).click();
      await page.waitForURL(/\/directorio$/);
      const all = await visited(page, '1-todas');
      expect(all).toContain('Cuentas 1–4 de 4.');
      for (const text of ['Instituto Nacional Penitenciario', 'InpeOficial', '944 111 222', 'SenacePeru', 'CulturaPeru', '01 476-1234', 'Noticias, agenda y videos cortos']) expect(all).toContain(text);
      // PCM 2: never the Congress; retired accounts only when asked.
      expect(all).not.toContain('CongresoPeru');
      expect(all).not.toContain('CulturaAntigua');

      await page.getByLabel('Buscar por cuenta o entidad').fill('cultura');
      await page.getByLabel('Red social').selectOption({ label: 'Facebook' });
      await page.getByLabel('Estado').selectOption({ label: 'Todas, también las de baja' });
      await page.getByRole('button', { name: 'Filtrar' }).click();
      await page.waitForURL(/network=facebook/);
      const filtered = await visited(page, '2-filtradas');
      expect(filtered).toContain('Cuentas 1–2 de 2.');
      expect(filtered).toContain('CulturaAntigua');
      expect(filtered).not.toContain('CulturaVideos');
      const xlsx = await page.getByRole('link', { name: 'Excel (.xlsx)' }).getAttribute('href');
      expect(new URLSearchParams(xlsx!.split('?')[1])).toEqual(new URLSearchParams({ network: 'facebook', state: 'todas', q: 'cultura' }));
    } finally {
      await context.close();
    }
  });
});

it('the entity\'s head reaches its own directory from its accounts, with the phones (Ley 29733: SCS and the head only)', async () => {
  const { context, page } = await signedInPage(chromium, t.url, HEAD, t.mailbox, VIEWPORTS.desktop);
  try {
    await page.goto('/entidades/mincul/cuentas');
    await page.getByRole('link', { name: 'Directorio de cuentas (Anexo 4)' }).click();
    await page.waitForURL(/\/entidades\/mincul\/directorio$/);
    const own = await visitedPage(page, 'directorio-desktop-3-titular', VIEWPORTS.desktop.width);
    expect(own).toContain('Directorio de cuentas de Ministerio de Cultura');
    expect(own).toContain('987 654 321');
    expect(own).not.toContain('InpeOficial');
  } finally {
    await context.close();
  }
});
