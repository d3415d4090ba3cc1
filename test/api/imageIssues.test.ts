/**
 * Matters that can affect the institution's image over HTTP (PCM 6.2.2.14), with a stub Temporal
 * client: who may report, what is refused at its field and leaves nothing stored, the process started
 * once per report, the audit row, the list and the page read by role.
 */
import { accountModel } from '../../infra/models/account';
import { auditModel } from '../../infra/models/audit';
import { imageIssueModel } from '../../infra/models/imageIssue';
import { startTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { stubTemporal, type StubTemporal } from '../support/stubTemporal';

jest.setTimeout(60_000);

const WHO = { head: 'aquispe@cultura.gob.pe', cm: 'crojas@cultura.gob.pe', second: 'bsalas@cultura.gob.pe', otherHead: 'dflores@congreso.gob.pe', scs: 'rrss_scs@pcm.gob.pe' } as const;

let t: TestApp;
let temporal: StubTemporal;
const as = {} as Record<keyof typeof WHO, Browser>;
const report = (overrides: Record<string, unknown> = {}) => ({
  subject: 'Críticas por el cierre del museo', description: 'Usuarios comparten que el museo cerró sin aviso; el tema crece en X.', links: ['https://x.com/u/status/1'], accountIds: ['img-x'], ...overrides,
});

beforeAll(async () => {
  temporal = stubTemporal();
  t = await startTestApp({ temporal: temporal.client });
  for (const [name, email] of Object.entries(WHO) as Array<[keyof typeof WHO, string]>) {
    as[name] = new Browser(t.url);
    await as[name].signIn(email, t.mailbox);
  }
  const account = { managingEmail: 'redes@cultura.gob.pe', roles: [], activatedAt: new Date() };
  await accountModel(t.db).create({ _id: 'img-x', entityId: 'mincul', network: 'x', username: 'CulturaPeru', status: 'active', ...account });
  await accountModel(t.db).create({ _id: 'img-old', entityId: 'mincul', network: 'x', username: 'CulturaAntigua', status: 'retired', ...account });
});
afterAll(() => t?.stop());

describe('informing of a matter that can affect the image (PCM 6.2.2.14)', () => {
  it('PCM 6.2.2.14: refuses each bad field in Spanish at its field, and stores nothing', async () => {
    const bad = await as.cm.api('POST', '/api/entities/mincul/image-issues', { subject: 'x', description: 'corto', links: ['javascript:alert(1)'] });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['description', 'links.0', 'subject']);
    expect(bad.json.error.details.every((d: { rule: string }) => d.rule === 'PCM 6.2.2.14')).toBe(true);
    for (const accountIds of [['img-old'], ['nada']]) {
      const res = await as.cm.api('POST', '/api/entities/mincul/image-issues', report({ accountIds }));
      expect([res.status, res.json.error.details[0].field]).toEqual([400, 'accountIds']);
    }
    expect(await imageIssueModel(t.db).countDocuments({})).toBe(0);
    expect(temporal.callsOf('start').filter((c) => c.workflowType === 'imageIssue')).toEqual([]);
  });

  it('the second in command, SCS and another entity\'s head may not report one', async () => {
    for (const who of ['second', 'scs', 'otherHead'] as const) expect((await as[who].api('POST', '/api/entities/mincul/image-issues', report())).status).toBe(403);
  });

  it('PCM 6.2.2.14: the CM informs one: the row, the process (once) and the audit row', async () => {
    temporal.clearCalls();
    const res = await as.cm.api('POST', '/api/entities/mincul/image-issues', report());
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ entityId: 'mincul', subject: 'Críticas por el cierre del museo', links: ['https://x.com/u/status/1'], accountIds: ['img-x'], state: 'open', reportedBy: WHO.cm });
    const starts = temporal.callsOf('start');
    expect(starts.map((c) => [c.workflowType, c.options.workflowId])).toEqual([['imageIssue', `asunto-mincul-${res.json.id}`]]);
    expect(starts[0]!.options.args).toEqual([{ issueId: res.json.id, entityId: 'mincul', reportedBy: WHO.cm, reportedAt: res.json.reportedAt }]);
    expect(await auditModel(t.db).countDocuments({ action: 'image-issue.reported', entityId: 'mincul', workflowId: `asunto-mincul-${res.json.id}` })).toBe(1);
  });

  it('a report whose process cannot start leaves no row', async () => {
    const before = await imageIssueModel(t.db).countDocuments({});
    temporal.failNext('start', new Error('temporal down'));
    const res = await as.head.api('POST', '/api/entities/mincul/image-issues', report({ accountIds: [] }));
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(await imageIssueModel(t.db).countDocuments({})).toBe(before);
  });
});

describe('reading matters', () => {
  it('the list for whoever reads the accounts, SCS included; another entity\'s head is refused', async () => {
    const list = await as.second.api('GET', '/api/entities/mincul/image-issues');
    expect(list.status).toBe(200);
    expect(list.json.imageIssues.map((i: { subject: string }) => i.subject)).toEqual(['Críticas por el cierre del museo']);
    expect((await as.scs.api('GET', '/api/entities/mincul/image-issues')).status).toBe(200);
    expect((await as.otherHead.api('GET', '/api/entities/mincul/image-issues')).status).toBe(403);
  });

  it('one matter, with its live process while open; an unknown id is 404', async () => {
    const id = (await as.cm.api('GET', '/api/entities/mincul/image-issues')).json.imageIssues[0].id;
    temporal.answerQuery('imageIssueStatus', () => ({ issueId: id, entityId: 'mincul', stage: 'con-titular', timeline: [], waiting: [] }));
    const one = await as.head.api('GET', `/api/entities/mincul/image-issues/${id}`);
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ id, state: 'open', stateLabel: 'Pendiente de acuse', live: { stage: 'con-titular' } });
    expect((await as.head.api('GET', '/api/entities/mincul/image-issues/0123456789abcdef01234567')).status).toBe(404);
    expect((await as.head.api('GET', '/api/entities/mincul/image-issues/nada')).status).toBe(404);
  });
});
