/**
 * The supervision reports' activities against FerretDB and the demo registry: the quarter's row
 * opened once with its deadline, which accounts still lack an export that covers the quarter, the
 * draft made of the newest readings and the follower counts typed by hand, the month's summary, and
 * the calendar's answer for an entity outside the Executive Branch.
 */
import { digitalPlanModel } from '../../infra/models/digitalPlan';
import { createQuarterlyReportActivities } from '../../activities/quarterlyReport';
import type { Processes } from '../../contracts/processes';
import type { PlatformExport, PostMetrics } from '../../domain/metrics';
import { accountModel, type AccountDoc } from '../../infra/models/account';
import { entityModel } from '../../infra/models/entity';
import { seedDemo } from '../../local/seed';
import { postMetrics } from '../../registry/postMetrics';
import { quarterlyReports } from '../../registry/quarterlyReports';
import { createRegistry } from '../../registry/reads';
import { startTestDb } from '../support/ferret';

let dbh: Awaited<ReturnType<typeof startTestDb>>;
let now = new Date('2026-09-24T14:00:00Z');
let acts: ReturnType<typeof createQuarterlyReportActivities>;
const started: string[] = [];
const processes = {
  startMonthlyEvaluation: async (e: string, m: string) => (started.push(`${e} ${m}`), true),
  startQuarterlyReport: async (e: string, q: string) => (started.push(`${e} ${q}`), true),
} as unknown as Processes;

const since = new Date('2026-01-05T14:00:00Z');
const account = (_id: string, entityId: string, network: AccountDoc['network'], username: string, status: AccountDoc['status'] = 'active'): AccountDoc => ({
  _id, entityId, network, username, managingEmail: 'redes@cultura.gob.pe', activatedAt: since, status, roles: [],
});
const post = (postId: string, publishedAt: string, figures: Partial<PostMetrics>): PostMetrics => ({ network: 'facebook', postId, publishedAt, url: `https://www.facebook.com/CulturaPeru/posts/${postId}`, ...figures });
const file = (exportedOn: string, posts: PostMetrics[]): PlatformExport => ({ kind: 'meta-posts', language: 'es', exportedOn, posts, skipped: [] });

beforeAll(async () => {
  dbh = await startTestDb();
  await seedDemo(dbh.db);
  acts = createQuarterlyReportActivities({ db: dbh.db, reports: quarterlyReports(dbh.db), registry: createRegistry(dbh.db), processes, now: () => now });
  await accountModel(dbh.db).insertMany([
    account('q-fb', 'mincul', 'facebook', 'CulturaPeru'),
    account('q-x', 'mincul', 'x', 'CulturaPeru'),
    account('q-li', 'mincul', 'linkedin', 'cultura-peru'),
    account('q-old', 'mincul', 'instagram', 'viejo', 'retired'),
  ]);
});
afterAll(async () => dbh?.stop());

describe('the quarter (PCM 6.3.2)', () => {
  it('opens the row once with the entity\'s deadline, and lists every live account on a network Custodio reads as missing its export', async () => {
    await entityModel(dbh.db).updateOne({ _id: 'mincul' }, { $set: { reportDueBusinessDays: 5 } });
    const ctx = await acts.quarterlyReportContext({ entityId: 'mincul', quarter: '2026-Q3', workflowId: 'informe-trimestral-mincul-2026-Q3' });
    expect(ctx).toMatchObject({ exists: true, applies: true, dueAt: '2026-10-08T05:00:00.000Z' });
    expect(ctx.words).toEqual({ quarter: 'III trimestre de 2026 (julio–setiembre)', due: expect.stringContaining('7 de octubre de 2026'), closes: expect.stringContaining('30 de setiembre de 2026') });
    expect(ctx.entity?.head.email).toBe('aquispe@cultura.gob.pe');
    expect(ctx.missing).toEqual(['Facebook @CulturaPeru', 'X (Twitter) @CulturaPeru'].map((s) => expect.stringContaining(s.split(' @')[1]!)));
    expect(ctx.missing).toHaveLength(2);
    // The deadline is fixed when the row opens: a later change of the setting does not move it.
    await entityModel(dbh.db).updateOne({ _id: 'mincul' }, { $set: { reportDueBusinessDays: 20 } });
    const again = await acts.quarterlyReportContext({ entityId: 'mincul', quarter: '2026-Q3', workflowId: 'informe-trimestral-mincul-2026-Q3' });
    expect(again.dueAt).toBe(ctx.dueAt);
    await entityModel(dbh.db).updateOne({ _id: 'mincul' }, { $unset: { reportDueBusinessDays: 1 } });
  });

  it('an export taken before the quarter\'s last day does not cover it; one taken on or after it does', async () => {
    const store = postMetrics(dbh.db);
    await store.store({ entityId: 'mincul', accountId: 'q-fb' }, file('2026-09-20', [post('1', '2026-07-03T15:00:00Z', { reach: 1000, interactions: 50 })]));
    expect(await acts.quarterlyMissingExports({ entityId: 'mincul', quarter: '2026-Q3' })).toHaveLength(2);
    await store.store({ entityId: 'mincul', accountId: 'q-fb' }, file('2026-10-02', [
      post('1', '2026-07-03T15:00:00Z', { reach: 2000, interactions: 87 }),
      post('2', '2026-07-04T15:00:00Z', { reach: 500, interactions: 10 }),
      // 1 October 03:00 UTC is still 30 September in Lima: the quarter's.
      post('3', '2026-10-01T03:00:00Z', { reach: 900 }),
      post('4', '2026-10-01T06:00:00Z', { reach: 99_999 }),
    ]));
    const missing = await acts.quarterlyMissingExports({ entityId: 'mincul', quarter: '2026-Q3' });
    expect(missing).toEqual([expect.stringContaining('@CulturaPeru')]);
    expect(missing[0]).not.toContain('Facebook');
  });

  it('PCM 6.3.2 Anexo 3: the draft uses each post\'s newest reading (never a sum), the follower counts typed by hand, and is kept on the row', async () => {
    await quarterlyReports(dbh.db).setFollowers('mincul', '2026-Q3', [{ accountId: 'q-fb', start: 10_000, end: 12_500 }]);
    now = new Date('2026-10-02T15:00:00Z');
    const draft = await acts.draftQuarterlyReport({ entityId: 'mincul', entityName: 'Ministerio de Cultura', quarter: '2026-Q3', number: 1 });
    const fb = draft.report.sections.find((s) => s.accountId === 'q-fb')!;
    expect(fb.months[0].top.map((r) => [r.postId, r.figures.reach, r.figures.engagementRate])).toEqual([['1', 2000, 4.35], ['2', 500, 2]]);
    expect(fb.months[2].top.map((r) => r.postId)).toEqual(['3']);
    expect(fb.quarter.posts).toBe(3);
    expect(fb.followers).toEqual({ start: 10_000, end: 12_500, growth: 2_500 });
    expect(draft.report.sections.map((s) => s.accountId).sort()).toEqual(['q-fb', 'q-x']);
    expect(draft.summary).toContainEqual(['Facebook @CulturaPeru', expect.stringContaining('3 publicaciones importadas')]);
    expect(draft.summary).toContainEqual([expect.stringContaining('@CulturaPeru'), 'sin publicaciones importadas']);
    const row = await quarterlyReports(dbh.db).get('mincul', '2026-Q3');
    expect(row).toMatchObject({ state: 'drafted', drafts: 1 });
    expect(row!.draft).toEqual(draft.report);
  });

  it('PCM 6.2.2.1: with an approved plan for the quarter\'s year the draft compares its targets with what was measured; a draft plan is not cited', async () => {
    now = new Date('2026-10-02T15:00:00Z');
    const plans = digitalPlanModel(dbh.db);
    const base = { entityId: 'mincul', year: 2026, round: 1, sections: {}, weeklyPosts: { facebook: 7 }, indicators: { posts: 6, reach: 5000 }, updatedBy: 'crojas@cultura.gob.pe', updatedAt: now };
    await plans.create({ ...base, _id: 'mincul:2026', state: 'draft' });
    const without = await acts.draftQuarterlyReport({ entityId: 'mincul', entityName: 'Ministerio de Cultura', quarter: '2026-Q3', number: 2 });
    expect(without.report.plan).toBeUndefined();
    expect(without.summary).toContainEqual(['Plan de Comunicación Digital', 'sin plan aprobado para 2026 (PCM 6.2.2.1): el informe no compara metas']);
    await plans.updateOne({ _id: 'mincul:2026' }, { $set: { state: 'approved', recordCode: 'PLAN DE COMUNICACIÓN DIGITAL N° 001-2026-OC/MINCUL' } });
    const draft = await acts.draftQuarterlyReport({ entityId: 'mincul', entityName: 'Ministerio de Cultura', quarter: '2026-Q3', number: 3 });
    expect(draft.report.plan).toEqual({
      code: 'PLAN DE COMUNICACIÓN DIGITAL N° 001-2026-OC/MINCUL', year: 2026,
      rows: [
        { indicator: 'posts', label: 'Publicaciones por trimestre', target: 6, measured: 3, partial: false },
        // The X account has no reach in its exports: the sum is Facebook's, marked partial.
        { indicator: 'reach', label: 'Alcance por trimestre', target: 5000, measured: 3400, partial: true },
      ],
    });
    expect(draft.summary.at(-1)![1]).toContain('el informe compara sus metas trimestrales con lo medido');
    await plans.deleteOne({ _id: 'mincul:2026' });
  });

  it('records the states only the process moves, with when it was sent and acknowledged', async () => {
    await acts.recordQuarterlyReportState({ entityId: 'mincul', quarter: '2026-Q3', state: 'sent', at: '2026-10-05T15:00:00.000Z' });
    await acts.recordQuarterlyReportState({ entityId: 'mincul', quarter: '2026-Q3', state: 'acknowledged', at: '2026-10-06T15:00:00.000Z' });
    const row = await quarterlyReports(dbh.db).get('mincul', '2026-Q3');
    expect(row).toMatchObject({ state: 'acknowledged', sentAt: new Date('2026-10-05T15:00:00.000Z'), acknowledgedAt: new Date('2026-10-06T15:00:00.000Z') });
  });

  it('PCM 2: Congress reports nothing to SCS; its calendar ends and its report does not apply', async () => {
    const ctx = await acts.quarterlyReportContext({ entityId: 'congreso', quarter: '2026-Q3', workflowId: 'informe-trimestral-congreso-2026-Q3' });
    expect(ctx).toMatchObject({ exists: true, applies: false });
    expect(await quarterlyReports(dbh.db).get('congreso', '2026-Q3')).toBeNull();
    expect((await acts.reportingSchedule({ entityId: 'congreso' })).exists).toBe(false);
    expect((await acts.reportingSchedule({ entityId: 'inpe' })).exists).toBe(true);
  });
});

describe('the month (PCM 6.3.1; INPE 5.1.c)', () => {
  it('PCM 6.3.1: one line per live account, with the posts of the month and the frequency rule (PCM 6.2.2.4); a network without exports is evaluated by hand', async () => {
    now = new Date('2026-08-03T14:00:00Z');
    const ctx = await acts.monthlyEvaluationContext({ entityId: 'mincul', month: '2026-07' });
    expect(ctx).toMatchObject({ applies: true, cmReports: false, words: { month: 'julio de 2026' } });
    expect(ctx.summary).toContainEqual(['Facebook @CulturaPeru', expect.stringMatching(/^2 publicaciones; 0 de 31 días cumplen la frecuencia mínima \(por debajo del mínimo, PCM 6\.2\.2\.4\)/)]);
    expect(ctx.summary).toContainEqual([expect.stringContaining('@CulturaPeru'), expect.stringContaining('Sin publicaciones importadas')]);
    expect(ctx.summary).toContainEqual([expect.stringContaining('cultura-peru'), 'Custodio no lee exportaciones de esta red: evalúela a mano.']);
    expect((await acts.monthlyEvaluationContext({ entityId: 'inpe', month: '2026-07' })).cmReports).toBe(true);
  });

  it('PCM 5.2.5: an account whose exports show no post for the entity\'s period is put before the head in the month\'s evaluation', async () => {
    now = new Date('2026-12-02T14:00:00Z');
    await postMetrics(dbh.db).store({ entityId: 'mincul', accountId: 'q-fb' }, file('2026-11-30', [post('1', '2026-07-03T15:00:00Z', { reach: 2100 })]));
    const silent = (await acts.monthlyEvaluationContext({ entityId: 'mincul', month: '2026-11' })).summary.filter(([label]) => label.endsWith(': continuidad'));
    // The last post (4) came on 1 October at 01:00 in Lima: 60 days before the export of 30 November.
    expect(silent).toEqual([['Facebook @CulturaPeru: continuidad', expect.stringMatching(/^Sin publicaciones 60 días \(desde su última publicación importada, del jueves 1 de octubre de 2026, hasta la exportación del lunes 30 de noviembre de 2026\)\. .*\(PCM 5\.2\.5\)\.$/)]]);
    await entityModel(dbh.db).updateOne({ _id: 'mincul' }, { $set: { inactivityDays: 90 } });
    expect((await acts.monthlyEvaluationContext({ entityId: 'mincul', month: '2026-11' })).summary.filter(([label]) => label.endsWith(': continuidad'))).toEqual([]);
    await entityModel(dbh.db).updateOne({ _id: 'mincul' }, { $unset: { inactivityDays: 1 } });
  });

  it('starts what the calendar says opens', async () => {
    await acts.startReportingProcesses({ entityId: 'mincul', months: ['2026-09'], quarters: ['2026-Q3'] });
    expect(started).toEqual(['mincul 2026-09', 'mincul 2026-Q3']);
  });
});
