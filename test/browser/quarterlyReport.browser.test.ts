/**
 * In Debian's Chromium, on the whole stack (Temporal dev server, worker, FerretDB, SMTP capture): one
 * quarter's report from the exports people download to SCS's acknowledgement (issue 16 "Done when";
 * PCM 6.3.2, Anexo 3). The community manager starts the III quarter's report, types the follower
 * counts, uploads a Facebook page's Meta Business Suite export and an X account's content export from
 * their account pages; the report closes its upload step by itself and the head receives the draft;
 * the head approves it by the emailed link; SCS receives the Anexo 3 as PDF and XLSX and acknowledges
 * it; the report page, the list and SCS's board say so. Screenshots: .tools/screenshots/informe-*.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { limaDate } from '../../domain/businessDays';
import { monthLabel, previousQuarter, quarterLabel, quarterMonths, quarterOf } from '../../domain/quarters';
import { fixture } from '../infra/platformExports/fixtures';
import { launchChromium, signedInPage, visited as visitedPage, VIEWPORTS } from '../support/chromium';
import { linkIn } from '../support/browser';
import { pdfText } from '../support/pdfText';
import { CM, HEAD, SCS } from '../support/registryApp';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(240_000);

let stack: TestStack<'head' | 'scs'>;
let chromium: Browser;
const files = mkdtempSync(join(tmpdir(), 'custodio-informe-'));
// The last closed quarter, whatever the day the suite runs: the one SCS's board shows.
const QUARTER = previousQuarter(quarterOf(limaDate(new Date()).slice(0, 7)));
const LABEL = quarterLabel(QUARTER);
const [M1, M2, M3] = quarterMonths(QUARTER).map((m) => ({ year: m.slice(0, 4), mm: m.slice(5) }));
const FILE = `informe-trimestral-ministerio-de-cultura-${QUARTER.toLowerCase()}`;
const MONTH_ABBR = ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'set', 'oct', 'nov', 'dic'];

beforeAll(async () => {
  [stack, chromium] = await Promise.all([startTestStack({ head: HEAD, scs: SCS }), launchChromium()]);
});
afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
});

const visited = (page: Page, name: string) => visitedPage(page, `informe-${name}`, VIEWPORTS.desktop.width);

/** The Spanish Meta export with its three posts moved into the quarter's three months (`MM/DD/YYYY`). */
function metaExport(): string {
  const text = fixture('meta-facebook-es.csv').toString('utf8')
    .replace('10/02/2026 10:00', `${M1!.mm}/02/${M1!.year} 10:00`)
    .replace('10/05/2026 17:20', `${M2!.mm}/05/${M2!.year} 17:20`)
    .replace('10/31/2026 20:00', `${M3!.mm}/28/${M3!.year} 20:00`);
  const path = join(files, 'Publicaciones-CulturaPeru.csv');
  writeFileSync(path, text);
  return path;
}

/** The Spanish X content export with its July posts moved into the quarter's first month (X checks no weekday). */
function xExport(): string {
  const month = `${MONTH_ABBR[Number(M1!.mm) - 1]} ${M1!.year}`;
  const path = join(files, 'account_analytics_content.csv');
  writeFileSync(path, fixture('x-content-es.csv').toString('utf8').replaceAll('jul 2026', month));
  return path;
}

async function register(network: 'facebook' | 'x', username: string): Promise<string> {
  const res = await stack.as.head.api('POST', '/api/entities/mincul/accounts', {
    network, username, managingEmail: 'redes@cultura.gob.pe', responsibles: [{ name: 'Carla Rojas Díaz', phone: '987 654 321' }],
    description: 'Agenda cultural del Ministerio para el público general.', contentType: 'Noticias', lastRotatedOn: '2026-11-20',
  });
  expect(res.status).toBe(201);
  return res.json.accountId as string;
}

async function upload(page: Page, label: string, path: string, name: string): Promise<void> {
  await page.getByRole('link', { name: `Subir métricas de ${label}` }).click();
  await page.getByLabel(/Archivo exportado/).setInputFiles(path);
  await page.getByRole('button', { name: 'Ver la vista previa' }).click();
  await visited(page, `${name}-vista-previa`);
  await page.getByRole('button', { name: /^Importar \d+ publicaciones$/ }).click();
  await page.getByText('Métricas importadas.').waitFor();
}

it('PCM 6.3.2: a CM uploads one quarter\'s exports in a browser, the head approves the Anexo 3, SCS receives it as PDF and XLSX and acknowledges it', async () => {
  const fb = await register('facebook', 'CulturaPeru');
  await register('x', 'CulturaPeru');
  const { context, page } = await signedInPage(chromium, stack.apiUrl, CM, stack.mailbox, VIEWPORTS.desktop);
  try {
    // The accounts page leads to the reports; the CM starts the III quarter's (its calendar would have opened it in September).
    await page.goto('/entidades/mincul/cuentas');
    await page.getByRole('link', { name: 'Informes trimestrales a la SCS' }).click();
    await page.getByLabel('Iniciar ahora el informe de').selectOption(QUARTER);
    await page.getByRole('button', { name: 'Iniciar el informe' }).click();
    await page.getByRole('heading', { level: 1, name: `Informe trimestral del ${LABEL}` }).waitFor();
    const opened = await visited(page, '1-abierto');
    expect(opened).toContain('Esperando las exportaciones del trimestre');
    expect(opened).toContain('Facebook @CulturaPeru: falta su exportación');
    const ask = await stack.mailbox.waitFor((m) => m.to.includes(CM) && m.subject.startsWith('Informe trimestral (Anexo 3): suba las exportaciones'));
    expect(ask.text).toContain('Plazo para enviarlo a la SCS');

    // Follower counts no export carries: a bad one is refused at its field, then both are kept.
    await page.getByLabel('Seguidores de Facebook @CulturaPeru al inicio').fill('10.000');
    await page.getByLabel('Seguidores de Facebook @CulturaPeru al final').fill('doce mil');
    await page.getByRole('button', { name: 'Guardar los seguidores' }).click();
    expect(await page.locator(`#followers-0-end-error`).innerText()).toContain('Escriba un número entero de seguidores');
    await visited(page, '2-seguidores-error');
    await page.getByLabel('Seguidores de Facebook @CulturaPeru al final').fill('12500');
    await page.getByRole('button', { name: 'Guardar los seguidores' }).click();
    await page.getByText('Se guardaron los seguidores').waitFor();

    await upload(page, 'Facebook @CulturaPeru', metaExport(), '3-facebook');
    await page.goto(`/entidades/mincul/informes/${QUARTER}`);
    await upload(page, 'X (Twitter) @CulturaPeru', xExport(), '4-x');

    // The last export completes the quarter: the report drafts itself and goes to the head.
    const approval = await stack.mailbox.waitFor((m) => m.to.includes(HEAD) && m.subject.startsWith('Informe trimestral (Anexo 3) de Ministerio de Cultura'), 60_000);
    expect(approval.attachments.map((a) => a.filename)).toEqual([`${FILE}.pdf`, `${FILE}.xlsx`]);
    await page.goto(`/entidades/mincul/informes/${QUARTER}`);
    const drafted = await visited(page, '5-borrador');
    expect(drafted).toContain('Borrador en aprobación del/la titular');
    expect(drafted).toContain(`FACEBOOK (10 mejores publicaciones del mes) – ${monthLabel(quarterMonths(QUARTER)[0])}`);
    expect(drafted).toContain('crecimiento de seguidores 2.500');

    const approved = await stack.as.head.follow(linkIn(approval, 'Aprobar'));
    expect(approved.status).toBe(200);

    // SCS gets both files, numbered once approved (issue 19 §6), and an acknowledgement link.
    const toScs = await stack.mailbox.waitFor((m) => m.to.includes(SCS) && m.subject.startsWith('Informe trimestral sobre cuentas de redes sociales (Anexo 3) – Ministerio de Cultura'), 60_000);
    const filed = new RegExp(`^informe-n-\\d{3}-\\d{4}-oc-mincul-trimestral-${QUARTER.toLowerCase()}\\.(pdf|xlsx)$`);
    expect(toScs.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [expect.stringMatching(filed), 'application/pdf'],
      [expect.stringMatching(filed), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ]);
    const pdf = stack.mailbox.attachment(toScs.id, 0)!.content;
    const text = await pdfText(pdf);
    expect(text).toContain('Ministerio de Cultura');
    expect(text).toMatch(/INFORME N° \d{3}-\d{4}-OC\/MINCUL/);
    expect(text).toMatch(/FACEBOOK \(10 mejores publicaciones del mes\)/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(stack.mailbox.attachment(toScs.id, 1)!.content as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Totales', 'Notas']));
    expect(book.worksheets.length).toBe(4);

    const ack = await stack.as.scs.follow(linkIn(toScs, 'Acusar recibo'));
    expect(ack.status).toBe(200);
    await page.waitForTimeout(500);
    for (let i = 0; i < 40; i++) {
      await page.goto(`/entidades/mincul/informes/${QUARTER}`);
      if ((await page.content()).includes('Enviado y recibido por la SCS')) break;
      await page.waitForTimeout(250);
    }
    const done = await visited(page, '6-recibido');
    expect(done).toContain('Enviado y recibido por la SCS');
    expect(done).toContain('Acuse de recibo de la SCS');
    await page.goto('/entidades/mincul/informes');
    const list = await visited(page, '7-lista');
    expect(list.replace(/\s+/g, ' ')).toContain(`${LABEL} Enviado y recibido por la SCS`);
  } finally {
    await context.close();
  }

  // SCS's board shows the entity's report of the last closed quarter as sent and received.
  const board = await stack.as.scs.open('/supervision');
  expect(board.html).toContain(`Informe del ${LABEL}`);
  expect(board.html).toContain('Enviado y recibido');
  void fb;
});
