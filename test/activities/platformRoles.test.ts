/**
 * The review's platform read against FerretDB and the fake Graph API (issue 17 §1; PCM 6.1.2.11): what
 * it answers for the workflow's history, the name it hands to the unapproved-rename check (PCM 6.1.2.7),
 * and how a Graph failure ends (a reason, or a retry).
 */
import type { Connection } from 'mongoose';
import { createPlatformRoleActivities } from '../../activities/platformRoles';
import { createRoleReviewActivities } from '../../activities/roleReview';
import { NO_LIST_MESSAGE, NO_PLATFORM_ID_MESSAGE } from '../../domain/platformRoles';
import { parseKeys } from '../../infra/meta/tokenCipher';
import { accountModel } from '../../infra/models/account';
import { agencyGrantModel } from '../../infra/models/agencyGrant';
import { roleReviewModel } from '../../infra/models/roleReview';
import { startFakeGraph, type FakeGraph } from '../../local/fakeGraph';
import { DEMO_FACEBOOK_PAGE_ID, DEMO_FORMER_COLLABORATOR, demoGraphNodes } from '../../local/fakeGraphDemo';
import { seedDemo } from '../../local/seed';
import { metaConnections, type MetaConnections } from '../../registry/metaConnections';
import { createRegistry } from '../../registry/reads';
import type { Processes } from '../../contracts/processes';
import { startTestDb } from '../support/ferret';

const HEAD = { name: 'Ana Quispe Huamán', email: 'aquispe@cultura.gob.pe' };
const SECOND = { name: 'Bruno Salas Ríos', email: 'bsalas@cultura.gob.pe' };
const SCS = { name: 'SCS', email: 'rrss_scs@pcm.gob.pe' };

describe('readPlatformRoles: the monthly review reads Meta (issue 17 §1)', () => {
  let db: Connection;
  let stop: () => Promise<void>;
  let graph: FakeGraph;
  let connections: MetaConnections;
  const renames: Array<{ accountId: string; observed: { name?: string; username: string } }> = [];
  const acts = () =>
    createPlatformRoleActivities({
      db, registry: createRegistry(db), meta: { connections, graph: { baseUrl: graph.url, version: 'v23.0' } },
      alertUnapprovedRename: async (i) => void renames.push(i), now: () => new Date('2027-03-01T14:00:00Z'),
    });

  beforeAll(async () => {
    ({ db, stop } = await startTestDb());
    await seedDemo(db);
    graph = await startFakeGraph({ nodes: demoGraphNodes() });
    connections = metaConnections(db, parseKeys(`k1:${'cd'.repeat(32)}`));
    const since = new Date('2026-01-01');
    const base = { entityId: 'mincul', managingEmail: 'redes@cultura.gob.pe', status: 'active' as const, activatedAt: since };
    const roles = [HEAD, SECOND, SCS].map((c) => ({ ...c, pageRole: 'admin' as const, since }));
    await accountModel(db).create([
      { ...base, _id: 'acc-fb', network: 'facebook', username: 'CulturaPeru', name: 'Ministerio de Cultura', roles, platformId: DEMO_FACEBOOK_PAGE_ID },
      { ...base, _id: 'acc-ig', network: 'instagram', username: 'culturaperu', roles },
      { ...base, _id: 'acc-tt', network: 'tiktok', username: 'culturaperu', roles },
    ]);
  }, 120_000);
  afterAll(async () => {
    await graph.stop();
    await stop();
  });

  it('without Meta settings, or without the entity\'s token, the review stays manual and Meta is not called', async () => {
    const none = createPlatformRoleActivities({ db, registry: createRegistry(db), alertUnapprovedRename: async () => undefined });
    expect(await none.readPlatformRoles({ entityId: 'mincul' })).toEqual({ state: 'manual' });
    expect(await acts().readPlatformRoles({ entityId: 'mincul' })).toEqual({ state: 'manual' });
    expect(graph.requests()).toHaveLength(0);
  });

  it('PCM 6.1.2.11, 6.1.2.10: connected, the page is read, its anomalies carry their keys, TikTok offers no list, and an account without platform id says so', async () => {
    await connections.connect('mincul', 'EAAB-demo', HEAD.email);
    const read = await acts().readPlatformRoles({ entityId: 'mincul' });
    expect(read.state).toBe('checked');
    if (read.state !== 'checked') return;
    expect(read.accounts).toEqual([
      { accountId: 'acc-fb', network: 'facebook', username: 'CulturaPeru', state: 'read' },
      { accountId: 'acc-ig', network: 'instagram', username: 'culturaperu', state: 'no-platform-id', message: NO_PLATFORM_ID_MESSAGE },
      { accountId: 'acc-tt', network: 'tiktok', username: 'culturaperu', state: 'no-list', message: NO_LIST_MESSAGE },
    ]);
    // Carla Rojas (CM, not in this account's roles) and the former collaborator are unknown; the agency has no grant.
    expect(read.anomalies.map((a) => `${a.key} ${a.rule}`)).toEqual([
      'unknown:200000000000004 PCM 6.1.2.11',
      `unknown:${DEMO_FORMER_COLLABORATOR.id} PCM 6.1.2.11`,
      'agency-unknown:900000000000001 PCM 6.1.2.10',
    ]);
  });

  it('PCM 6.1.2.7: the name and username Meta shows go to the unapproved-rename check, once per read account', () => {
    expect(renames).toEqual([{ accountId: 'acc-fb', observed: { username: 'CulturaPeru', name: 'Ministerio de Cultura del Perú' } }]);
  });

  it('the row of the month keeps the platform anomalies with their keys and what was read of each account', async () => {
    const reviews = createRoleReviewActivities({ accounts: accountModel(db), grants: agencyGrantModel(db), reviews: roleReviewModel(db), registry: createRegistry(db), processes: {} as Processes });
    const platform = await acts().readPlatformRoles({ entityId: 'mincul' });
    const anomalies = platform.state === 'checked' ? platform.anomalies : [];
    await reviews.openRoleReviewRecord({ entityId: 'mincul', month: '2027-03', workflowId: 'w', reviewer: HEAD, designated: false, escalateTo: [SECOND], anomalies, platform, accountsReviewed: 3, grantsListed: 0 });
    const row = await roleReviewModel(db).findById('mincul:2027-03').lean();
    expect(row!.anomalies!.map((a) => ('key' in a ? a.key : undefined))).toEqual(anomalies.map((a) => a.key));
    expect(row!.platform).toMatchObject({ state: 'checked', accounts: [{ accountId: 'acc-fb', state: 'read' }, { accountId: 'acc-ig', state: 'no-platform-id' }, { accountId: 'acc-tt', state: 'no-list', message: NO_LIST_MESSAGE }] });
  });

  it('an expired token: the review opens with the Spanish reason instead of waiting', async () => {
    graph.fail(DEMO_FACEBOOK_PAGE_ID, 'expired-token');
    expect(await acts().readPlatformRoles({ entityId: 'mincul' })).toEqual({ state: 'failed', message: expect.stringMatching(/token de Meta venció/) });
  });

  it('a rate limit throws so the activity retries later (its last attempt would answer `failed`)', async () => {
    graph.fail(DEMO_FACEBOOK_PAGE_ID, 'rate-limit');
    await expect(acts().readPlatformRoles({ entityId: 'mincul' })).rejects.toMatchObject({ kind: 'rate-limit' });
  });
});
