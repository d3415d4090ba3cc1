/**
 * In Debian's Chromium: a security incident end to end (PCM 6.1.1.7; DU 007-2020). The CM reports it
 * from the accounts page (told in Spanish what is missing first); the page shows the rotation asked for
 * and the timeline; the head ticks the checklist from the incident's page, confirms the CNSD's notice and
 * closes it with a report. On a phone and a desktop; axe-core finds no serious violation, nothing overflows.
 */
import type { Browser, Page } from 'playwright-core';
import { accountModel } from '../../infra/models/account';
import { launchChromium, signedInPage, visited as visitedPage, VIEWPORTS } from '../support/chromium';
import { eventually } from '../support/eventually';
import { CM, HEAD } from '../support/registryApp';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(180_000);

let stack: TestStack<'head'>;
let chromium: Browser;

beforeAll(async () => {
  const prepare = (s: { db: Parameters<typeof accountModel>[0] }) =>
    accountModel(s.db).create({ _id: 'incidente-fb', entityId: 'mincul', network: 'facebook', username: 'CulturaPeru', managingEmail: 'redes@cultura.gob.pe', roles: [], status: 'active', activatedAt: new Date() });
  [stack, chromium] = await Promise.all([startTestStack({ head: HEAD }, { prepare }), launchChromium()]);
});
afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
});

const visited = (page: Page, name: string, width: number) => visitedPage(page, `incidentes-${name}`, width);
let incidentUrl = '';

it('on a phone, PCM 6.1.1.7: the CM reports a compromised account from the accounts page', async () => {
  const { context, page } = await signedInPage(chromium, stack.apiUrl, CM, stack.mailbox, VIEWPORTS.phone);
  const width = VIEWPORTS.phone.width;
  try {
    await page.getByRole('link', { name: 'Cuentas de Ministerio de Cultura' }).click();
    await page.getByRole('link', { name: 'Incidentes de seguridad' }).click();
    expect(await visited(page, 'phone-1-lista', width)).toContain('Aún no se reportaron incidentes');
    await page.getByRole('link', { name: 'Reportar un incidente' }).click();
    await page.getByRole('button', { name: 'Reportar el incidente' }).click();
    await page.getByRole('alert').waitFor();
    const errors = await visited(page, 'phone-2-error', width);
    expect(errors).toContain('Elija el tipo de incidente');
    expect(errors).toContain('Describa qué ocurrió');
    await page.getByLabel('Cuenta comprometida').check();
    await page.getByLabel('Facebook · CulturaPeru').check();
    await page.getByLabel('Qué ocurrió').fill('Alguien publicó desde la página un enlace fraudulento de sorteo.');
    await page.getByLabel('Cuándo se advirtió (hora de Lima)').fill('2026-01-05T09:15');
    await page.getByRole('button', { name: 'Reportar el incidente' }).click();
    await page.getByText('Incidente reportado').waitFor();
    incidentUrl = new URL(page.url()).pathname;
    await eventually(async () => (await page.reload(), await page.textContent('main')), (t) => Boolean(t?.includes('pidió el cambio inmediato de contraseñas')), 'the rotation on the timeline');
    const shown = await visited(page, 'phone-3-incidente', width);
    expect(shown).toContain('Facebook · CulturaPeru — cambio inmediato de contraseña pedido');
    expect(shown).toContain('Recuperar el acceso a las cuentas afectadas: pendiente');
  } finally {
    await context.close();
  }
});

it('on a desktop, the head ticks the checklist from the incident\'s page, confirms the CNSD\'s notice and closes it with a report', async () => {
  const { context, page } = await signedInPage(chromium, stack.apiUrl, HEAD, stack.mailbox, VIEWPORTS.desktop);
  const width = VIEWPORTS.desktop.width;
  try {
    await page.goto(`${stack.apiUrl}${incidentUrl}`);
    await visited(page, 'desktop-1-incidente', width);
    for (let i = 0; i < 3; i++) {
      await page.getByRole('link', { name: 'Marcar como hecho' }).first().click();
      if (i === 2) expect(await visited(page, 'desktop-2-cnsd', width)).toContain('incidentes@cnsd.gob.pe');
      await page.getByRole('button', { name: 'Confirmar' }).click();
      await page.goto(`${stack.apiUrl}${incidentUrl}`);
    }
    await eventually(async () => (await page.reload(), await page.textContent('main')), (t) => Boolean(t?.includes('Escribir el informe de cierre')), 'the closing step');
    await page.getByRole('link', { name: 'Escribir el informe de cierre' }).click();
    await page.getByRole('button', { name: 'Enviar informe de cierre' }).click();
    expect(await visited(page, 'desktop-3-informe-error', width)).toContain('Escriba el informe de cierre');
    await page.getByLabel('Qué ocurrió, qué se hizo y qué cambia para que no se repita').fill('Se recuperó el acceso, se retiró un rol ajeno y se cambió la contraseña; se activó la verificación en dos pasos.');
    await page.getByRole('button', { name: 'Enviar informe de cierre' }).click();
    await page.goto(`${stack.apiUrl}${incidentUrl}`);
    await eventually(async () => (await page.reload(), await page.textContent('main')), (t) => Boolean(t?.includes('Cerrado')), 'the incident closed');
    const closed = await visited(page, 'desktop-4-cerrado', width);
    expect(closed).toContain('Se recuperó el acceso, se retiró un rol ajeno');
    expect(closed).toContain('Custodio envió el aviso del incidente al Centro Nacional de Seguridad Digital (incidentes@cnsd.gob.pe).');
    expect(closed).toContain('Cerró el incidente con su informe de cierre.');
    // SCS heard of it and of its closing; the CNSD got its notice.
    const to = (address: string) => stack.mailbox.list().filter((m) => m.to.includes(address)).map((m) => m.subject);
    expect(to('rrss_scs@pcm.gob.pe').some((s) => s.startsWith('Incidente de seguridad digital en cuentas'))).toBe(true);
    expect(to('incidentes@cnsd.gob.pe')).toEqual(['Reporte de incidente de seguridad digital – Ministerio de Cultura']);
  } finally {
    await context.close();
  }
});
