/**
 * In Debian's Chromium (issue 15 §2, §3b): the head opens the campaigns and content lists from home and
 * filters them, then the audit page; the requesting unit opens the account request form. On a phone
 * (390 px, each row a card) and on a desktop; axe-core finds no serious or critical violation, no page
 * is wider than the screen and no table wider than its card.
 */
import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { campaignModel } from '../../infra/models/campaign';
import { contentRequestModel } from '../../infra/models/contentRequest';
import { validProposal } from '../support/fixtures';
import { launchChromium, screenshot, signedInPage, visited as visitedPage, VIEWPORTS } from '../support/chromium';
import { CM, HEAD, REQUESTER } from '../support/registryApp';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(180_000);

let stack: TestStack<'requester'>;
let chromium: Browser;

const T0 = Date.parse('2026-10-01T15:00:00.000Z');
const idOf = (kind: string, i: number) => createHash('sha256').update(`${kind}-${i}`).digest('hex').slice(0, 24);

beforeAll(async () => {
  [stack, chromium] = await Promise.all([startTestStack({ requester: REQUESTER }), launchChromium()]);
  const states = ['aprobacion', 'en-curso', 'cerrada'] as const;
  await campaignModel(stack.db).insertMany(
    Array.from({ length: 6 }, (_, i) => ({
      _id: idOf('campaign', i), workflowId: `campana-${idOf('campaign', i)}`, entityId: 'mincul', proposerEmail: i % 2 ? CM : REQUESTER, submittedBy: CM,
      name: ['Verano en los museos', 'Noche de los museos: patrimonio vivo para toda la familia', 'Lenguas originarias'][i % 3], mode: i % 2 ? 'paid' : 'organic', multisector: i === 1,
      startsOn: '2026-11-02', endsOn: '2026-11-30', state: states[i % 3], electoral: false, submittedAt: new Date(T0 + i * 60_000),
    })),
  );
  const stages = ['evaluacion', 'aprobacion', 'publicada'] as const;
  await contentRequestModel(stack.db).insertMany(
    Array.from({ length: 6 }, (_, i) => ({
      _id: idOf('content', i), workflowId: `contenido-${idOf('content', i)}`, entityId: 'mincul', requesterEmail: REQUESTER, submittedBy: REQUESTER,
      unit: 'Dirección General de Patrimonio Cultural', title: ['Reapertura del Museo de la Nación', 'Convocatoria a estímulos económicos para la cultura 2027'][i % 2],
      networks: ['facebook', 'instagram', 'x'], publishOn: '2026-11-05', publishAt: '10:30', submittedAt: new Date(T0 + i * 60_000), stage: stages[i % 3],
    })),
  );
  // A real request, so the audit trail holds a process to link.
  expect((await stack.as.requester.api('POST', '/api/account-requests', validProposal({ requester: { name: 'Diego Torres Vega', email: REQUESTER } }))).status).toBe(202);
});
afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
});

/** Axe-clean, no wider than the screen, every table within its card; saves the screenshot and returns the page's text. */
async function visited(page: Page, name: string, width: number): Promise<string> {
  const overflowing = await page.$$eval('.table-wrap', (wraps) => wraps.filter((w) => w.scrollWidth > w.clientWidth + 1).length);
  expect(overflowing).toBe(0);
  return visitedPage(page, `lists-${name}`, width);
}

async function headTour(page: Page, size: 'phone' | 'desktop', width: number): Promise<void> {
  await page.getByRole('link', { name: 'Campañas', exact: true }).click();
  expect(await visited(page, `${size}-1-campanas`, width)).toContain('Campañas 1–6 de 6.');
  await page.getByLabel('Estado').selectOption('en-curso');
  await page.getByRole('button', { name: 'Filtrar' }).click();
  await page.waitForURL(/state=en-curso/);
  const filtered = await visited(page, `${size}-2-campanas-en-curso`, width);
  expect(filtered).toContain('Campañas 1–2 de 2.');
  expect(filtered).not.toContain('Verano en los museos');

  await page.goto('/');
  await page.getByRole('link', { name: 'Solicitudes de publicación' }).click();
  expect(await visited(page, `${size}-3-contenidos`, width)).toContain('Ministerio de Cultura');

  await page.goto('/');
  await page.getByRole('link', { name: 'Auditoría' }).click();
  const audit = await visited(page, `${size}-4-auditoria`, width);
  expect(audit).toContain('Presentó una solicitud');
  expect(audit).not.toContain('request.submitted');
  await page.getByRole('link', { name: /^Creación de cuenta · ref\. / }).first().click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  expect(new URL(page.url()).pathname).toMatch(/^\/solicitudes\/[0-9a-f]{24}$/);
}

async function requestForm(page: Page, size: 'phone' | 'desktop', width: number): Promise<void> {
  await page.getByRole('link', { name: 'Solicitar la creación de una cuenta institucional' }).click();
  const text = await visited(page, `${size}-5-formulario`, width);
  expect(text).toContain('Administrador 3, fijo: Coordinación de Comunicación Digital de la SCS · rrss_scs@pcm.gob.pe');
  // The role's longest choice shows whole in its dropdown.
  const role = page.getByLabel('Rol en la oficina').first();
  await role.selectOption('cm');
  const fits = await role.evaluate((el: HTMLSelectElement) => {
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = getComputedStyle(el).font;
    // The arrow and the padding take about 40 px of the box.
    return { text: ctx.measureText(el.selectedOptions[0]!.text).width + 40, box: el.clientWidth };
  });
  expect(fits.text).toBeLessThanOrEqual(fits.box);
  await screenshot(page, `lists-${size}-6-formulario-rol`);
}

for (const size of ['phone', 'desktop'] as const) {
  it(`on a ${size}: the head lists campaigns and content requests, filters them, and reads the audit in Spanish`, async () => {
    const { context, page } = await signedInPage(chromium, stack.apiUrl, HEAD, stack.mailbox, VIEWPORTS[size]);
    try {
      await headTour(page, size, VIEWPORTS[size].width);
    } finally {
      await context.close();
    }
  });

  it(`on a ${size}: the requesting unit fills the account request form with SCS fixed and the roles readable`, async () => {
    const { context, page } = await signedInPage(chromium, stack.apiUrl, REQUESTER, stack.mailbox, VIEWPORTS[size]);
    try {
      await requestForm(page, size, VIEWPORTS[size].width);
    } finally {
      await context.close();
    }
  });
}
