/**
 * In Debian's Chromium at 390 px: the Congress head says on an account's page to whom its password is
 * handed (CONGRESO 6.1.7) and records the institution's recovery phone (CONGRESO 6.2.3), fixing a refused
 * personal recovery address; axe-core finds no serious or critical violation, no page is wider than the
 * screen, and screenshots go to .tools/screenshots/custody-*.
 */
import type { Browser } from 'playwright-core';
import { accountModel } from '../../infra/models/account';
import { personModel } from '../../infra/models/person';
import { createRegistry } from '../../registry/reads';
import { launchChromium, signedInPage, visited as visitedPage, VIEWPORTS } from '../support/chromium';
import { OTHER_HEAD } from '../support/registryApp';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(120_000);

let stack: TestStack<never>;
let chromium: Browser;

beforeAll(async () => {
  [stack, chromium] = await Promise.all([startTestStack({}), launchChromium()]);
  await personModel(stack.db).create({ email: 'psoto@congreso.gob.pe', name: 'Pablo Soto Ruiz', memberships: [{ entityId: 'congreso', role: 'team', since: new Date() }] });
  await createRegistry(stack.db).rosterChanged(['congreso']);
  await accountModel(stack.db).create({
    _id: 'congreso-tiktok', entityId: 'congreso', network: 'tiktok', username: 'congresoperu', managingEmail: 'redes@congreso.gob.pe', roles: [], status: 'active', activatedAt: new Date(),
  });
});
afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
});

it('CONGRESO 6.1.7, 6.2.3 at 390 px: the head hands the password to a team member and records the recovery phone, fixing a personal recovery address', async () => {
  const { context, page } = await signedInPage(chromium, stack.apiUrl, OTHER_HEAD, stack.mailbox, VIEWPORTS.phone);
  const visited = (name: string) => visitedPage(page, `custody-phone-${name}`, VIEWPORTS.phone.width);
  try {
    await page.goto('/cuentas/congreso-tiktok');
    const first = await visited('1-cuenta');
    expect(first).toContain('Quiénes tienen la contraseña (CONGRESO 6.1.7)');
    expect(first).toContain('No se entregó a nadie más.');
    await page.getByLabel(/Pablo Soto Ruiz/).check();
    await page.getByRole('button', { name: 'Guardar a quiénes se entrega' }).click();
    const handed = await visited('2-entregada');
    expect(handed).toContain('Se guardó a quiénes se entrega la contraseña');
    expect(handed).toContain('La jefatura la entregó además a: Pablo Soto Ruiz (psoto@congreso.gob.pe), equipo');

    await page.getByLabel('Código patrimonial del equipo').fill('CR-0042');
    await page.getByLabel('Número de la línea').fill('+51 987 000 111');
    await page.getByLabel('Correo de recuperación').fill('redes.congreso@gmail.com');
    await page.getByRole('button', { name: 'Registrar el equipo de recuperación' }).click();
    const refused = await visited('3-recuperacion-rechazada');
    expect(refused).toContain('Confirme que el equipo y la línea son de propiedad de la institución');
    expect(refused).toContain('El correo de recuperación es siempre institucional');
    expect(await page.getByLabel('Código patrimonial del equipo').inputValue()).toBe('CR-0042');
    await page.getByLabel('Correo de recuperación').fill('recuperacion@congreso.gob.pe');
    await page.getByLabel('El equipo y la línea son de propiedad de la institución.').check();
    await page.getByRole('button', { name: 'Registrar el equipo de recuperación' }).click();
    const recorded = await visited('4-recuperacion-registrada');
    expect(recorded).toContain('Se registró el equipo de recuperación');
    expect(recorded).toContain('+51 987 000 111');
  } finally {
    await context.close();
  }
});
