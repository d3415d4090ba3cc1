/**
 * In Debian's Chromium (issue 16 §1, §4): a community manager brings in a Facebook account's metrics
 * from Meta Business Suite's Spanish export in its UTF-16 variant (PCM 6.3.2): the account page → the
 * upload page → a file that cannot be read, refused at its field → the export → its preview → the
 * import and its counts → the same file again, which adds nothing → the account page's posting
 * frequency (PCM 6.2.2.4). On a desktop and at 390 px, with no page wider than the screen; axe-core
 * finds no serious or critical violation; screenshots go to .tools/screenshots/metricas-*. Temporal is
 * a stub: nothing here reaches a process.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { accountModel } from '../../infra/models/account';
import { startTestApp, type TestApp } from '../support/app';
import { launchChromium, signedInPage, visited as visitedPage, VIEWPORTS } from '../support/chromium';
import { CM } from '../support/registryApp';
import { stubTemporal } from '../support/stubTemporal';
import { asMetaUtf16, withCell } from '../infra/platformExports/fixtures';

jest.setTimeout(120_000);

let t: TestApp;
let chromium: Browser;
const files = mkdtempSync(join(tmpdir(), 'custodio-metricas-'));

beforeAll(async () => {
  [t, chromium] = await Promise.all([startTestApp({ temporal: stubTemporal().client }), launchChromium()]);
});
afterAll(async () => {
  await chromium?.close();
  await t?.stop();
});

type Size = keyof typeof VIEWPORTS;
const visited = (page: Page, size: Size, name: string) => visitedPage(page, `metricas-${size}-${name}`, VIEWPORTS[size].width);
const saved = (name: string, data: Buffer) => {
  const path = join(files, name);
  writeFileSync(path, data);
  return path;
};

describe.each(['desktop', 'phone'] as const)('on a %s', (size) => {
  it('a CM uploads a Spanish UTF-16 Meta export, sees its preview, imports it, sees nothing new the second time, and the account page judges the month', async () => {
    const username = `CulturaPeru${size}`;
    await accountModel(t.db).create({ _id: `metricas-${size}`, entityId: 'mincul', network: 'facebook', username, managingEmail: 'redes@cultura.gob.pe', roles: [], status: 'active', origin: 'registered', activatedAt: new Date() });
    const exportFile = saved(`${size}-Publicaciones.csv`, asMetaUtf16('meta-facebook-es.csv'));
    const { context, page } = await signedInPage(chromium, t.url, CM, t.mailbox, VIEWPORTS[size]);
    try {
      await page.goto(`/cuentas/metricas-${size}`);
      expect(await visited(page, size, '1-cuenta-sin-metricas')).toContain('Aún no se importaron métricas de esta cuenta');
      await page.getByRole('link', { name: 'Subir métricas' }).click();
      const upload = await visited(page, size, '2-subir');
      expect(upload).toContain('Meta Business Suite → Estadísticas → Contenido → Exportar datos');
      expect(await page.getByRole('link', { name: 'descargue la plantilla de Custodio (CSV)' }).getAttribute('href')).toBe('/plantillas/metricas.csv');

      await page.getByLabel(/Archivo exportado/).setInputFiles(saved(`${size}-malo.csv`, withCell('meta-facebook-es.csv', '10/05/2026 17:20', '5 de octubre')));
      await page.getByRole('button', { name: 'Ver la vista previa' }).click();
      await visited(page, size, '3-archivo-ilegible');
      expect(await page.locator('#archivo-error').innerText()).toMatch(/^Línea 3, columna «Hora de publicación»: /);

      await page.getByLabel(/Archivo exportado/).setInputFiles(exportFile);
      await page.getByRole('button', { name: 'Ver la vista previa' }).click();
      const preview = await visited(page, size, '4-vista-previa');
      expect(preview).toContain('Meta Business Suite (Facebook/Instagram), en español');
      expect(preview).toContain('3, publicadas del 02/10/2026 10:00 al 31/10/2026 20:00 (hora de Lima)');
      const rows = page.getByRole('region', { name: 'Publicaciones leídas' }).getByRole('row');
      expect(await rows.count()).toBe(4);
      expect((await rows.nth(2).innerText()).replace(/\s+/g, ' ')).toMatch(/^05\/10\/2026 17:20 Arqueólogos explican el trabajo de conservación. 24.118 33.906 1.876 18,4 Ver$/);
      await page.getByRole('button', { name: 'Importar 3 publicaciones' }).click();
      expect(await visited(page, size, '5-importado')).toContain('Métricas importadas. 3 publicaciones nuevas o con cifras más recientes.');

      await page.getByRole('link', { name: 'Subir otro archivo' }).first().click();
      await page.getByLabel(/Archivo exportado/).setInputFiles(exportFile);
      await page.getByRole('button', { name: 'Ver la vista previa' }).click();
      expect(await visited(page, size, '6-mismo-archivo')).toContain('Este archivo ya fue importado');
      await page.getByRole('button', { name: 'Importar 3 publicaciones' }).click();
      expect(await visited(page, size, '7-nada-nuevo')).toContain('Nada nuevo. 3 publicaciones de este archivo ya estaban registradas con estas mismas cifras: no se cuentan dos veces.');

      await page.getByRole('link', { name: 'Ver la frecuencia de publicación de la cuenta' }).click();
      const account = await visited(page, size, '8-cuenta-con-importaciones');
      expect(account).toContain('Frecuencia de publicación (PCM 6.2.2.4)');
      expect(account).toContain('Últimas importaciones');
      await page.getByRole('link', { name: 'ver la frecuencia de octubre de 2026' }).first().click();
      const october = await visited(page, size, '9-frecuencia-octubre');
      expect(october).toContain('Octubre de 2026 3 publicaciones. Por debajo del mínimo 0 de 31 días cumplen.');
      expect(await page.getByRole('region', { name: 'Días de octubre de 2026' }).getByRole('cell', { name: /31 oct: 1 publicación, no cumple/ }).count()).toBe(1);
    } finally {
      await context.close();
    }
  });
});
