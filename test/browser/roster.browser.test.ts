/**
 * In Debian's Chromium (issue 15 §2, §4): the head keeps the entity's team, settings and API keys from
 * the home page's links, and the platform admin creates an entity; on a desktop and at 390 px, with no
 * page wider than the screen; axe-core finds no serious or critical violation on any page visited;
 * the Congress head records the Account Administrator's contract (CONGRESO 5.1.2); screenshots go to
 * .tools/screenshots/roster-*.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage, visited as visitedPage, VIEWPORTS } from '../support/chromium';
import { ADMIN, HEAD, OTHER_HEAD } from '../support/registryApp';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(120_000);

let stack: TestStack<never>;
let chromium: Browser;

beforeAll(async () => {
  [stack, chromium] = await Promise.all([startTestStack({}), launchChromium()]);
});
afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
});

type Size = keyof typeof VIEWPORTS;

/** Every page a person reaches is accessible, fits the screen, and is kept as a screenshot. */
const visited = (page: Page, size: Size, name: string) => visitedPage(page, `roster-${size}-${name}`, VIEWPORTS[size].width);

describe.each(['desktop', 'phone'] as const)('on a %s', (size) => {
  it('the head adds a person and designates them, adds a decreed day, fixes a refused reminder plan, and creates then revokes an API key', async () => {
    const email = `epaz${size[0]!}@cultura.gob.pe`;
    const { context, page } = await signedInPage(chromium, stack.apiUrl, HEAD, stack.mailbox, VIEWPORTS[size]);
    try {
      await visited(page, size, '1-inicio');
      await page.getByRole('link', { name: 'Equipo de Ministerio de Cultura' }).click();
      expect(await visited(page, size, '2-equipo')).toContain('Titular de la Oficina de Comunicaciones');
      await page.getByLabel('Nombres y apellidos').fill(`Elena Paz (${size})`);
      await page.getByLabel('Correo institucional').fill(email);
      await page.getByLabel('Rol', { exact: true }).selectOption('team');
      await page.getByRole('button', { name: 'Registrar en el equipo' }).click();
      expect(await visited(page, size, '3-persona-registrada')).toContain('Se registró a la persona en el equipo');
      await page.getByLabel('Revisión mensual de roles de página').selectOption(email);
      await page.getByRole('button', { name: 'Guardar las designaciones' }).click();
      expect(await page.getByRole('status').innerText()).toContain('Se guardaron las designaciones');

      await page.goto('/');
      await page.getByRole('link', { name: 'Ajustes de Ministerio de Cultura' }).click();
      expect(await visited(page, size, '4-ajustes')).toContain('Regla de los enlaces');
      await page.getByLabel('Agregar un día no laborable').fill(size === 'desktop' ? '2027-07-26' : '2027-07-27');
      await page.getByRole('button', { name: 'Agregar el día' }).click();
      expect(await page.getByRole('status').innerText()).toContain('Se guardaron los días no laborables');

      await page.getByLabel(/Luego, repetir cada/).fill('10');
      await page.getByRole('button', { name: 'Guardar el plan' }).click();
      const refused = await visited(page, size, '5-plan-rechazado');
      expect(refused).toContain('Entre dos correos de un paso abierto no pueden pasar más de 5 días hábiles');
      expect(await page.getByLabel(/Luego, repetir cada/).inputValue()).toBe('10');
      // The error links to the field it names.
      await page.locator('#errores a').first().click();
      expect(await page.evaluate(() => location.hash)).toBe('#decisionPlan-repeatEvery');
      await page.getByLabel(/Luego, repetir cada/).fill('5');
      await page.getByRole('button', { name: 'Guardar el plan' }).click();
      expect(await page.getByRole('status').innerText()).toContain('Se guardó el plan de recordatorios');

      await page.goto('/');
      await page.getByRole('link', { name: 'Claves de API de Ministerio de Cultura' }).click();
      await visited(page, size, '6-claves');
      await page.getByLabel('Nombre de la clave').fill(`Mesa de partes (${size})`);
      await page.getByRole('button', { name: 'Crear la clave' }).click();
      const key = await page.getByLabel('Clave', { exact: true }).inputValue();
      expect(key).toMatch(/^cust_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
      expect(await visited(page, size, '7-clave-creada')).toContain('es la única vez que se muestra');
      await page.getByRole('link', { name: 'Ya la guardé: volver a las claves' }).click();
      expect(await page.content()).not.toContain(key.slice(18));
      await page.getByRole('link', { name: `Revocar la clave Mesa de partes (${size})` }).click();
      expect(await visited(page, size, '8-revocar')).toContain(`¿Revocar la clave «Mesa de partes (${size})»`);
      await page.getByRole('button', { name: 'Sí, revocar la clave' }).click();
      expect(await visited(page, size, '9-revocada')).toContain('Se revocó la clave');
    } finally {
      await context.close();
    }
  });
});

it('the platform admin creates an entity at 390 px: errors above the form, linked to their fields, keeping what was typed', async () => {
  const { context, page } = await signedInPage(chromium, stack.apiUrl, ADMIN, stack.mailbox, VIEWPORTS.phone);
  try {
    await page.getByRole('link', { name: 'Entidades' }).click();
    expect(await visited(page, 'phone', '10-entidades')).toContain('Congreso de la República');
    await page.getByLabel('Identificador').fill('produce');
    await page.getByLabel('Nombre de la entidad').fill('Ministerio de la Producción');
    await page.getByLabel('Dominios de correo institucional').fill('produce');
    await page.getByRole('button', { name: 'Crear la entidad' }).click();
    expect(await visited(page, 'phone', '11-entidad-errores')).toContain('Revise estos datos');
    expect(await page.getByLabel('Nombre de la entidad').inputValue()).toBe('Ministerio de la Producción');
    const targets = await page.locator('#errores a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).hash.slice(1)));
    expect(targets.length).toBeGreaterThan(0);
    for (const id of targets) expect(await page.locator(`[id="${id}"]`).count()).toBe(1);
    await page.getByLabel('Dominios de correo institucional').fill('produce.gob.pe');
    await page.getByLabel('Ubicación').fill('Lima, Perú');
    await page.getByRole('button', { name: 'Crear la entidad' }).click();
    expect(await visited(page, 'phone', '12-entidad-creada')).toContain('Se creó la entidad');
  } finally {
    await context.close();
  }
});

it('CONGRESO 5.1.2 at 390 px: the Congress head sees that the Account Administrator has no contract recorded, records it on the row, and the warning goes', async () => {
  const { context, page } = await signedInPage(chromium, stack.apiUrl, OTHER_HEAD, stack.mailbox, VIEWPORTS.phone);
  try {
    await page.getByRole('link', { name: 'Equipo de Congreso de la República' }).click();
    const warned = await visited(page, 'phone', '13-congreso-contrato');
    expect(warned).toContain('Por revisar');
    expect(warned).toContain('Fiorella Vega Soto es Administrador(a) de Cuentas y no tiene registrado su tipo de contrato');
    await page.getByLabel('Contrato de Fiorella Vega Soto').selectOption('indefinite');
    await page.getByRole('row', { name: /Fiorella Vega Soto/ }).getByRole('button', { name: 'Guardar los cambios' }).click();
    const done = await visited(page, 'phone', '14-congreso-contrato-registrado');
    expect(done).toContain('Contrato: plazo indeterminado');
    expect(done).not.toContain('Por revisar');
  } finally {
    await context.close();
  }
});
