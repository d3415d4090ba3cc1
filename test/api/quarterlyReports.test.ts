/**
 * The quarterly reports over HTTP (PCM 6.3.2), with a stub Temporal client: which quarters may be
 * started and by whom, Congress outside (PCM 2), the follower counts typed by hand (refused at their
 * field, frozen once the report went to SCS), the report's files, the deadline setting, and SCS's board.
 */
import { buildQuarterlyReport } from '../../domain/anexo3';
import { limaDate } from '../../domain/businessDays';
import { previousQuarter, quarterOf } from '../../domain/quarters';
import { accountModel } from '../../infra/models/account';
import { auditModel } from '../../infra/models/audit';
import { entityModel } from '../../infra/models/entity';
import { quarterlyReports } from '../../registry/quarterlyReports';
import { startTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { stubTemporal, type StubTemporal } from '../support/stubTemporal';

jest.setTimeout(60_000);

const WHO = { head: 'aquispe@cultura.gob.pe', cm: 'crojas@cultura.gob.pe', second: 'bsalas@cultura.gob.pe', otherHead: 'dflores@congreso.gob.pe', scs: 'rrss_scs@pcm.gob.pe' } as const;
const CURRENT = quarterOf(limaDate(new Date()).slice(0, 7));
const LAST = previousQuarter(CURRENT);

let t: TestApp;
let temporal: StubTemporal;
const as = {} as Record<keyof typeof WHO, Browser>;

beforeAll(async () => {
  temporal = stubTemporal();
  t = await startTestApp({ temporal: temporal.client });
  for (const [name, email] of Object.entries(WHO) as Array<[keyof typeof WHO, string]>) {
    as[name] = new Browser(t.url);
    await as[name].signIn(email, t.mailbox);
  }
  await accountModel(t.db).create({ _id: 'informe-fb', entityId: 'mincul', network: 'facebook', username: 'CulturaPeru', managingEmail: 'redes@cultura.gob.pe', roles: [], status: 'active', activatedAt: new Date() });
});
afterAll(() => t?.stop());

describe('starting a report (PCM 6.3.2)', () => {
  it('the list offers the current quarter and the four before; the second in command reads but may not start', async () => {
    const list = await as.second.api('GET', '/api/entities/mincul/quarterly-reports');
    expect(list.status).toBe(200);
    expect(list.json).toMatchObject({ applies: true, mayStart: false, reports: [] });
    expect(list.json.startable.map((q: { quarter: string }) => q.quarter)).toEqual([CURRENT, LAST, previousQuarter(LAST), previousQuarter(previousQuarter(LAST)), previousQuarter(previousQuarter(previousQuarter(LAST)))]);
    expect((await as.second.api('POST', '/api/entities/mincul/quarterly-reports', { quarter: LAST })).status).toBe(403);
  });

  it('refuses a malformed quarter and one out of reach at the `quarter` field, in Spanish', async () => {
    for (const quarter of ['2026-T3', undefined, '2019-Q1']) {
      const res = await as.cm.api('POST', '/api/entities/mincul/quarterly-reports', { quarter });
      expect([res.status, res.json.error.code, res.json.error.details[0].field]).toEqual([400, 'validation_failed', 'quarter']);
    }
  });

  it('PCM 2: the Congress is not Executive Branch and sends no quarterly report to SCS', async () => {
    const res = await as.otherHead.api('POST', '/api/entities/congreso/quarterly-reports', { quarter: LAST });
    expect([res.status, res.json.error.details[0].rule]).toEqual([409, 'PCM 2']);
    expect((await as.otherHead.api('GET', '/api/entities/congreso/quarterly-reports')).json.applies).toBe(false);
  });

  it('the CM starts the last quarter\'s report once: the calendar and the report\'s process, audited', async () => {
    temporal.clearCalls();
    const res = await as.cm.api('POST', '/api/entities/mincul/quarterly-reports', { quarter: LAST });
    expect([res.status, res.json]).toEqual([201, { entityId: 'mincul', quarter: LAST, workflowId: `informe-trimestral-mincul-${LAST}`, started: true }]);
    const starts = temporal.callsOf('start').map((c) => [c.workflowType, c.options.workflowId]);
    expect(starts).toEqual([['reportingScheduler', 'calendario-informes-mincul'], ['quarterlyReport', `informe-trimestral-mincul-${LAST}`]]);
    expect(await auditModel(t.db).countDocuments({ action: 'quarterlyReport.started', entityId: 'mincul' })).toBe(1);
    const again = await as.head.api('POST', '/api/entities/mincul/quarterly-reports', { quarter: LAST });
    expect([again.status, again.json.started]).toEqual([200, false]);
  });
});

describe('follower counts (PCM 6.3.2: user growth)', () => {
  beforeAll(async () => {
    await quarterlyReports(t.db).open({ entityId: 'mincul', quarter: LAST, workflowId: `informe-trimestral-mincul-${LAST}`, dueAt: new Date('2020-01-01T05:00:00Z'), at: new Date() });
  });

  it('refuses a count that is not a whole number, or an account of another entity, at its field; keeps nothing', async () => {
    const res = await as.cm.api('PUT', `/api/entities/mincul/quarterly-reports/${LAST}/followers`, {
      followers: [{ accountId: 'informe-fb', start: '10.5', end: -3 }, { accountId: 'otra', start: 1 }],
    });
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: { field: string }) => d.field)).toEqual(['followers.0.start', 'followers.0.end', 'followers.1.accountId']);
    expect((await quarterlyReports(t.db).get('mincul', LAST))!.followers ?? []).toEqual([]);
  });

  it('keeps the counts (thousands separators allowed) and the report page shows them, the account missing its export, and the report late', async () => {
    const res = await as.cm.api('PUT', `/api/entities/mincul/quarterly-reports/${LAST}/followers`, { followers: [{ accountId: 'informe-fb', start: '10.000', end: 12500 }] });
    expect([res.status, res.json.followers]).toEqual([200, [{ accountId: 'informe-fb', start: 10_000, end: 12_500 }]]);
    const page = await as.scs.api('GET', `/api/entities/mincul/quarterly-reports/${LAST}`);
    expect(page.json).toMatchObject({ quarter: LAST, state: 'waiting-data', late: true, mayEdit: false, followers: [{ accountId: 'informe-fb', label: 'Facebook @CulturaPeru', covered: false, start: 10_000, end: 12_500 }] });
    expect((await as.scs.api('PUT', `/api/entities/mincul/quarterly-reports/${LAST}/followers`, { followers: [] })).status).toBe(403);
  });

  it('has no files before the first draft; then serves the draft as the Anexo 3 PDF and XLSX', async () => {
    expect((await as.head.fetch(`/entidades/mincul/informes/${LAST}/anexo3.pdf`)).status).toBe(404);
    const report = buildQuarterlyReport({ entityName: 'Ministerio de Cultura', quarter: LAST, accounts: [{ accountId: 'informe-fb', network: 'facebook', name: '@CulturaPeru' }], posts: [], generatedAt: new Date().toISOString() });
    await quarterlyReports(t.db).saveDraft('mincul', LAST, report, 1, new Date());
    const pdf = await as.head.fetch(`/entidades/mincul/informes/${LAST}/anexo3.pdf`);
    expect([pdf.status, pdf.headers.get('content-type'), pdf.headers.get('content-disposition')]).toEqual([200, 'application/pdf', expect.stringContaining(`informe-trimestral-ministerio-de-cultura-${LAST.toLowerCase()}.pdf`)]);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const xlsx = await as.head.fetch(`/entidades/mincul/informes/${LAST}/anexo3.xlsx`);
    expect([xlsx.status, Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()]).toEqual([200, 'PK']);
  });

  it('freezes the counts once the report went to SCS', async () => {
    await quarterlyReports(t.db).setState('mincul', LAST, 'sent', new Date());
    const res = await as.cm.api('PUT', `/api/entities/mincul/quarterly-reports/${LAST}/followers`, { followers: [{ accountId: 'informe-fb', start: 1 }] });
    expect([res.status, res.json.error.code]).toEqual([409, 'conflict']);
  });

  it('SCS\'s board shows the entity\'s report of the last closed quarter as sent, and others as late', async () => {
    const board = await as.scs.open('/supervision');
    expect(board.status).toBe(200);
    expect(board.html).toMatch(/Enviado: falta el acuse de la SCS/);
    const csv = await (await as.scs.fetch('/supervision.csv')).text();
    expect(csv.split('\n')[0]).toContain('Plazo del informe (Lima)');
    expect(csv).toMatch(/Ministerio de Cultura.*Enviado: falta el acuse de la SCS/);
  });
});

describe('the deadline setting (PCM 6.3.2 names none)', () => {
  it('the head sets 5 to 40 business days; anything else is refused in Spanish at the field', async () => {
    await as.head.open('/entidades/mincul/ajustes');
    const bad = await as.head.submit('/entidades/mincul/ajustes/informe', { _csrf: as.head.csrf, reportDueBusinessDays: '4' });
    const html = await bad.text();
    expect(bad.status).toBe(400);
    expect(html).toContain('Al menos 5 días hábiles');
    expect(html).toContain('id="reportDueBusinessDays-error"');
    const words = await as.head.submit('/entidades/mincul/ajustes/informe', { _csrf: as.head.csrf, reportDueBusinessDays: 'quince' });
    expect(words.status).toBe(400);
    const ok = await as.head.submit('/entidades/mincul/ajustes/informe', { _csrf: as.head.csrf, reportDueBusinessDays: '15' });
    expect([ok.status, ok.headers.get('location')]).toEqual([303, '/entidades/mincul/ajustes?hecho=informe']);
    expect((await entityModel(t.db).findById('mincul').lean())!.reportDueBusinessDays).toBe(15);
    expect((await as.cm.api('PATCH', '/api/entities/mincul', { reportDueBusinessDays: 12 })).status).toBe(403);
  });
});
