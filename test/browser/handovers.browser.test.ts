/**
 * In Debian's Chromium (issue 15 §2, §4): handovers of administration as pages (PCM 6.2.3). From home →
 * the entity's accounts → its handovers, the head starts one choosing from the roster who leaves and who
 * takes over, is told in Spanish what is missing, and reads the handover's steps. On a phone and on a
 * desktop; axe-core finds no serious or critical violation on any page, nothing overflows.
 */
import type { Browser, Page } from 'playwright-core';
import { personModel } from '../../infra/models/person';
import { launchChromium, signedInPage, visited as visitedPage, VIEWPORTS } from '../support/chromium';
import { HEAD } from '../support/registryApp';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(150_000);

let stack: TestStack<'head'>;
let chromium: Browser;

beforeAll(async () => {
  const prepare = (s: { db: Parameters<typeof personModel>[0] }) =>
    personModel(s.db).create({ email: 'eteam@cultura.gob.pe', name: 'Elena Team', memberships: [{ entityId: 'mincul', role: 'team', since: new Date() }] });
  [stack, chromium] = await Promise.all([startTestStack({ head: HEAD }, { prepare }), launchChromium()]);
});
afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
});

const visited = (page: Page, name: string, width: number) => visitedPage(page, `traspasos-${name}`, width);

/** One handover runs per entity at a time, so the phone starts it and the desktop reads it. */
it('on a phone, PCM 6.2.3.1: the head starts a handover from the accounts page and reads its steps', async () => {
  const { context, page } = await signedInPage(chromium, stack.apiUrl, HEAD, stack.mailbox, VIEWPORTS.phone);
  const width = VIEWPORTS.phone.width;
  try {
    await page.getByRole('link', { name: 'Cuentas de Ministerio de Cultura' }).click();
    await page.getByRole('link', { name: 'Traspasos de administración' }).click();
    expect(await visited(page, 'phone-1-lista', width)).toContain('Aún no hubo traspasos');
    await page.getByRole('link', { name: 'Iniciar un traspaso' }).click();
    await page.getByRole('button', { name: 'Iniciar el traspaso' }).click();
    await page.getByRole('alert').waitFor();
    expect(await visited(page, 'phone-2-error', width)).toContain('Indique el correo institucional de quien deja la administración.');
    await page.getByLabel('Quien deja la administración (community manager)').selectOption({ label: 'Carla Rojas Díaz (community manager), crojas@cultura.gob.pe' });
    await page.getByLabel('Quien asume la administración').selectOption({ label: 'Elena Team (equipo), eteam@cultura.gob.pe' });
    await page.getByRole('button', { name: 'Iniciar el traspaso' }).click();
    await page.getByText('Se inició el traspaso').waitFor();
    expect(await visited(page, 'phone-3-traspaso', width)).toContain('Entrega de credenciales al titular (PCM 6.2.3.2)');
  } finally {
    await context.close();
  }
});

it('on a desktop, PCM 6.2.3: the head finds the handover in the list and opens it', async () => {
  const { context, page } = await signedInPage(chromium, stack.apiUrl, HEAD, stack.mailbox, VIEWPORTS.desktop);
  const width = VIEWPORTS.desktop.width;
  try {
    await page.getByRole('link', { name: 'Cuentas de Ministerio de Cultura' }).click();
    await page.getByRole('link', { name: 'Traspasos de administración' }).click();
    await visited(page, 'desktop-1-lista', width);
    await page.getByRole('link', { name: 'De Carla Rojas Díaz a Elena Team' }).click();
    expect(await visited(page, 'desktop-2-traspaso', width)).toContain('Deja la administración Carla Rojas Díaz');
  } finally {
    await context.close();
  }
});
