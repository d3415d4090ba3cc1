/**
 * In Debian's Chromium (issue 15 §2, §4): a head signs in, finds the approval of an account request
 * waiting on the home page and approves it there, on a desktop and on a 390 px phone; axe-core finds
 * no serious or critical violation on any page visited.
 */
import type { Browser } from 'playwright-core';
import { accessibilityProblems, launchChromium, screenshot, signedInPage, VIEWPORTS } from '../support/chromium';
import { validProposal } from '../support/fixtures';
import { HEAD, REQUESTER } from '../support/registryApp';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(120_000);

let stack: TestStack<'requester'>;
let chromium: Browser;

beforeAll(async () => {
  [stack, chromium] = await Promise.all([startTestStack({ requester: REQUESTER }), launchChromium()]);
});
afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
});

describe.each(['desktop', 'phone'] as const)('on a %s', (size) => {
  it('PCM 5.2.4: the head approves the request waiting on the home page, and it leaves the list', async () => {
    const seen = new Set(stack.mailbox.list().map((m) => m.id));
    const submitted = await stack.as.requester.api('POST', '/api/account-requests', validProposal({ requester: { name: 'Diego Torres Vega', email: REQUESTER } }));
    expect(submitted.status).toBe(202);
    // The step is open once its email went out (the open-step index is written with it).
    await stack.mailbox.waitFor((m) => m.to.includes(HEAD) && /^Creación de cuenta/.test(m.subject) && !seen.has(m.id));

    const { context, page } = await signedInPage(chromium, stack.apiUrl, HEAD, stack.mailbox, VIEWPORTS[size]);
    try {
      // The approval of a creation (other steps of the demo's processes may wait for the head too).
      const row = page.getByRole('row').filter({ hasText: 'Creación de cuenta' }).filter({ has: page.getByRole('link', { name: 'Aprobar' }) }).first();
      await row.waitFor();
      expect(await accessibilityProblems(page)).toEqual([]);
      await screenshot(page, `${size}-home-pendientes`);
      const before = await page.getByRole('link', { name: 'Aprobar' }).count();
      await row.getByRole('link', { name: 'Aprobar' }).click();
      expect(await accessibilityProblems(page)).toEqual([]);
      await screenshot(page, `${size}-home-confirmar`);
      // Nothing wider than the screen: the proposal's table reads top to bottom on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORTS[size].width);
      await page.getByRole('button', { name: 'Aprobar' }).click();
      await page.getByText('Quedó registrado').waitFor();
      expect(await accessibilityProblems(page)).toEqual([]);
      // Not a dead end: the page leads to the request's status.
      expect(await page.getByRole('link', { name: 'Ver el estado del proceso' }).getAttribute('href')).toBe(`/solicitudes/${submitted.json.id as string}`);
      await page.goto('/');
      expect(await page.getByRole('link', { name: 'Aprobar' }).count()).toBe(before - 1);
    } finally {
      await context.close();
    }
  });
});
