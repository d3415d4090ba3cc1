/**
 * In Debian's Chromium, on the real stack (issue 19 §3; PCM 6.2.2.1, Anexo 2): the CM drafts next year's
 * Plan de Comunicación Digital on its page, saves it half done, sends it (refused, each missing part named
 * at its field), completes it and sends it; the head approves it by the emailed link on a phone; the
 * numbered PDF/A reaches the head, and the page shows the approved plan with its download. axe-core
 * finds no serious or critical violation on any page; screenshots in .tools/screenshots.
 */
import type { Browser, Page } from 'playwright-core';
import { numberingYear } from '../../domain/documentNumbers';
import { PLAN_SECTION_TEXT, PLAN_SECTIONS } from '../../domain/digitalPlan';
import type { CapturedMail } from '../../local/smtpCapture';
import { linkIn } from '../support/browser';
import { launchChromium, signedInPage, visited as visitedPage, VIEWPORTS } from '../support/chromium';
import { pdfText } from '../support/pdfText';
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

const visited = (page: Page, name: string, width: number) => visitedPage(page, `plan-${name}`, width);
const mailTo = (to: string, subject: string): Promise<CapturedMail> => stack.mailbox.waitFor((m) => m.to.includes(to) && m.subject.startsWith(subject), 60_000);

it('PCM 6.2.2.1, Anexo 2: drafted and sent by the CM, approved by the head on a phone, numbered and filed as PDF', async () => {
  const year = numberingYear(new Date()) + 1;
  const cm = await signedInPage(chromium, stack.apiUrl, CM, stack.mailbox, VIEWPORTS.desktop);
  const head = await signedInPage(chromium, stack.apiUrl, HEAD, stack.mailbox, VIEWPORTS.phone);
  const desk = VIEWPORTS.desktop.width;
  try {
    await cm.page.goto('/entidades/mincul/cuentas');
    await cm.page.getByRole('link', { name: 'Plan de Comunicación Digital' }).click();
    await cm.page.getByRole('link', { name: String(year) }).click();
    expect(await visited(cm.page, '1-vacio', desk)).toContain('Sin elaborar');
    await cm.page.getByLabel(PLAN_SECTION_TEXT.analysis.title).fill('Las cuentas informan la agenda cultural y los servicios del Ministerio.');
    await cm.page.getByLabel('Facebook').fill('7');
    await cm.page.getByRole('button', { name: 'Guardar el borrador' }).click();
    await cm.page.getByText('Se guardó el borrador.').waitFor();

    await cm.page.getByRole('button', { name: 'Enviar al/a la titular para su aprobación' }).click();
    await cm.page.locator('#sections-objectives-error').waitFor();
    expect(await cm.page.locator('#indicators-error').innerText()).toMatch(/al menos una meta trimestral/);
    expect(await cm.page.getByLabel(PLAN_SECTION_TEXT.analysis.title).inputValue()).toContain('agenda cultural');
    await visited(cm.page, '2-incompleto', desk);
    for (const s of PLAN_SECTIONS.filter((x) => x !== 'analysis')) await cm.page.getByLabel(PLAN_SECTION_TEXT[s].title).fill(`Contenido del apartado «${PLAN_SECTION_TEXT[s].title}» del plan.`);
    await cm.page.getByLabel('Publicaciones por trimestre').fill('180');
    await cm.page.getByRole('button', { name: 'Enviar al/a la titular para su aprobación' }).click();
    await cm.page.getByText('Se envió el plan al/a la titular').waitFor();

    const ask = await mailTo(HEAD, `Plan de Comunicación Digital ${year}`);
    await cm.page.reload();
    expect(await visited(cm.page, '3-en-aprobacion', desk)).toContain(`Espera a ${HEAD}`);
    await head.page.goto(linkIn(ask, 'Aprobar'));
    await visited(head.page, '4-aprobar-telefono', VIEWPORTS.phone.width);
    await head.page.getByRole('button', { name: 'Aprobar' }).click();
    await head.page.getByText('Quedó registrado').waitFor();

    const filed = await mailTo(HEAD, 'PLAN DE COMUNICACIÓN DIGITAL N° ');
    // Numbered in the year it is issued (the administration's way), for the plan's year.
    expect(filed.attachments).toEqual([expect.objectContaining({ filename: expect.stringMatching(new RegExp(`^plan-de-comunicacion-digital-n-\\d{3}-${year - 1}-oc-mincul\\.pdf$`)) })]);
    expect(pdfText(stack.mailbox.attachment(filed.id, 0)!.content)).toContain('Contenido del apartado «10. Cronograma de implementación» del plan.');
    await cm.page.reload();
    const approved = await visited(cm.page, '5-aprobado', desk);
    expect(approved).toMatch(new RegExp(`Aprobado.*PLAN DE COMUNICACIÓN DIGITAL N° \\d{3}-${year - 1}-OC/MINCUL · Descargar el PDF`));
  } finally {
    await cm.context.close();
    await head.context.close();
  }
});
