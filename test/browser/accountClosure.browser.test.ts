/**
 * In Debian's Chromium, on the real stack (issue 19 §5; PCM 5.2.5): the CM follows «Cerrar la cuenta» from
 * the account page and asks (first with a reason too short, refused at the field); the head approves by
 * the emailed link on a phone; the CM ticks two of the three confirmations on the link page (refused,
 * ticks kept), then all three; the closure page then tells how the account ended, and the account page
 * says it is retired. axe-core finds no serious or critical violation on any page; screenshots in
 * .tools/screenshots.
 */
import type { Browser, Page } from 'playwright-core';
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

const visited = (page: Page, name: string, width: number) => visitedPage(page, `cierre-${name}`, width);
const mailTo = (to: string, subject: string): Promise<CapturedMail> => stack.mailbox.waitFor((m) => m.to.includes(to) && m.subject.startsWith(subject), 60_000);

it('PCM 5.2.5: asked by the CM, approved by the head on a phone, confirmed by the CM on the link page; the pages tell how the account ended', async () => {
  const res = await stack.as.head.api('POST', '/api/entities/mincul/accounts', {
    network: 'tiktok', username: 'CulturaVerano', managingEmail: 'redes@cultura.gob.pe', responsibles: [{ name: 'Carla Rojas Díaz', phone: '987 654 321' }],
    description: 'Campaña de verano del Ministerio de Cultura.', contentType: 'Videos cortos', lastRotatedOn: '2026-11-20',
  });
  expect(res.status).toBe(201);
  const accountId = res.json.accountId as string;

  const cm = await signedInPage(chromium, stack.apiUrl, CM, stack.mailbox, VIEWPORTS.desktop);
  const head = await signedInPage(chromium, stack.apiUrl, HEAD, stack.mailbox, VIEWPORTS.phone);
  const desk = VIEWPORTS.desktop.width;
  const phone = VIEWPORTS.phone.width;
  try {
    await cm.page.goto(`/cuentas/${accountId}`);
    await cm.page.getByRole('link', { name: 'Cerrar la cuenta' }).click();
    expect(await visited(cm.page, '1-formulario', desk)).toContain('No hay un pedido de cierre en curso');
    await cm.page.getByLabel('Motivo del cierre').fill('Corto');
    await cm.page.getByRole('button', { name: 'Enviar el pedido al/a la titular' }).click();
    await cm.page.locator('#reason-error').waitFor();
    expect(await cm.page.locator('#reason-error').innerText()).toMatch(/al menos 10 caracteres/);
    await visited(cm.page, '2-error', desk);
    await cm.page.getByLabel('Motivo del cierre').fill('La campaña de verano terminó y la cuenta quedó sin uso.');
    await cm.page.getByRole('button', { name: 'Enviar el pedido al/a la titular' }).click();
    await cm.page.getByText('Se envió el pedido de cierre').waitFor();

    const approval = await mailTo(HEAD, 'Cierre de cuenta: CulturaVerano (TikTok)');
    await cm.page.reload();
    expect(await visited(cm.page, '3-en-aprobacion', desk)).toMatch(new RegExp(`En aprobación del/de la titular.*Espera a ${HEAD}`));
    await head.page.goto(linkIn(approval, 'Aprobar'));
    await visited(head.page, '4-aprobar-telefono', phone);
    await head.page.getByRole('button', { name: 'Aprobar' }).click();
    await head.page.getByText('Quedó registrado').waitFor();

    const closing = await mailTo(CM, 'Cierre de cuenta aprobado');
    await cm.page.goto(linkIn(closing, 'Confirmar'));
    await visited(cm.page, '5-confirmar', desk);
    await cm.page.getByLabel(/Retiré los roles/).check();
    await cm.page.getByLabel(/Cambié la contraseña/).check();
    await cm.page.getByRole('button', { name: 'Confirmar' }).click();
    await cm.page.getByText(/Confirme: Desactivé o eliminé/).first().waitFor();
    expect(await cm.page.getByLabel(/Retiré los roles/).isChecked()).toBe(true);
    expect(await cm.page.getByLabel(/Desactivé o eliminé/).isChecked()).toBe(false);
    await visited(cm.page, '6-falta-una', desk);
    await cm.page.getByLabel(/Desactivé o eliminé/).check();
    await cm.page.getByRole('button', { name: 'Confirmar' }).click();
    await cm.page.getByText('Quedó registrado').waitFor();

    await mailTo('rrss_scs@pcm.gob.pe', 'ACTA DE CIERRE N° ');
    await head.page.goto(`/cuentas/${accountId}/cierre`);
    const ended = await visited(head.page, '7-cerrada-telefono', phone);
    expect(ended).toMatch(/Cuenta cerrada Acta ACTA DE CIERRE N° \d{3}-\d{4}-OC\/MINCUL/);
    expect(ended).toContain(`Cerrada en la red ${CM}`);
    await cm.page.goto(`/cuentas/${accountId}`);
    expect(await visited(cm.page, '8-cuenta', desk)).toContain('De baja — Cierre de la cuenta (PCM 5.2.5)');
  } finally {
    await cm.context.close();
    await head.context.close();
  }
});
