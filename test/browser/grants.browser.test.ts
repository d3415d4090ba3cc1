/**
 * In Debian's Chromium (issue 15 §2, §4): agency grants as pages (PCM 6.1.2.10). From home → the
 * entity's accounts → an account, the community manager (on a phone) or the head (on a desktop) gives an
 * agency access for a campaign, is told in Spanish what is missing, reads the grant's page and ends it
 * early with a reason. axe-core finds no serious or critical violation on any page, nothing overflows.
 */
import type { Browser, Page } from 'playwright-core';
import { limaDate } from '../../domain/businessDays';
import { launchChromium, signedInPage, visited as visitedPage, VIEWPORTS } from '../support/chromium';
import { CM, HEAD } from '../support/registryApp';
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

const visited = (page: Page, name: string, width: number) => visitedPage(page, `grants-${name}`, width);

const register = async (username: string) => {
  const res = await stack.as.head.api('POST', '/api/entities/mincul/accounts', {
    network: 'facebook', username, managingEmail: 'redes@cultura.gob.pe', responsibles: [{ name: 'Carla Rojas Díaz', phone: '987 654 321' }],
    description: 'Agenda cultural del Ministerio para el público general.', contentType: 'Noticias', lastRotatedOn: '2026-11-20',
  });
  expect(res.status).toBe(201);
};

const plusDays = (day: string, k: number) => new Date(Date.parse(`${day}T12:00:00Z`) + k * 86_400_000).toISOString().slice(0, 10);

async function grantAndEnd(page: Page, username: string, size: 'phone' | 'desktop', width: number): Promise<void> {
  await page.getByRole('link', { name: 'Cuentas de Ministerio de Cultura' }).click();
  await page.getByRole('link', { name: username, exact: true }).click();
  expect(await visited(page, `${size}-1-cuenta`, width)).toContain('Ninguna agencia tiene ni tuvo acceso a esta cuenta.');
  await page.getByRole('link', { name: 'Dar acceso a una agencia para una campaña' }).click();

  // The partner role without a Business Manager ID is refused, with the error at its field.
  await page.getByLabel('Nombre de la agencia').fill('Agencia Sol Naciente');
  await page.getByRole('radio', { name: /Socio/ }).check();
  await page.getByLabel('Campaña', { exact: true }).fill('Verano Cultural');
  await page.getByLabel('Primer día de la campaña').fill(limaDate(new Date()));
  await page.getByLabel('Último día de la campaña').fill(plusDays(limaDate(new Date()), 30));
  await page.getByRole('button', { name: 'Registrar el acceso' }).click();
  await page.getByRole('alert').waitFor();
  expect(await visited(page, `${size}-2-error`, width)).toContain('El rol de socio se otorga a través de Business Manager');
  await page.getByRole('link', { name: /El rol de socio se otorga/ }).click();
  await page.getByLabel(/^ID de Business Manager/).fill('1234567890123456');
  await page.getByRole('button', { name: 'Registrar el acceso' }).click();
  await page.getByText('Se registró el acceso.').waitFor();
  const granted = await visited(page, `${size}-3-acceso`, width);
  expect(granted).toContain('Acceso de Agencia Sol Naciente');
  expect(granted).toContain('Socio (Business Manager)');

  await page.getByLabel('Motivo').fill('La campaña se suspendió por el duelo nacional.');
  await page.getByRole('button', { name: 'Terminar el acceso antes' }).click();
  await page.getByText('Se registró el término anticipado').waitFor();
  expect(await visited(page, `${size}-4-terminado`, width)).not.toContain('Terminar el acceso antes');
  await page.getByRole('link', { name: `← Facebook · ${username}` }).click();
  expect(await visited(page, `${size}-5-cuenta`, width)).toContain('Agencia Sol Naciente');
}

it('on a phone, PCM 6.1.2.10: the community manager gives an agency access for a campaign from the account page and ends it early', async () => {
  const username = `CulturaAgencia${Date.now().toString(36).slice(-4)}`;
  await register(username);
  const { context, page } = await signedInPage(chromium, stack.apiUrl, CM, stack.mailbox, VIEWPORTS.phone);
  try {
    await grantAndEnd(page, username, 'phone', VIEWPORTS.phone.width);
  } finally {
    await context.close();
  }
});

it('on a desktop, PCM 6.1.2.10: the head gives an agency access for a campaign from the account page and ends it early', async () => {
  const username = `CulturaAgencias${Date.now().toString(36).slice(-4)}`;
  await register(username);
  const { context, page } = await signedInPage(chromium, stack.apiUrl, HEAD, stack.mailbox, VIEWPORTS.desktop);
  try {
    await grantAndEnd(page, username, 'desktop', VIEWPORTS.desktop.width);
  } finally {
    await context.close();
  }
});
