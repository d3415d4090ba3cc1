/**
 * In Debian's Chromium, on the real stack (issue 17 §3; PCM 6.1.2.7): the CM asks from the account page
 * for a new page name and username (first with a reason too short, refused at the field); the head
 * observes it by the emailed link, on a phone; the CM corrects the proposal on the link page (the
 * `nameChange` link form); the head approves; the CM confirms «realizado» once the platform shows it; the
 * account page then shows the new names, and the rename page the history (old → new, who approved, who
 * confirmed). axe-core finds no serious or critical violation on any page; screenshots in .tools/screenshots.
 */
import type { Browser, Page } from 'playwright-core';
import { accountModel } from '../../infra/models/account';
import type { CapturedMail } from '../../local/smtpCapture';
import { linkIn } from '../support/browser';
import { launchChromium, signedInPage, visited as visitedPage, VIEWPORTS } from '../support/chromium';
import { CM, HEAD } from '../support/registryApp';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(180_000);

let stack: TestStack<'head'>;
let chromium: Browser;

beforeAll(async () => {
  [stack, chromium] = await Promise.all([startTestStack({ head: HEAD }), launchChromium()]);
});
afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
});

const visited = (page: Page, name: string, width: number) => visitedPage(page, `cambio-nombre-${name}`, width);

const seen = new Set<string>();
/** The next email to `to` whose subject starts with `subject`, one not taken before. */
async function mailTo(to: string, subject: string): Promise<CapturedMail> {
  const mail = await stack.mailbox.waitFor((m) => m.to.includes(to) && m.subject.startsWith(subject) && !seen.has(m.id), 60_000);
  seen.add(mail.id);
  return mail;
}

it('PCM 6.1.2.7: asked by the CM, observed and approved by the head, corrected and confirmed by the CM; the registry renames and keeps the history', async () => {
  const username = `CulturaNombre${Date.now().toString(36).slice(-4)}`;
  const res = await stack.as.head.api('POST', '/api/entities/mincul/accounts', {
    network: 'facebook', username, managingEmail: 'redes@cultura.gob.pe', responsibles: [{ name: 'Carla Rojas Díaz', phone: '987 654 321' }],
    description: 'Agenda cultural del Ministerio para el público general.', contentType: 'Noticias', lastRotatedOn: '2026-11-20',
  });
  expect(res.status).toBe(201);
  const accountId = res.json.accountId as string;
  await accountModel(stack.db).updateOne({ _id: accountId }, { $set: { name: 'Ministerio de Cultura' } });

  const cm = await signedInPage(chromium, stack.apiUrl, CM, stack.mailbox, VIEWPORTS.desktop);
  const head = await signedInPage(chromium, stack.apiUrl, HEAD, stack.mailbox, VIEWPORTS.phone);
  const desk = VIEWPORTS.desktop.width;
  const phone = VIEWPORTS.phone.width;
  try {
    // The CM asks from the account page; a reason too short is refused at its field, with what was typed kept.
    await cm.page.goto(`/cuentas/${accountId}`);
    await cm.page.getByRole('link', { name: 'Pedir un cambio de nombre o usuario' }).click();
    expect(await visited(cm.page, '1-formulario', desk)).toContain('No hay un pedido en curso');
    await cm.page.getByLabel('Nuevo nombre de la página').fill('Cultura Perú');
    await cm.page.getByLabel('Nuevo usuario').fill('cultura peru');
    await cm.page.getByLabel('Motivo del cambio').fill('Corto');
    await cm.page.getByRole('button', { name: 'Enviar el pedido al/a la titular' }).click();
    await cm.page.locator('#reason-error').waitFor();
    expect(await cm.page.locator('#reason-error').innerText()).toMatch(/al menos 10 caracteres/);
    expect(await cm.page.locator('#username-error').innerText()).toMatch(/letras sin tilde, dígitos y guion bajo/);
    expect(await cm.page.getByLabel('Nuevo nombre de la página').inputValue()).toBe('Cultura Perú');
    await visited(cm.page, '2-errores', desk);
    await cm.page.getByLabel('Nuevo usuario').fill('CulturaPeruOfi');
    await cm.page.getByLabel('Motivo del cambio').fill('Unificar el nombre con el de las demás redes del Ministerio.');
    await cm.page.getByRole('button', { name: 'Enviar el pedido al/a la titular' }).click();
    await cm.page.getByText('Se envió el pedido de cambio').waitFor();

    // The head observes it from the emailed link, on a phone.
    const approval = await mailTo(HEAD, 'Cambio de nombre o usuario: ');
    expect(approval.text).toContain(`${username} → CulturaPeruOfi`);
    await cm.page.reload();
    expect(await visited(cm.page, '3-en-aprobacion', desk)).toMatch(new RegExp(`En aprobación del/de la titular.*Espera a ${HEAD}`));
    await head.page.goto(linkIn(approval, 'Observar'));
    await head.page.getByLabel(/^Motivo \(obligatorio\)/).fill('Preferimos un usuario más corto: CulturaPeruOf.');
    await visited(head.page, '4-observar', phone);
    await head.page.getByRole('button', { name: 'Observar' }).first().click();
    await head.page.getByText('Quedó registrado').waitFor();

    // The CM corrects the proposal on the link page: the form comes filled with what was proposed.
    const correction = await mailTo(CM, 'Cambio de nombre o usuario observado');
    await cm.page.goto(linkIn(correction, 'Enviar corrección'));
    expect(await cm.page.getByLabel(/Nuevo usuario/).inputValue()).toBe('CulturaPeruOfi');
    expect(await cm.page.getByLabel(/Nuevo nombre de la página/).inputValue()).toBe('Cultura Perú');
    await visited(cm.page, '5-correccion', desk);
    // The process checks the correction as the page checks a new request (PCM 6.1.1.8), and says why.
    await cm.page.getByLabel(/Nuevo usuario/).fill('Cul');
    await cm.page.getByRole('button', { name: 'Enviar corrección' }).click();
    await cm.page.getByText(/entre 6 y 15 caracteres/).first().waitFor();
    await visited(cm.page, '5b-correccion-rechazada', desk);
    expect(await cm.page.getByLabel(/Nuevo usuario/).inputValue()).toBe('Cul');
    await cm.page.getByLabel(/Nuevo usuario/).fill('CulturaPeruOf');
    await cm.page.getByRole('button', { name: 'Enviar corrección' }).click();
    await cm.page.getByText('Quedó registrado').waitFor();

    // The head approves the corrected version.
    const again = await mailTo(HEAD, 'Cambio de nombre o usuario: ');
    expect(again.subject).toContain('(versión 2)');
    expect(again.text).toContain(`${username} → CulturaPeruOf`);
    await head.page.goto(linkIn(again, 'Aprobar'));
    await head.page.getByRole('button', { name: 'Aprobar' }).click();
    await head.page.getByText('Quedó registrado').waitFor();

    // The CM renames on the platform, then confirms; until then the registry keeps the old names.
    const done = await mailTo(CM, 'Cambio de nombre o usuario aprobado');
    await cm.page.goto(`/cuentas/${accountId}/cambio-de-nombre`);
    expect(await visited(cm.page, '6-por-confirmar', desk)).toMatch(/Aprobado: espera que el community manager/);
    expect((await accountModel(stack.db).findById(accountId).lean())!.username).toBe(username);
    await cm.page.goto(linkIn(done, 'Confirmar'));
    await cm.page.getByRole('button', { name: 'Confirmar' }).click();
    await cm.page.getByText('Quedó registrado').waitFor();
    await mailTo(HEAD, 'Cambio de nombre o usuario realizado');

    // The account page shows the new names; the rename page, the history.
    await cm.page.goto(`/cuentas/${accountId}`);
    await cm.page.getByRole('heading', { level: 1, name: 'Facebook · CulturaPeruOf' }).waitFor();
    expect(await visited(cm.page, '7-cuenta', desk)).toContain('Nombre de la página Cultura Perú');
    await cm.page.getByRole('link', { name: 'Historial de nombres' }).click();
    const history = await visited(cm.page, '8-historial', desk);
    expect(history).toContain('No hay un pedido en curso');
    const row = (await cm.page.locator('#historial tbody tr').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    expect(row).toHaveLength(1);
    expect(row[0]).toContain('Nombre de la página: Ministerio de Cultura → Cultura Perú');
    expect(row[0]).toContain(`Usuario: ${username} → CulturaPeruOf`);
    expect(row[0]).toContain(HEAD);
    expect(row[0]).toContain(`confirmado por ${CM}`);
    // On a phone, the head reads the same history, stacked.
    await head.page.goto(`/cuentas/${accountId}/cambio-de-nombre`);
    await visited(head.page, '9-historial-telefono', phone);
  } finally {
    await cm.context.close();
    await head.context.close();
  }
});
