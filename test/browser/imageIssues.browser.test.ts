/**
 * In Debian's Chromium: a matter that can affect the institution's image end to end (PCM 6.2.2.14).
 * The CM informs it from the accounts page (told in Spanish what is missing first); the head
 * acknowledges it from the matter's page and raises it to the Secretaría General, whose emailed link
 * acknowledges it in turn. On a phone and a desktop; axe-core finds no serious violation, nothing overflows.
 */
import type { Browser, Page } from 'playwright-core';
import { accountModel } from '../../infra/models/account';
import { linkIn } from '../support/browser';
import { launchChromium, signedInPage, visited as visitedPage, VIEWPORTS } from '../support/chromium';
import { eventually } from '../support/eventually';
import { CM, HEAD } from '../support/registryApp';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(180_000);

let stack: TestStack<'head'>;
let chromium: Browser;
const SUPERIOR = 'secretaria.general@cultura.gob.pe';

beforeAll(async () => {
  const prepare = (s: { db: Parameters<typeof accountModel>[0] }) =>
    accountModel(s.db).create({ _id: 'asunto-x', entityId: 'mincul', network: 'x', username: 'CulturaPeru', managingEmail: 'redes@cultura.gob.pe', roles: [], status: 'active', activatedAt: new Date() });
  [stack, chromium] = await Promise.all([startTestStack({ head: HEAD }, { prepare }), launchChromium()]);
});
afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
});

const visited = (page: Page, name: string, width: number) => visitedPage(page, `asuntos-${name}`, width);
let issueUrl = '';

it('on a phone, PCM 6.2.2.14: the CM informs the head of a matter from the accounts page', async () => {
  const { context, page } = await signedInPage(chromium, stack.apiUrl, CM, stack.mailbox, VIEWPORTS.phone);
  const width = VIEWPORTS.phone.width;
  try {
    await page.getByRole('link', { name: 'Cuentas de Ministerio de Cultura' }).click();
    await page.getByRole('link', { name: 'Asuntos que pueden afectar la imagen' }).click();
    expect(await visited(page, 'phone-1-lista', width)).toContain('Aún no se informaron asuntos');
    await page.getByRole('link', { name: 'Informar un asunto' }).click();
    await page.getByLabel('Enlaces a las publicaciones o comentarios (uno por línea, opcional)').fill('no es un enlace');
    await page.getByRole('button', { name: 'Informar al/la titular' }).click();
    await page.getByRole('alert').waitFor();
    const errors = await visited(page, 'phone-2-error', width);
    expect(errors).toContain('Indique el asunto');
    expect(errors).toContain('Línea 1: Cada enlace debe empezar con https://');
    await page.getByLabel('Asunto', { exact: true }).fill('Críticas por el cierre del museo');
    await page.getByLabel('Qué se está diciendo en las redes y por qué puede afectar la imagen').fill('Usuarios comparten que el museo cerró sin aviso; el tema crece en X desde la mañana.');
    await page.getByLabel('Enlaces a las publicaciones o comentarios (uno por línea, opcional)').fill('https://x.com/usuario/status/1');
    await page.getByLabel('X (Twitter) · CulturaPeru').check();
    await page.getByRole('button', { name: 'Informar al/la titular' }).click();
    await page.getByText('Asunto informado').waitFor();
    issueUrl = new URL(page.url()).pathname;
    await eventually(async () => (await page.reload(), await page.textContent('main')), (t) => Boolean(t?.includes('Espera el acuse de')), 'the head asked');
    const shown = await visited(page, 'phone-3-asunto', width);
    expect(shown).toContain('Pendiente de acuse');
    expect(shown).toContain('X (Twitter) · CulturaPeru');
  } finally {
    await context.close();
  }
});

it('on a desktop, PCM 6.2.2.14: the head acknowledges and raises it; the superior acknowledges from the emailed link', async () => {
  const { context, page } = await signedInPage(chromium, stack.apiUrl, HEAD, stack.mailbox, VIEWPORTS.desktop);
  const width = VIEWPORTS.desktop.width;
  try {
    await page.goto(`${stack.apiUrl}${issueUrl}`);
    await page.getByRole('link', { name: 'Acusar recibo' }).click();
    await page.getByLabel('Nombre y cargo').fill('Secretaría General');
    await page.getByRole('button', { name: 'Acusar recibo' }).click();
    expect(await visited(page, 'desktop-1-elevar-error', width)).toContain('indique el nombre y el correo');
    await page.getByLabel('Correo').fill(SUPERIOR);
    await page.getByLabel('Nota para el equipo (opcional)').fill('Preparen una nota aclaratoria.');
    await page.getByRole('button', { name: 'Acusar recibo' }).click();
    await page.goto(`${stack.apiUrl}${issueUrl}`);
    await eventually(async () => (await page.reload(), await page.textContent('main')), (t) => Boolean(t?.includes('Espera el acuse de Secretaría General')), 'the matter raised');
    expect(await visited(page, 'desktop-2-elevado', width)).toContain('Lo elevó a Secretaría General (secretaria.general@cultura.gob.pe).');

    // The superior is not signed in: the emailed link alone acknowledges.
    const mail = await stack.mailbox.waitFor((m) => m.to.includes(SUPERIOR), 60_000);
    const outsider = await chromium.newContext({ viewport: VIEWPORTS.desktop });
    const other = await outsider.newPage();
    await other.goto(linkIn(mail, 'Acusar recibo'));
    await other.getByRole('button', { name: 'Acusar recibo' }).click();
    await outsider.close();
    await eventually(async () => (await page.reload(), await page.textContent('main')), (t) => Boolean(t?.includes('Atendido')), 'the matter done');
    const done = await visited(page, 'desktop-3-atendido', width);
    expect(done).toContain(`Acusó recibo ${SUPERIOR}`);
    expect(done).toContain('Tomó conocimiento del asunto elevado.');
    // The CM heard of both acknowledgements.
    const toCm = stack.mailbox.list().filter((m) => m.to.includes(CM) || (m.cc ?? []).includes(CM)).map((m) => m.subject);
    expect(toCm).toEqual(expect.arrayContaining(['Asunto recibido por el/la titular – Críticas por el cierre del museo', 'Asunto elevado recibido – Críticas por el cierre del museo']));
  } finally {
    await context.close();
  }
});
