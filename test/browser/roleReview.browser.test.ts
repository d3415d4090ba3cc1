/**
 * In Debian's Chromium (issue 15 §2, §4): the head corrects page roles from the monthly review page
 * (PCM 6.1.2.11): home → accounts → reviews → this month's review, where an account without admins and
 * without SCS (PCM 5.1.10, 6.1.1.6) is corrected in place; then the head gives conformity from the same
 * page. On a phone and on a desktop; axe-core finds no serious or critical violation on any page.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage, visited as visitedPage, VIEWPORTS } from '../support/chromium';
import { CM, HEAD, SCS } from '../support/registryApp';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(150_000);

let stack: TestStack<'head'>;
let chromium: Browser;

beforeAll(async () => {
  [stack, chromium] = await Promise.all([startTestStack({ head: HEAD }), launchChromium()]);
});
afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
});

const visited = (page: Page, name: string, width: number) => visitedPage(page, `revision-${name}`, width);

const register = async (username: string) => {
  const res = await stack.as.head.api('POST', '/api/entities/mincul/accounts', {
    network: 'facebook', username, managingEmail: 'redes@cultura.gob.pe', responsibles: [{ name: 'Carla Rojas Díaz', phone: '987 654 321' }],
    description: 'Agenda cultural del Ministerio para el público general.', contentType: 'Noticias', lastRotatedOn: '2026-11-20',
  });
  expect(res.status).toBe(201);
  return res.json.accountId as string;
};

/** From the home page to this month's review, opening it if nobody had. */
async function toReview(page: Page, size: 'phone' | 'desktop', width: number): Promise<void> {
  await page.getByRole('link', { name: 'Cuentas de Ministerio de Cultura' }).click();
  await page.getByRole('link', { name: 'Revisiones mensuales de roles de página' }).click();
  await visited(page, `${size}-1-revisiones`, width);
  await page.getByRole('button', { name: 'Abrir la revisión de este mes' }).click();
  await page.getByRole('heading', { level: 1, name: /^Revisión de roles de / }).waitFor();
}

async function correct(page: Page, accountId: string, size: 'phone' | 'desktop', width: number): Promise<void> {
  const section = page.locator(`section#c-${accountId}`);
  expect(await section.innerText()).toMatch(/PCM 5\.1\.10[\s\S]*PCM 6\.1\.1\.6/);
  await visited(page, `${size}-2-revision`, width);
  const people: Array<[string, string]> = [['Ana Quispe', HEAD], ['Carla Rojas', CM], ['Coordinación de Comunicación Digital (SCS)', SCS]];
  for (const [i, [name, email]] of people.entries()) {
    await section.getByLabel(`Persona ${i + 1}`, { exact: true }).fill(name);
    await section.getByLabel('Correo').nth(i).fill(email);
    await section.getByLabel('Rol').nth(i).selectOption('admin');
  }
  await section.getByRole('button', { name: 'Guardar los roles' }).click();
  await page.getByText('Se guardaron los roles').waitFor();
  const after = page.locator(`section#c-${accountId}`);
  expect(await after.innerText()).not.toMatch(/PCM 5\.1\.10|PCM 6\.1\.1\.6/);
  await visited(page, `${size}-3-corregida`, width);
}

it('on a phone, PCM 6.1.2.11: the head corrects an account\'s roles on the review page and its anomalies go', async () => {
  const accountId = await register(`CulturaTelefono${Date.now().toString(36).slice(-4)}`);
  const { context, page } = await signedInPage(chromium, stack.apiUrl, HEAD, stack.mailbox, VIEWPORTS.phone);
  try {
    await toReview(page, 'phone', VIEWPORTS.phone.width);
    await correct(page, accountId, 'phone', VIEWPORTS.phone.width);
  } finally {
    await context.close();
  }
});

it('on a desktop, PCM 6.1.2.11: the head corrects roles and then gives conformity from the review page', async () => {
  const accountId = await register(`CulturaEscritorio${Date.now().toString(36).slice(-4)}`);
  const { context, page } = await signedInPage(chromium, stack.apiUrl, HEAD, stack.mailbox, VIEWPORTS.desktop);
  try {
    await toReview(page, 'desktop', VIEWPORTS.desktop.width);
    await correct(page, accountId, 'desktop', VIEWPORTS.desktop.width);
    await page.getByRole('link', { name: 'Doy conformidad' }).click();
    expect(await visited(page, 'desktop-4-confirmar', VIEWPORTS.desktop.width)).toContain('(PCM 5.2.7)');
    await page.getByLabel(/Revisé a quiénes siguen las cuentas/).check();
    await page.getByRole('button', { name: 'Doy conformidad' }).click();
    await page.getByText('Quedó registrado').waitFor();
    await page.getByRole('link', { name: 'Ver el estado del proceso' }).click();
    // The process writes the review's row a moment after the decision is taken: the page says so once it has.
    for (let i = 0; i < 40 && !/Estado\s+Conforme/.test(await page.locator('main').innerText()); i++) {
      await page.waitForTimeout(250);
      await page.reload();
    }
    expect(await visited(page, 'desktop-5-conforme', VIEWPORTS.desktop.width)).toMatch(/Estado\s+Conforme/);
  } finally {
    await context.close();
  }
});
