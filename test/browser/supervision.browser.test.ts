/**
 * In Debian's Chromium (issue 15 §4 "SCS opens the board and drills into an overdue rotation"): the SCS
 * supervisor signs in, opens the board from the home page, follows the overdue count of the Ministerio
 * de Cultura to its overdue accounts and on to the account. On a desktop and at 390 px, nothing wider
 * than the screen; axe-core finds no serious or critical violation; screenshots go to
 * .tools/screenshots/scs-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { Browser as Client, linkIn } from '../support/browser';
import { launchChromium, signedInPage, visited as visitedPage, VIEWPORTS } from '../support/chromium';
import { validProposal } from '../support/fixtures';
import { HEAD, REQUESTER, SCS } from '../support/registryApp';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(180_000);

let stack: TestStack<'head' | 'requester'>;
let chromium: Browser;
const stale = `CulturaVieja${Date.now().toString(36).slice(-4)}`;

beforeAll(async () => {
  [stack, chromium] = await Promise.all([startTestStack({ head: HEAD, requester: REQUESTER }), launchChromium()]);
  // PCM 6.1.2.5: its password last changed in September, so its rotation is overdue.
  const registered = await stack.as.head.api('POST', '/api/entities/mincul/accounts', {
    network: 'facebook', username: stale, managingEmail: 'redes@cultura.gob.pe', responsibles: [{ name: 'Carla Rojas Díaz', phone: '987 654 321' }],
    description: 'Agenda cultural del Ministerio para el público general.', contentType: 'Noticias y agenda', lastRotatedOn: '2026-09-01',
  });
  expect(registered.status).toBe(201);
  // PCM 6.1.1.2: an approved creation's technical report waits for SCS.
  expect((await stack.as.requester.api('POST', '/api/account-requests', validProposal({ requester: { name: 'Diego Torres Vega', email: REQUESTER } }))).status).toBe(202);
  const approve = linkIn(await stack.mailbox.waitFor((m) => m.to.includes(HEAD) && /^Creación de cuenta/.test(m.subject), 60_000), 'Aprobar');
  const approver = new Client(stack.apiUrl);
  await approver.open(approve);
  expect((await approver.submit(approve)).status).toBe(200);
  await stack.mailbox.waitFor((m) => m.to.includes(SCS) && /^Informe técnico/.test(m.subject), 60_000);
});
afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
});

describe.each(['desktop', 'phone'] as const)('on a %s', (size) => {
  /** Every page is accessible, no wider than the screen, and kept as a screenshot. */
  const visited = (page: Page, name: string) => visitedPage(page, `scs-${size}-${name}`, VIEWPORTS[size].width);

  it('issue 15 §4: SCS opens the board from the home page and drills into the overdue rotation\'s account', async () => {
    const { context, page } = await signedInPage(chromium, stack.apiUrl, SCS, stack.mailbox, VIEWPORTS[size]);
    try {
      await visited(page, '1-inicio');
      await page.getByRole('link', { name: 'Supervisión de las entidades' }).click();
      const board = await visited(page, '2-tablero');
      expect(board).toContain('1 cambio de contraseña vencido');
      expect(board).toContain('Pendientes de la SCS');
      expect(board).not.toContain('Congreso de la República');

      const row = page.getByRole('row').filter({ hasText: 'Ministerio de Cultura' }).first();
      await row.getByRole('link', { name: '1 vencido' }).click();
      await page.waitForURL(/\/entidades\/mincul\/cuentas\?vencidas=1$/);
      const list = await visited(page, '3-cuentas-vencidas');
      expect(list).toContain('Solo las cuentas con el cambio de contraseña vencido: 1 de 1');
      expect(list).toContain('Vencido');

      await page.getByRole('link', { name: stale, exact: true }).click();
      const account = await visited(page, '4-cuenta');
      expect(account).toContain(stale);
      expect(account).toContain('Cambio de contraseña');
    } finally {
      await context.close();
    }
  });
});
