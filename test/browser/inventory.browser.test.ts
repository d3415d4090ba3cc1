/**
 * In Debian's Chromium (issue 15 §1, §4): a community manager brings the entity's existing accounts in
 * from a spreadsheet (PCM 6.3.5, Anexo 4; CONGRESO 6.1.8): home → accounts → import → a preview naming
 * the wrong line → the fixed file → confirm → the accounts with their next password change; and the
 * registration form's errors. On a desktop and at 390 px; axe-core finds no serious or critical
 * violation on any page visited; screenshots go to .tools/screenshots/.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { accessibilityProblems, launchChromium, screenshot, signedInPage, VIEWPORTS } from '../support/chromium';
import { CM } from '../support/registryApp';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(120_000);

let stack: TestStack<never>;
let chromium: Browser;
const files = mkdtempSync(join(tmpdir(), 'custodio-inventario-'));

beforeAll(async () => {
  [stack, chromium] = await Promise.all([startTestStack({}), launchChromium()]);
});
afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
});

const HEADER = 'Entidad;Responsables y teléfonos;Correo de gestión;Red social;Denominación de la cuenta;Descripción (objetivos, público objetivo y funciones);Tipo de contenido;Enlace de la cuenta;Último cambio de contraseña (DD/MM/AAAA)';
const row = (network: string, username: string, phone = '987654321') =>
  `Ministerio de Cultura;Carla Rojas Díaz ${phone};redes@cultura.gob.pe;${network};${username};Agenda cultural para el público general;Noticias y videos;;01/12/2026`;
/** A CSV as Excel on Spanish Windows writes it. */
const csvFile = (name: string, lines: string[]) => {
  const path = join(files, name);
  writeFileSync(path, iconv.encode([HEADER, ...lines].join('\r\n'), 'windows-1252'));
  return path;
};

/** Every page a person reaches is accessible, and is kept as a screenshot. */
async function visited(page: Page, name: string): Promise<string> {
  expect(await accessibilityProblems(page)).toEqual([]);
  await screenshot(page, name);
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ');
}

describe.each(['desktop', 'phone'] as const)('on a %s', (size) => {
  it('a community manager imports the inventory: the wrong line is named, nothing imports until it is fixed, then every account shows its next password change', async () => {
    const [facebook, x] = [`Cultura${size}${Date.now().toString(36).slice(-4)}`, `CulturaX${size}`];
    const { context, page } = await signedInPage(chromium, stack.apiUrl, CM, stack.mailbox, VIEWPORTS[size]);
    try {
      await visited(page, `${size}-1-inicio`);
      await page.getByRole('link', { name: 'Cuentas de Ministerio de Cultura' }).click();
      await visited(page, `${size}-2-cuentas`);
      await page.getByRole('link', { name: 'Importar el inventario de cuentas (Anexo 4)' }).click();
      expect(await visited(page, `${size}-3-importar`)).toContain('Descargue la plantilla');

      await page.getByLabel(/Archivo del inventario/).setInputFiles(csvFile(`${size}-malo.csv`, [row('Facebook', facebook), row('Twiter', x)]));
      await page.getByRole('button', { name: 'Ver la vista previa' }).click();
      const wrong = await visited(page, `${size}-4-vista-previa-con-errores`);
      expect(wrong).toContain('No se importará nada mientras haya filas con errores');
      expect(wrong).toContain('Red social: Red social no reconocida («Twiter»)');
      expect(await page.getByRole('button', { name: /^Importar/ }).count()).toBe(0);

      await page.getByRole('link', { name: 'vuelva a subirlo' }).click();
      await page.getByLabel(/Archivo del inventario/).setInputFiles(csvFile(`${size}-bueno.csv`, [row('Facebook', facebook), row('X', x)]));
      await page.getByRole('button', { name: 'Ver la vista previa' }).click();
      expect(await visited(page, `${size}-5-vista-previa`)).toContain('2 filas: 2 nuevas');
      await page.getByRole('button', { name: 'Importar: 2 nuevas, 0 actualizadas' }).click();
      expect(await visited(page, `${size}-6-importado`)).toContain('Inventario importado. 2 cuentas nuevas');

      await page.getByRole('link', { name: 'Ver las cuentas y su próximo cambio de contraseña' }).click();
      const list = await visited(page, `${size}-7-cuentas-importadas`);
      for (const name of [facebook, x]) {
        const cells = (await page.getByRole('row').filter({ hasText: name }).innerText()).replace(/\s+/g, ' ');
        // Counted from 1 December 2026, monthly (PCM 6.1.2.5): 1 January is a holiday, then a weekend, so Monday 4 January.
        expect(cells).toMatch(/4 de enero de 2027/);
      }
      expect(list).toContain('Confirma los cambios de contraseña');
      // The account's own page (issue 15 §2): its password changes and the CM's page-role form.
      await page.getByRole('link', { name: facebook, exact: true }).click();
      const account = await visited(page, `${size}-8-cuenta`);
      expect(account).toContain('Cambio de contraseña');
      expect(await page.getByRole('button', { name: 'Guardar los roles' }).count()).toBe(1);
    } finally {
      await context.close();
    }
  });
});

it('the registration form shows every error above it, linked to its field, and keeps what was typed', async () => {
  const { context, page } = await signedInPage(chromium, stack.apiUrl, CM, stack.mailbox, VIEWPORTS.phone);
  try {
    await page.goto('/entidades/mincul/cuentas');
    await page.getByRole('link', { name: 'Registrar una cuenta que ya existe' }).click();
    await visited(page, 'phone-8-registrar');
    await page.getByLabel('Denominación de la cuenta').fill('CulturaPodcast');
    await page.getByLabel('Responsable 1: nombres y apellidos').fill('Carla Rojas');
    await page.getByRole('button', { name: 'Registrar la cuenta' }).click();
    const errors = await visited(page, 'phone-9-registrar-errores');
    expect(errors).toContain('Revise estos datos');
    expect(await page.getByLabel('Denominación de la cuenta').inputValue()).toBe('CulturaPodcast');
    // Each error links to the field it names.
    const targets = await page.locator('#errores a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).hash.slice(1)));
    expect(targets.length).toBeGreaterThan(0);
    for (const id of targets) expect(await page.locator(`[id="${id}"]`).count()).toBe(1);
  } finally {
    await context.close();
  }
});
