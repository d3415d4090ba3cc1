/**
 * In Debian's Chromium: the content rules of PCM 6.2.2 and 6.2.4 (issue 19 §1–2). On a phone the CM opens
 * the evaluation's emailed link, ticks each item, gives a news link outside the entity's website and is
 * told why, then the right one; on a desktop the head reads the confirmations on the approval page, and
 * the unit on its request's page. Then an official act: at its publication the CM gives the PCM's post
 * and the coordination. axe-core finds no serious violation, nothing overflows.
 */
import type { Browser, Page } from 'playwright-core';
import { limaDate } from '../../domain/businessDays';
import { CONTENT_CONFIRMATIONS } from '../../domain/contentConfirmations';
import { Browser as HttpBrowser, linkIn } from '../support/browser';
import { plusDays as daysAfter } from '../support/campaignFixtures';
import { launchChromium, signedInPage, visited as visitedPage, VIEWPORTS } from '../support/chromium';
import { png } from '../support/images';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(300_000);

const CM = 'crojas@cultura.gob.pe';
const HEAD = 'aquispe@cultura.gob.pe';
const REQUESTER = 'dtorres@cultura.gob.pe';
const TEXT = 'Noche de museos: entrada libre el sábado';
const NEWS = 'https://www.gob.pe/institucion/cultura/noticias/noche-de-museos';

let stack: TestStack<'requester'>;
let chromium: Browser;
let requestId = '';

const plusDays = (k: number) => daysAfter(limaDate(new Date()), k);

beforeAll(async () => {
  [stack, chromium] = await Promise.all([startTestStack({ requester: REQUESTER }), launchChromium()]);
  const sent = await stack.as.requester.api('POST', '/api/content-requests', {
    entityId: 'mincul', unit: 'Dirección General de Museos', text: TEXT, audience: 'Familias de Lima', publishOn: plusDays(5), publishAt: '10:00', networks: ['x'],
    unitAuthorization: { name: 'Luis Paredes', position: 'Director General', email: 'lparedes@cultura.gob.pe', authorizedOn: plusDays(0) },
    images: [{ placement: 'x', filename: 'banner-x.png', contentBase64: png(1080, 600).toString('base64') }],
  });
  expect(sent.status).toBe(202);
  requestId = sent.json.id as string;
});
afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
});

const visited = (page: Page, name: string, width: number) => visitedPage(page, `contenido-reglas-${name}`, width);

it('on a phone, PCM 6.2.2.6–8, 6.2.2.17, 6.2.2.5: the CM confirms each item and gives the news page on the entity\'s website', async () => {
  const mail = await stack.mailbox.waitFor((m) => m.to.includes(CM) && m.subject.includes('Evaluación de contenido') && m.text.includes(TEXT));
  const context = await chromium.newContext({ viewport: VIEWPORTS.phone, locale: 'es-PE' });
  const page = await context.newPage();
  const width = VIEWPORTS.phone.width;
  try {
    await page.goto(linkIn(mail, 'Aprobar'));
    const shown = await visited(page, 'phone-1-evaluacion', width);
    for (const clause of ['PCM 6.2.2.6', 'PCM 6.2.2.7', 'PCM 6.2.2.8', 'PCM 6.2.2.17', 'PCM 6.2.2.5']) expect(shown).toContain(`(${clause})`);
    await page.getByLabel(/ofensivo, discriminatorio/).check();
    await page.getByLabel(/derechos de autor/).check();
    await page.getByLabel(/material gráfico de terceros/).check();
    await page.getByLabel(/dieron su permiso/).check();
    await page.getByLabel(/Es una noticia/).check();
    await page.getByLabel('Enlace de la nota en el portal (si es una noticia)').fill('https://noticias-cultura.com/noche-de-museos');
    await page.getByRole('button', { name: 'Aprobar' }).click();
    await page.getByRole('alert').waitFor();
    const refused = await visited(page, 'phone-2-enlace-ajeno', width);
    expect(refused).toContain('noticias-cultura.com (PCM 6.2.2.5)');
    // What the CM ticked is still ticked.
    expect(await page.getByLabel(/dieron su permiso/).isChecked()).toBe(true);
    await page.getByLabel('Enlace de la nota en el portal (si es una noticia)').fill(NEWS);
    await page.getByRole('button', { name: 'Aprobar' }).click();
    expect(await visited(page, 'phone-3-registrado', width)).toContain('Quedó registrado');
  } finally {
    await context.close();
  }
});

it('on a desktop, the head reads the confirmations before approving, and the unit sees them on its request', async () => {
  const mail = await stack.mailbox.waitFor((m) => m.to.includes(HEAD) && m.subject.includes('Aprobación de publicación') && m.text.includes(TEXT));
  const context = await chromium.newContext({ viewport: VIEWPORTS.desktop, locale: 'es-PE' });
  const page = await context.newPage();
  const width = VIEWPORTS.desktop.width;
  try {
    await page.goto(linkIn(mail, 'Aprobar'));
    const approval = await visited(page, 'desktop-1-aprobacion', width);
    expect(approval).toContain('Confirmado por el community manager (PCM 6.2.2.8)');
    expect(approval).toContain(NEWS);
    await page.getByRole('button', { name: 'Aprobar' }).click();
    expect(await visited(page, 'desktop-2-aprobado', width)).toContain('Quedó registrado');
  } finally {
    await context.close();
  }
  const unit = await signedInPage(chromium, stack.apiUrl, REQUESTER, stack.mailbox, VIEWPORTS.desktop);
  try {
    await unit.page.goto(`${stack.apiUrl}/contenidos/${requestId}`);
    const shown = await visited(unit.page, 'desktop-3-solicitud', width);
    expect(shown).toContain('Confirmaciones del community manager');
    expect(shown).toContain(`Noticia en el portal (PCM 6.2.2.5) ${NEWS}`);
  } finally {
    await unit.context.close();
  }
});

it('on a phone, PCM 6.2.4.2: a Council of Ministers piece is confirmed with the PCM\'s post and the coordination with its press office', async () => {
  // Published two minutes from now, so that the publication step opens during the test.
  const at = new Date(Date.now() + 120_000);
  const time = at.toLocaleTimeString('en-GB', { timeZone: 'America/Lima', hour: '2-digit', minute: '2-digit' });
  const text = 'Consejo de Ministros descentralizado en Cusco';
  const sent = await stack.as.requester.api('POST', '/api/content-requests', {
    entityId: 'mincul', unit: 'Despacho Ministerial', text, audience: 'Ciudadanía', publishOn: limaDate(at), publishAt: time, networks: ['x'],
    unitAuthorization: { name: 'Luis Paredes', position: 'Jefe de Gabinete', email: 'lparedes@cultura.gob.pe', authorizedOn: limaDate(new Date()) },
    images: [{ placement: 'x', filename: 'consejo.png', contentBase64: png(1080, 600).toString('base64') }],
  });
  expect(sent.status).toBe(202);
  const evaluation = await stack.mailbox.waitFor((m) => m.to.includes(CM) && m.subject.includes('Evaluación de contenido') && m.text.includes(text));
  const passed = await new HttpBrowser(stack.apiUrl).follow(linkIn(evaluation, 'Aprobar'), { confirmationsShown: 'si', confirmations: [...CONTENT_CONFIRMATIONS], news: 'no', officialAct: 'councilOfMinisters' });
  expect(passed.status).toBe(200);
  const approval = await stack.mailbox.waitFor((m) => m.to.includes(HEAD) && m.subject.includes('Aprobación de publicación') && m.text.includes(text));
  expect(approval.text).toContain('Acto oficial (PCM 6.2.4.2)');
  expect((await new HttpBrowser(stack.apiUrl).follow(linkIn(approval, 'Aprobar'))).status).toBe(200);

  const publication = await stack.mailbox.waitFor((m) => m.to.includes(CM) && m.subject.includes('Confirme la publicación') && m.text.includes(text), 200_000);
  const context = await chromium.newContext({ viewport: VIEWPORTS.phone, locale: 'es-PE' });
  const page = await context.newPage();
  const width = VIEWPORTS.phone.width;
  try {
    await page.goto(linkIn(publication, 'Confirmar'));
    expect(await visited(page, 'phone-4-acto-oficial', width)).toContain('Acto oficial: Consejo de Ministros o conferencia de la Presidencia del Consejo de Ministros (PCM 6.2.4.2)');
    await page.getByLabel('X (Twitter)').fill('https://x.com/CulturaPeru/status/77');
    await page.getByLabel(/Enlace de la publicación de las cuentas oficiales de la Presidencia del Consejo de Ministros/).fill('https://www.gob.pe/pcm/consejo');
    await page.getByLabel(/Coordinado con/).fill('Rosa Díaz, jefa de prensa');
    await page.getByLabel('Fecha de la coordinación').fill(limaDate(new Date()));
    await page.getByRole('button', { name: 'Confirmar' }).click();
    await page.getByRole('alert').waitFor();
    expect(await visited(page, 'phone-5-acto-oficial-error', width)).toContain('de una red social (PCM 6.2.4.2)');
    await page.getByLabel(/Enlace de la publicación de las cuentas oficiales de la Presidencia del Consejo de Ministros/).fill('https://x.com/pcmperu/status/5');
    await page.getByRole('button', { name: 'Confirmar' }).click();
    expect(await visited(page, 'phone-6-acto-oficial-registrado', width)).toContain('Quedó registrado');
  } finally {
    await context.close();
  }
  const unit = await signedInPage(chromium, stack.apiUrl, REQUESTER, stack.mailbox, VIEWPORTS.phone);
  try {
    await unit.page.goto(`${stack.apiUrl}/contenidos/${sent.json.id as string}`);
    const shown = await visited(unit.page, 'phone-7-acto-oficial-solicitud', width);
    expect(shown).toContain('Publicación principal https://x.com/pcmperu/status/5');
    expect(shown).toContain('Coordinación Rosa Díaz, jefa de prensa (Oficina de Prensa e Imagen Institucional de la Presidencia del Consejo de Ministros)');
  } finally {
    await unit.context.close();
  }
});
