import ExcelJS from 'exceljs';
import { renderAttachment } from '../../../activities/attachments';
import { anexo3Filename, renderAnexo3Pdf, renderAnexo3Xlsx } from '../../../infra/documents/anexo3';
import { buildQuarterlyReport, NOT_AVAILABLE, type QuarterlyReport, type ReportAccount } from '../../../domain/anexo3';
import { anexo3Report } from '../../support/anexo3Fixtures';
import { flat, pdfText } from '../../support/pdfText';

const FB: ReportAccount = { accountId: 'fb1', network: 'facebook', name: 'Cultura Perú', url: 'https://www.facebook.com/culturaperu', followers: { start: 10_000, end: 10_450 } };
const X: ReportAccount = { accountId: 'x1', network: 'x', name: '@CulturaPeru' };
const TT: ReportAccount = { accountId: 'tt1', network: 'tiktok', name: '@culturaperu' };

/** A small quarter whose every figure the tests can name: the Anexo's own ER example, an absent reach, a post without link. */
const small: QuarterlyReport = buildQuarterlyReport({
  entityName: 'Ministerio de Cultura',
  quarter: '2026-Q3',
  accounts: [TT, X, FB],
  posts: [
    { accountId: 'fb1', network: 'facebook', postId: 'a', url: 'https://www.facebook.com/culturaperu/posts/111', publishedAt: '2026-07-31T23:00:00.000Z', reach: 2000, interactions: 87 },
    { accountId: 'fb1', network: 'facebook', postId: 'b', url: 'https://www.facebook.com/culturaperu/posts/222', publishedAt: '2026-07-10T15:00:00.000Z', reach: 12_345, interactions: 1000 },
    { accountId: 'fb1', network: 'facebook', postId: 'c', url: 'https://www.facebook.com/culturaperu/posts/333', publishedAt: '2026-07-11T15:00:00.000Z', interactions: 40 },
    // 30 September 22:00 in Lima: September's, though already October in UTC.
    { accountId: 'x1', network: 'x', postId: 'd', publishedAt: '2026-10-01T03:00:00.000Z', impressions: 5000, interactions: 250 },
    { accountId: 'tt1', network: 'tiktok', postId: 'e', url: 'https://www.tiktok.com/@culturaperu/video/7345678901234567890', publishedAt: '2026-08-03T20:00:00.000Z', views: 90_000, likes: 4000, comments: 120, averageWatchSeconds: 95.4 },
  ],
  frequency: [{ accountId: 'fb1', month: '2026-07', published: 3, compliantPeriods: 0, totalPeriods: 31, unit: 'day', belowMinimum: true, rule: 'al menos 3 publicaciones al día' }],
  generatedAt: '2026-10-05T15:00:00.000Z',
});

describe('Anexo 3 PDF (PCM 6.3.2)', () => {
  let text: string;
  let rows: string[];
  beforeAll(async () => {
    const pdf = await renderAnexo3Pdf(small);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    rows = pdfText(pdf, ' | ').split('\n');
    text = flat(pdfText(pdf));
  });

  it('PCM 6.3.2 Anexo 3 opens with the title, the entity and the quarter', () => {
    expect(text).toContain('Informe trimestral sobre cuentas de redes sociales (Anexo 3)');
    expect(text).toContain('Entidad: Ministerio de Cultura');
    expect(text).toContain('Periodo: III trimestre de 2026 (julio–setiembre)');
    expect(text).toContain('Elaborado el 5 de octubre de 2026, 10:00 (hora de Lima)');
    expect(text).toMatch(/Página 1 de \d+/);
    expect(text).not.toContain('\uFFFD');
  });

  it("PCM 6.3.2 Anexo 3 has each month's table with the network's columns, in the Anexo's network order", () => {
    const titles = rows.filter((r) => /mejores .* de 2026$/.test(r));
    expect(titles).toEqual(
      ['FACEBOOK (10 mejores publicaciones del mes)', 'X (TWITTER) (10 mejores publicaciones del mes)', 'TIKTOK (10 mejores publicaciones del mes)'].flatMap((t) =>
        ['julio', 'agosto', 'setiembre'].map((m) => `${t} – ${m} de 2026`),
      ),
    );
    // A header that wraps ends its line, so the cells after it start the next one.
    const cells = flat(rows.join('\n'));
    expect(cells).toContain('N° | Alcance | Interacción | Engagement Rate (interacción × 100 / alcance) Fecha | Link de la publicación');
    expect(cells).toContain('N° | Impresiones | Interacción total | Engagement Rate (interacción × 100 / impresiones) Fecha | Link de la publicación');
    expect(cells).toContain('N° | Visualizaciones | Interacción | Tiempo promedio de visualización Alcance | Fecha | Link del video');
  });

  it('PCM 6.3.2 Anexo 3 rows: N° by reach, ER 87 × 100 / 2000 = «4,35 %», Lima dates, «no disponible en la exportación» for what the export lacks', () => {
    const july = rows.slice(rows.indexOf('FACEBOOK (10 mejores publicaciones del mes) – julio de 2026'));
    // The link breaks at «/» into pieces of its own.
    const joinedLink = (r: string) => r.replace(/\/ \| /g, '/');
    expect(july.filter((r) => /^\d+ \|/.test(r)).slice(0, 3).map(joinedLink)).toEqual([
      '1 | 12.345 | 1.000 | 8,10 % | 10/07/2026 | facebook.com/culturaperu/posts/222',
      '2 | 2.000 | 87 | 4,35 % | 31/07/2026 | facebook.com/culturaperu/posts/111',
      `3 | ${NOT_AVAILABLE} | 40 | ${NOT_AVAILABLE} | 11/07/2026 | facebook.com/culturaperu/posts/333`,
    ]);
    const september = rows.slice(rows.indexOf('X (TWITTER) (10 mejores publicaciones del mes) – setiembre de 2026'));
    expect(september.find((r) => r.startsWith('1 |'))).toBe(`1 | 5.000 | 250 | 5,00 % | 30/09/2026 | ${NOT_AVAILABLE}`);
    const tiktok = rows.slice(rows.indexOf('TIKTOK (10 mejores publicaciones del mes) – agosto de 2026'));
    expect(joinedLink(tiktok.find((r) => r.startsWith('1 |'))!)).toBe(`1 | 90.000 | 4.120 | 1 min 35 s | ${NOT_AVAILABLE} | 03/08/2026 | tiktok.com/@culturaperu/video/7345678901234567890`);
    expect(text).toContain('Sin publicaciones importadas para este mes.');
  });

  it('links are clickable', async () => {
    const raw = (await renderAnexo3Pdf(small)).toString('latin1');
    expect(raw).toContain('/URI (https://www.facebook.com/culturaperu/posts/222)');
    expect(raw).toContain('/URI (https://www.tiktok.com/@culturaperu/video/7345678901234567890)');
  });

  it('PCM 6.3.2 totals per month and quarter, follower growth, the chart, the frequency line, notes and footnotes', () => {
    const quarter = rows.findIndex((r) => r.startsWith('Trimestre | 3 | 14.345'));
    expect(flat(rows.slice(quarter, quarter + 3).join(' '))).toBe(`Trimestre | 3 | 14.345 (sin cifra en 1 publicación) ${NOT_AVAILABLE} | 1.127 | +450 (de 10.000 a 10.450)`);
    expect(text).toContain('(sin cifra en 1 publicación)');
    expect(text).toContain('+450 (de 10.000 a 10.450)');
    expect(text).toContain('Gráfico – Facebook – Cultura Perú: alcance, impacto e interacciones por mes');
    expect(rows).toContain('julio | 14.345');
    expect(text).toContain('Frecuencia (PCM 6.2.2.4): 0 de 31 días cumplen la regla (al menos 3 publicaciones al día); 3 publicaciones en el mes; por debajo del mínimo.');
    expect(text).toContain('X (Twitter) – @CulturaPeru: julio de 2026, agosto de 2026, sin publicaciones importadas.');
    for (const note of small.footnotes) expect(text).toContain(flat(note));
    expect(text).toContain('TikTok: el Anexo 3 no dice con qué cifra elegir las 10 mejores publicaciones; se ordenan por visualizaciones.');
  });

  it('a full quarter: every table numbers its rows 1 to 10', async () => {
    const report = anexo3Report();
    const lines = pdfText(await renderAnexo3Pdf(report), ' | ').split('\n');
    const numbered = lines.filter((r) => /^\d+ \| /.test(r)).map((r) => Number(r.split(' | ')[0]));
    // Facebook, X, Instagram and TikTok have 14 posts a month; YouTube 4 in July and September.
    const tables = 4 * 3;
    expect(numbered.filter((n) => n === 10)).toHaveLength(tables);
    expect(numbered.filter((n) => n === 1)).toHaveLength(tables + 2);
  });

  it('the same report renders the same bytes, so a retried activity attaches an identical file', async () => {
    expect((await renderAnexo3Pdf(small)).equals(await renderAnexo3Pdf(structuredClone(small)))).toBe(true);
  });
});

async function workbook(r: QuarterlyReport): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await renderAnexo3Xlsx(r)) as unknown as ArrayBuffer);
  return book;
}

/** A sheet's rows as cell values (row n at n − 1, empty rows kept), without the leading empty slot exceljs keeps. */
function values(sheet: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => void out.push((row.values as unknown[]).slice(1)));
  return out;
}

describe('Anexo 3 XLSX (PCM 6.3.2)', () => {
  let book: ExcelJS.Workbook;
  beforeAll(async () => {
    book = await workbook(small);
  });

  it('has «Totales», one sheet per account in the Anexo order, and «Notas»', () => {
    expect(book.worksheets.map((s) => s.name)).toEqual(['Totales', 'Facebook Cultura Perú', 'X @CulturaPeru', 'TikTok @culturaperu', 'Notas']);
  });

  it('PCM 6.3.2 Anexo 3 the same tables, numbers as numbers, ER as a percentage, dates as dates, links as links', () => {
    const sheet = book.getWorksheet('Facebook Cultura Perú')!;
    const rows = values(sheet);
    const title = rows.findIndex((r) => r[0] === 'FACEBOOK (10 mejores publicaciones del mes) – julio de 2026');
    expect(rows[title + 1]).toEqual(['N°', 'Alcance', 'Interacción', 'Engagement Rate (interacción × 100 / alcance)', 'Fecha', 'Link de la publicación']);
    const second = sheet.getRow(title + 4);
    expect(second.getCell(1).value).toBe(2);
    expect(second.getCell(2).value).toBe(2000);
    expect(second.getCell(3).value).toBe(87);
    expect(second.getCell(4).value).toBe(0.0435);
    expect(second.getCell(4).numFmt).toBe('0.00 %');
    expect(second.getCell(5).value).toEqual(new Date(Date.UTC(2026, 6, 31)));
    expect(second.getCell(5).numFmt).toBe('dd/mm/yyyy');
    expect(second.getCell(6).value).toEqual({ text: 'https://www.facebook.com/culturaperu/posts/111', hyperlink: 'https://www.facebook.com/culturaperu/posts/111' });
    const third = sheet.getRow(title + 5);
    expect([third.getCell(2).value, third.getCell(3).value, third.getCell(4).value]).toEqual([NOT_AVAILABLE, 40, NOT_AVAILABLE]);
    expect(rows.map((r) => r[0])).toContain('Frecuencia (PCM 6.2.2.4): 0 de 31 días cumplen la regla (al menos 3 publicaciones al día); 3 publicaciones en el mes; por debajo del mínimo.');
    expect(rows.filter((r) => r[0] === 'Sin publicaciones importadas para este mes.')).toHaveLength(2);
  });

  it('PCM 6.3.2 Anexo 3 TikTok: average watch time in seconds, reach absent', () => {
    const rows = values(book.getWorksheet('TikTok @culturaperu')!);
    const title = rows.findIndex((r) => r[0] === 'TIKTOK (10 mejores publicaciones del mes) – agosto de 2026');
    expect(rows[title + 2]!.slice(0, 5)).toEqual([1, 90_000, 4120, 95.4, NOT_AVAILABLE]);
  });

  it('PCM 6.3.2 «Totales»: per month and quarter, with the followers typed in and partial sums said', () => {
    const rows = values(book.getWorksheet('Totales')!);
    expect(rows[3]).toEqual(['Red', 'Cuenta', 'Periodo', 'Publicaciones', 'Alcance', 'Impacto', 'Interacciones', 'Seguidores al inicio', 'Seguidores al cierre', 'Crecimiento de seguidores', 'Observaciones']);
    expect(rows.find((r) => r[0] === 'Facebook' && r[2] === 'Trimestre')).toEqual(['Facebook', 'Cultura Perú', 'Trimestre', 3, 14_345, NOT_AVAILABLE, 1127, 10_000, 10_450, 450, 'Alcance sin cifra en 1 publicación']);
    expect(rows.find((r) => r[0] === 'X' && r[2] === 'Trimestre')!.slice(3, 10)).toEqual([1, NOT_AVAILABLE, 5000, 250, NOT_AVAILABLE, NOT_AVAILABLE, NOT_AVAILABLE]);
    expect(rows.find((r) => r[0] === 'X' && r[2] === 'julio de 2026')).toEqual(['X', '@CulturaPeru', 'julio de 2026', 0, '—', '—', '—']);
  });

  it('«Notas» holds every footnote and the months without data', () => {
    const notes = values(book.getWorksheet('Notas')!).map((r) => String(r[0]));
    small.footnotes.forEach((note, i) => expect(notes).toContain(`${i + 1}. ${note}`));
    expect(notes).toContain('X (Twitter) – @CulturaPeru: julio de 2026, agosto de 2026, sin publicaciones importadas.');
  });

  it('sheet names fit Excel: at most 31 characters, none of \\ / ? * [ ] :, never twice', async () => {
    const long = 'Programa Nacional de Conservación del Patrimonio / Región [Cusco]';
    const r = buildQuarterlyReport({
      entityName: 'Ministerio de Cultura',
      quarter: '2026-Q3',
      accounts: [
        { accountId: 'a', network: 'facebook', name: long },
        { accountId: 'b', network: 'facebook', name: long },
        { accountId: 'c', network: 'x', name: 'Notas' },
      ],
      posts: [],
      generatedAt: '2026-10-05T15:00:00.000Z',
    });
    const names = (await workbook(r)).worksheets.map((s) => s.name);
    expect(names).toEqual(['Totales', 'Facebook Programa Nacional de C', 'Facebook Programa Nacional (2)', 'X Notas', 'Notas']);
    for (const name of names) expect(name).toMatch(/^[^\\/?*[\]:]{1,31}$/);
  });

  it('the same report gives the same bytes whenever it is rendered', async () => {
    const first = await renderAnexo3Xlsx(small);
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask'], now: new Date('2031-03-04T05:06:08Z') });
    try {
      expect((await renderAnexo3Xlsx(small)).equals(first)).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('Anexo 3 attachments', () => {
  it('names the files after the entity and the quarter', () => {
    expect(anexo3Filename(small, 'pdf')).toBe('informe-trimestral-ministerio-de-cultura-2026-q3.pdf');
    expect(anexo3Filename({ ...small, entityName: 'Dirección Regional – Cañete' }, 'xlsx')).toBe('informe-trimestral-direccion-regional-canete-2026-q3.xlsx');
  });

  it('are rendered from the report data by the sending activity, PDF and XLSX', async () => {
    const pdf = await renderAttachment({ kind: 'anexo3', data: { format: 'pdf', report: small } });
    expect(pdf).toMatchObject({ filename: 'informe-trimestral-ministerio-de-cultura-2026-q3.pdf', contentType: 'application/pdf' });
    expect(pdf.content.equals(await renderAnexo3Pdf(small))).toBe(true);
    const xlsx = await renderAttachment({ kind: 'anexo3', data: { format: 'xlsx', report: small } });
    expect(xlsx).toMatchObject({ filename: 'informe-trimestral-ministerio-de-cultura-2026-q3.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    expect(xlsx.content.subarray(0, 2).toString('latin1')).toBe('PK');
  });
});

describe('Anexo 3 with the Plan de Comunicación Digital (PCM 6.2.2.1)', () => {
  const withPlan = buildQuarterlyReport({
    entityName: small.entityName, quarter: small.quarter, accounts: [TT, X, FB], posts: [
      { accountId: 'fb1', network: 'facebook', postId: 'a', url: 'https://www.facebook.com/culturaperu/posts/111', publishedAt: '2026-07-31T23:00:00.000Z', reach: 2000, interactions: 87 },
      { accountId: 'x1', network: 'x', postId: 'd', publishedAt: '2026-08-01T03:00:00.000Z', impressions: 5000, interactions: 250 },
    ],
    plan: { code: 'PLAN DE COMUNICACIÓN DIGITAL N° 001-2026-OC/MINCUL', year: 2026, targets: { posts: 8, interactions: 1000, followersGrowth: 300 } },
    generatedAt: '2026-10-05T15:00:00.000Z',
  });

  it('PCM 6.2.2.1: each target of the plan against the sum over the accounts, partial where an account lacks the figure, in the PDF and the workbook', async () => {
    expect(withPlan.plan!.rows).toEqual([
      { indicator: 'posts', label: 'Publicaciones por trimestre', target: 8, measured: 2, partial: false },
      { indicator: 'interactions', label: 'Interacciones por trimestre', target: 1000, measured: 337, partial: true },
      // Only Facebook's followers were typed: 450 new ones.
      { indicator: 'followersGrowth', label: 'Nuevos seguidores por trimestre', target: 300, measured: 450, partial: true },
    ]);
    const text = flat(pdfText(await renderAnexo3Pdf(withPlan), ' '));
    expect(flat(pdfText(await renderAnexo3Pdf(withPlan)))).toContain('Metas del Plan de Comunicación Digital 2026 (PLAN DE COMUNICACIÓN DIGITAL N° 001-2026-OC/MINCUL; PCM 6.2.2.1)');
    expect(text).toMatch(/Publicaciones por trimestre 8 2 25 %/);
    expect(text).toMatch(/Nuevos seguidores por trimestre 300 450 \* 150 %/);
    expect(text).toContain('* Suma de las cuentas que tienen la cifra');
    const book = await workbook(withPlan);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Totales', 'Metas del plan', 'Facebook Cultura Perú', 'X @CulturaPeru', 'TikTok @culturaperu', 'Notas']);
    expect(values(book.getWorksheet('Metas del plan')!)[3]).toEqual(['Publicaciones por trimestre', 8, 2, 0.25]);
    // Without a plan nothing of it shows.
    expect(flat(pdfText(await renderAnexo3Pdf(small)))).not.toContain('Metas del Plan');
  });
});

describe('Anexo 3 as filed (issue 19 §6)', () => {
  const filing = { code: 'INFORME N° 003-2026-OC/MINCUL', to: 'Coordinación de Comunicación Digital de la Secretaría de Comunicación Social', from: 'Ana Quispe Huamán, titular de la Oficina de Comunicaciones', approvedBy: 'Ana Quispe Huamán (aquispe@cultura.gob.pe)', approvedAt: '2026-10-06T16:00:00.000Z' };
  const filed: QuarterlyReport = { ...small, filing };

  it('PCM 6.3.2: once approved it opens with its number and the A / De / Asunto / Referencia / Fecha block, says who approved it, and is named after its number', async () => {
    const text = flat(pdfText(await renderAnexo3Pdf(filed)));
    expect(text).toContain('INFORME N° 003-2026-OC/MINCUL');
    for (const part of ['A:Coordinación de Comunicación Digital', 'De:Ana Quispe Huamán, titular de la Oficina de Comunicaciones', 'Referencia:Numeral 6.3.2 y Anexo 3', 'Fecha:6 de octubre de 2026, 11:00 (hora de Lima)']) expect(text).toContain(part);
    expect(text).toContain('Aprobó: Ana Quispe Huamán (aquispe@cultura.gob.pe), el 6 de octubre de 2026, 11:00 (hora de Lima).');
    expect(anexo3Filename(filed, 'pdf')).toBe('informe-n-003-2026-oc-mincul-trimestral-2026-q3.pdf');
    expect(values((await workbook(filed)).getWorksheet('Totales')!)[1]).toEqual(['INFORME N° 003-2026-OC/MINCUL – Ministerio de Cultura – III trimestre de 2026 (julio–setiembre)']);
    expect((await renderAnexo3Pdf(filed)).equals(await renderAnexo3Pdf(structuredClone(filed)))).toBe(true);
  });
});
