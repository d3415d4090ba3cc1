/**
 * In Debian's Chromium, on the real stack (issue 19 §4; PCM 6.2.2.12): the head sets the entity's deadline
 * for answers on the settings page; the CM routes a question from the list page (first incomplete,
 * refused at the fields); the area answers by the emailed link on a phone (too short first); the CM
 * gets the answer, publishes it and confirms; the question's page shows the answer and who published it.
 * axe-core finds no serious or critical violation on any page; screenshots in .tools/screenshots.
 */
import type { Browser, Page } from 'playwright-core';
import type { CapturedMail } from '../../local/smtpCapture';
import { linkIn } from '../support/browser';
import { launchChromium, signedInPage, visited as visitedPage, VIEWPORTS } from '../support/chromium';
import { CM, HEAD } from '../support/registryApp';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(180_000);

const AREA = 'dtorres@cultura.gob.pe';
let stack: TestStack<'head'>;
let chromium: Browser;

beforeAll(async () => {
  [stack, chromium] = await Promise.all([startTestStack({ head: HEAD }), launchChromium()]);
});
afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
});

const visited = (page: Page, name: string, width: number) => visitedPage(page, `consulta-${name}`, width);
const mailTo = (to: string, subject: string): Promise<CapturedMail> => stack.mailbox.waitFor((m) => m.to.includes(to) && m.subject.startsWith(subject), 60_000);

it('PCM 6.2.2.12: routed by the CM to its area, answered by the area on a phone, published by the CM; the deadline is the entity\'s', async () => {
  const head = await signedInPage(chromium, stack.apiUrl, HEAD, stack.mailbox, VIEWPORTS.desktop);
  const cm = await signedInPage(chromium, stack.apiUrl, CM, stack.mailbox, VIEWPORTS.desktop);
  const area = await signedInPage(chromium, stack.apiUrl, AREA, stack.mailbox, VIEWPORTS.phone);
  const desk = VIEWPORTS.desktop.width;
  const phone = VIEWPORTS.phone.width;
  try {
    await head.page.goto('/entidades/mincul/ajustes#consultas');
    await head.page.getByLabel('Días hábiles para responder').fill('3');
    await head.page.getByRole('button', { name: 'Guardar el plazo de respuesta' }).click();
    await head.page.getByText('Se guardó el plazo de respuesta de las consultas').waitFor();

    await cm.page.goto('/entidades/mincul/cuentas');
    await cm.page.getByRole('link', { name: 'Consultas de los ciudadanos' }).click();
    expect(await visited(cm.page, '1-lista', desk)).toContain('El área responde por correo en 3 días hábiles');
    await cm.page.getByLabel('Red social donde llegó').selectOption('facebook');
    await cm.page.getByLabel('Consulta', { exact: true }).fill('Corta');
    await cm.page.getByRole('button', { name: 'Derivar al área' }).click();
    await cm.page.locator('#question-error').waitFor();
    expect(await cm.page.locator('#kind-error').innerText()).toMatch(/^Elija qué tipo de consulta es./);
    expect(await cm.page.locator('#areaEmail-error').innerText()).toMatch(/Elija/);
    await visited(cm.page, '2-errores', desk);
    await cm.page.getByLabel('Consulta o pedido de orientación').check();
    await cm.page.getByLabel('Consulta', { exact: true }).fill('¿Qué horario tiene el Museo de la Nación los feriados?');
    await cm.page.getByLabel('Enlace al mensaje o comentario (opcional)').fill('https://www.facebook.com/CulturaPeru/posts/1?comment_id=2');
    await cm.page.getByLabel('Área responsable').selectOption(AREA);
    await cm.page.getByRole('button', { name: 'Derivar al área' }).click();
    await cm.page.getByText('Se derivó la consulta').waitFor();
    const listed = await visited(cm.page, '3-derivada', desk);
    expect(listed).toContain('Dirección General de Patrimonio Cultural');

    const ask = await mailTo(AREA, 'Consulta ciudadana para Dirección General de Patrimonio Cultural');
    expect(ask.text).toContain('3 días hábiles');
    await area.page.goto(linkIn(ask, 'Enviar respuesta'));
    await area.page.getByLabel('Respuesta para el ciudadano').fill('Sí');
    await area.page.getByRole('button', { name: 'Enviar respuesta' }).click();
    await area.page.getByText(/al menos 10 caracteres/).first().waitFor();
    await visited(area.page, '4-respuesta-corta-telefono', phone);
    await area.page.getByLabel('Respuesta para el ciudadano').fill('El museo abre los feriados de 9:00 a 13:00; la entrada es libre el primer domingo de cada mes.');
    await area.page.getByRole('button', { name: 'Enviar respuesta' }).click();
    await area.page.getByText('Quedó registrado').waitFor();

    const back = await mailTo(CM, 'Consulta ciudadana respondida por Dirección General de Patrimonio Cultural');
    expect(back.text).toContain('El museo abre los feriados de 9:00 a 13:00');
    await cm.page.goto(linkIn(back, 'Confirmar'));
    await cm.page.getByRole('button', { name: 'Confirmar' }).click();
    await cm.page.getByText('Quedó registrado').waitFor();

    await cm.page.goto('/entidades/mincul/consultas');
    await cm.page.getByRole('link', { name: /Museo de la Nación/ }).click();
    const one = await visited(cm.page, '5-respondida', desk);
    expect(one).toContain('Respondida en la red');
    expect(one).toContain(`Publicada en la red ${CM}`);
    expect(one).toContain('Respuesta del área El museo abre los feriados');
  } finally {
    await head.context.close();
    await cm.context.close();
    await area.context.close();
  }
});
