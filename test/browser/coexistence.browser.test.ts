/**
 * In Debian's Chromium (issue 19 §3; PCM 6.2.2.6, Anexo 6): the head adapts the norms of coexistence from
 * the settings page (first with too few norms, refused at the field), and anyone reads them on a phone
 * without signing in. axe-core finds no serious or critical violation; screenshots in .tools/screenshots.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage, visited as visitedPage, VIEWPORTS } from '../support/chromium';
import { HEAD } from '../support/registryApp';
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

const visited = (page: Page, name: string, width: number) => visitedPage(page, `convivencia-${name}`, width);

it('PCM 6.2.2.6, Anexo 6: adapted by the head from the settings page, read by anyone on a phone', async () => {
  const head = await signedInPage(chromium, stack.apiUrl, HEAD, stack.mailbox, VIEWPORTS.desktop);
  const visitor = await chromium.newContext({ baseURL: stack.apiUrl, viewport: VIEWPORTS.phone });
  try {
    await head.page.goto('/entidades/mincul/ajustes');
    await head.page.getByRole('link', { name: 'adáptelas' }).click();
    expect(await visited(head.page, '1-formulario', VIEWPORTS.desktop.width)).toContain('Hoy se publica el texto de la directiva.');
    await head.page.getByLabel('Normas, una por línea').fill('Respeta a los demás.\nNo compartas datos personales.');
    await head.page.getByRole('button', { name: 'Publicar las normas' }).click();
    await head.page.locator('#rules-error').waitFor();
    expect(await head.page.locator('#rules-error').innerText()).toMatch(/al menos 3 normas/);
    await visited(head.page, '2-error', VIEWPORTS.desktop.width);
    await head.page.getByLabel('Normas, una por línea').fill('Respeta a los demás.\nNo compartas datos personales de terceros.\nLos mensajes ofensivos se ocultan o se denuncian.');
    await head.page.getByRole('button', { name: 'Publicar las normas' }).click();
    await head.page.getByText('Se publicaron las normas de convivencia adaptadas.').waitFor();

    const page = await visitor.newPage();
    await page.goto('/convivencia/mincul');
    const text = await visited(page, '3-publica-telefono', VIEWPORTS.phone.width);
    expect(text).toContain('No compartas datos personales de terceros.');
    expect(text).toContain('Adaptadas por la entidad a partir del Anexo 6');
  } finally {
    await head.context.close();
    await visitor.close();
  }
});
