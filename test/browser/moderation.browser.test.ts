/**
 * In Debian's Chromium: the moderation record (PCM 6.2.2.13, INPE 5.4.b). INPE's CM records a hidden
 * comment, is told in Spanish why a first block is refused, records the block of the repeat offender;
 * the head finds it first among those pending and marks it «Revisado»; SCS reads it without the user.
 * On a phone and a desktop; axe-core finds no serious violation, nothing overflows.
 */
import type { Browser, Page } from 'playwright-core';
import { accountModel } from '../../infra/models/account';
import { launchChromium, signedInPage, visited as visitedPage, VIEWPORTS } from '../support/chromium';
import { SCS } from '../support/registryApp';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(180_000);

const INPE_CM = 'itorres@inpe.gob.pe';
const INPE_HEAD = 'gramos@inpe.gob.pe';
const link = (n: number) => `https://www.facebook.com/INPEoficial/posts/5?comment_id=${n}`;

let t: TestStack<never>;
let chromium: Browser;

beforeAll(async () => {
  // The real stack: the head's email is sent by its process (workflows/moderationNotice.ts).
  const prepare = (s: { db: Parameters<typeof accountModel>[0] }) =>
    accountModel(s.db).create({ _id: 'moderacion-fb', entityId: 'inpe', network: 'facebook', username: 'INPEoficial', managingEmail: 'redes@inpe.gob.pe', roles: [], status: 'active', activatedAt: new Date() });
  [t, chromium] = await Promise.all([startTestStack({}, { prepare }), launchChromium()]);
});
afterAll(async () => {
  await chromium?.close();
  await t?.stop();
});

const visited = (page: Page, name: string, width: number) => visitedPage(page, `moderacion-${name}`, width);
let recordUrl = '';

async function record(page: Page, action: string, handle: string, links: string[]) {
  await page.getByLabel('Cuenta', { exact: true }).selectOption({ label: 'Facebook · INPEoficial' });
  await page.getByLabel(action).check();
  await page.getByLabel('Motivo').selectOption({ label: 'Frases insultantes a otros usuarios (INPE 5.4.a)' });
  await page.getByLabel('Usuario autor del comentario').fill(handle);
  await page.getByLabel('Enlaces de los comentarios (uno por línea)').fill(links.join('\n'));
  await page.getByRole('button', { name: 'Registrar', exact: true }).click();
}

it('on a phone, INPE 5.4.b: the CM records a hide, is refused a first block, then records the repeat offender\'s block', async () => {
  const { context, page } = await signedInPage(chromium, t.apiUrl, INPE_CM, t.mailbox, VIEWPORTS.phone);
  const width = VIEWPORTS.phone.width;
  try {
    await page.goto(`${t.apiUrl}/entidades/inpe/cuentas`);
    await page.getByRole('link', { name: 'Registro de moderación' }).click();
    const empty = await visited(page, 'phone-1-lista', width);
    expect(empty).toContain('Aún no hay registros de moderación');
    expect(empty).toContain('Custodio no registra eliminaciones');
    await record(page, 'Bloquear al seguidor reincidente (INPE 5.4.b)', '@Reincidente', [link(1)]);
    await page.getByRole('alert').waitFor();
    expect(await visited(page, 'phone-2-bloqueo-rechazado', width)).toContain('reiteradas oportunidades (INPE 5.4.b)');
    await page.goto(`${t.apiUrl}/entidades/inpe/moderacion`);
    await record(page, 'Ocultar el comentario', '@Reincidente', [link(1)]);
    await page.getByText('Registrado.').waitFor();
    await page.goto(`${t.apiUrl}/entidades/inpe/moderacion`);
    await record(page, 'Bloquear al seguidor reincidente (INPE 5.4.b)', '@Reincidente', [link(2)]);
    await page.getByText('Registrado.').waitFor();
    recordUrl = new URL(page.url()).pathname;
    const shown = await visited(page, 'phone-3-bloqueo', width);
    expect(shown).toContain('Bloqueó al seguidor');
    expect(shown).toContain('Pendiente (INPE 5.4.b)');
    expect(shown).not.toContain('Revisar el bloqueo');
  } finally {
    await context.close();
  }
});

it('on a desktop, the head finds the block first among those pending and marks it «Revisado»; SCS reads it without the user', async () => {
  const mail = await t.mailbox.waitFor((m) => m.to.includes(INPE_HEAD) && m.text.includes(link(2)));
  expect(mail.subject).not.toContain('Reincidente');
  const { context, page } = await signedInPage(chromium, t.apiUrl, INPE_HEAD, t.mailbox, VIEWPORTS.desktop);
  const width = VIEWPORTS.desktop.width;
  try {
    await page.goto(`${t.apiUrl}/entidades/inpe/moderacion`);
    const list = await visited(page, 'desktop-1-pendientes', width);
    expect(list.indexOf('Bloqueos pendientes de revisión')).toBeLessThan(list.indexOf('Registros'));
    await page.getByRole('link', { name: 'Revisar' }).click();
    await page.getByRole('button', { name: 'Registrar la revisión' }).click();
    expect(await visited(page, 'desktop-2-revision-error', width)).toContain('Elija «Revisado» u «Observado»');
    await page.getByLabel('Revisado').check();
    await page.getByRole('button', { name: 'Registrar la revisión' }).click();
    await page.getByText('Revisión registrada: Revisado').waitFor();
    const done = await visited(page, 'desktop-3-revisado', width);
    expect(done).toContain("Revisado — Gustavo Ramos Chávez (titular)");
    await page.goto(`${t.apiUrl}/entidades/inpe/moderacion`);
    expect(await visited(page, 'desktop-4-lista', width)).toContain('No hay bloqueos pendientes de revisión');
  } finally {
    await context.close();
  }
  const scs = await signedInPage(chromium, t.apiUrl, SCS, t.mailbox, VIEWPORTS.desktop);
  try {
    await scs.page.goto(`${t.apiUrl}${recordUrl}`);
    const seen = await visited(scs.page, 'desktop-5-scs', VIEWPORTS.desktop.width);
    expect(seen).toContain('Reservados a la oficina de la entidad');
    expect(seen).not.toContain('Reincidente');
    expect(seen).not.toContain('comment_id');
  } finally {
    await scs.context.close();
  }
});
