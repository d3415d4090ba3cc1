/**
 * Debian's Chromium driven by playwright-core (installed by scripts/install-tools.sh; playwright never
 * downloads a browser here), for the browser tests: a person signs in by emailed link as they would,
 * every page visited is checked with axe-core (WCAG 2.1 AA: no serious or critical violation), and
 * screenshots go to `.tools/screenshots/` for a person to look at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { SmtpCapture } from '../../local/smtpCapture';
import { linkIn } from './browser';

export const SCREENSHOTS = join(__dirname, '..', '..', '.tools', 'screenshots');

/** The flags this machine's closed network needs (no background connections, no first-run). */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: FLAGS });
}

/** A phone (390 px, as a head approves from one) or a desktop. */
export const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } } as const;

/** A context signed in as `email`: the sign-in page, the emailed link, its confirmation button. */
export async function signedInPage(browser: Browser, baseURL: string, email: string, mailbox: SmtpCapture, viewport: { width: number; height: number } = VIEWPORTS.desktop): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport, locale: 'es-PE', timezoneId: 'America/Lima' });
  const page = await context.newPage();
  const seen = new Set(mailbox.list().map((m) => m.id));
  await page.goto('/ingresar');
  await page.getByLabel('Correo institucional').fill(email);
  await page.getByRole('button', { name: 'Enviarme el enlace' }).click();
  const mail = await mailbox.waitFor((m) => m.to.includes(email) && m.subject.includes('ingresar') && !seen.has(m.id));
  await page.goto(linkIn(mail, 'Ingresar a Custodio'));
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/ingresar'));
  return { context, page };
}

/** Serious and critical WCAG 2.1 A/AA violations on the page as it is now, as `rule: target` lines. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

/** Saves a full-page screenshot under `.tools/screenshots/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** A page a journey reached: no serious accessibility problem, never wider than the screen, kept as a screenshot; answers its main text. */
export async function visited(page: Page, name: string, width: number): Promise<string> {
  expect(await accessibilityProblems(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  await screenshot(page, name);
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ');
}
