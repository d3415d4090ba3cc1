/**
 * The check at a grant's end against FerretDB and the fake Graph API (issue 17 §1; PCM 6.1.2.10): once
 * the removal is confirmed, does Meta still list the agency on the page? The outcome is kept on the
 * grant's row; without a token, a platform id or an agency list nothing is read.
 */
import type { Connection } from 'mongoose';
import { createPlatformRoleActivities } from '../../activities/platformRoles';
import { NO_AGENCY_LIST_REASON, NO_PLATFORM_ID_REASON, NO_TOKEN_REASON } from '../../domain/grantPlatformCheck';
import { parseKeys } from '../../infra/meta/tokenCipher';
import { accountModel } from '../../infra/models/account';
import { agencyGrantModel } from '../../infra/models/agencyGrant';
import { startFakeGraph, type FakeGraph } from '../../local/fakeGraph';
import { seedDemo } from '../../local/seed';
import { metaConnections, type MetaConnections } from '../../registry/metaConnections';
import { createRegistry } from '../../registry/reads';
import { startTestDb } from '../support/ferret';

const PAGE = '100000000000201';
const NOW = new Date('2027-03-01T14:00:00Z');
const ANDINA = { id: '900000000000001', name: 'Agencia Andina SAC', permitted_tasks: ['ADVERTISE' as const, 'ANALYZE' as const] };

describe('checkGrantOnPlatform: at a grant\'s end Meta is asked whether the agency still has access (issue 17 §1)', () => {
  let db: Connection;
  let stop: () => Promise<void>;
  let graph: FakeGraph;
  let connections: MetaConnections;
  const acts = (meta = true) =>
    createPlatformRoleActivities({
      db, registry: createRegistry(db), alertUnapprovedRename: async () => undefined, now: () => NOW,
      ...(meta ? { meta: { connections, graph: { baseUrl: graph.url, version: 'v23.0' } } } : {}),
    });
  const rowOf = async (id: string) => (await agencyGrantModel(db).findById(id).lean())?.platformCheck;

  beforeAll(async () => {
    ({ db, stop } = await startTestDb());
    await seedDemo(db);
    graph = await startFakeGraph();
    connections = metaConnections(db, parseKeys(`k1:${'ef'.repeat(32)}`));
    const base = { entityId: 'mincul', managingEmail: 'redes@cultura.gob.pe', status: 'active' as const, activatedAt: new Date('2026-01-01'), roles: [] };
    await accountModel(db).create([
      { ...base, _id: 'gp-fb', network: 'facebook', username: 'CulturaPeru', platformId: PAGE },
      { ...base, _id: 'gp-fb-noid', network: 'facebook', username: 'CulturaSinId' },
      { ...base, _id: 'gp-ig', network: 'instagram', username: 'culturaperu', platformId: '17841400000000201' },
    ]);
    const grant = { entityId: 'mincul', role: 'advertiser' as const, campaign: 'Verano Cultural', startsOn: '2027-01-10', endsOn: '2027-02-20', state: 'removed' as const, grantedBy: 'aquispe@cultura.gob.pe' };
    await agencyGrantModel(db).create([
      { ...grant, _id: 'g-bm', accountId: 'gp-fb', agencyName: 'Andina Medios', businessManagerId: ANDINA.id },
      { ...grant, _id: 'g-name', accountId: 'gp-fb', agencyName: 'agencia andina sac' },
      { ...grant, _id: 'g-other', accountId: 'gp-fb', agencyName: 'Pacífico Digital', businessManagerId: '900000000000009' },
      { ...grant, _id: 'g-noid', accountId: 'gp-fb-noid', agencyName: 'Agencia Andina SAC' },
      { ...grant, _id: 'g-ig', accountId: 'gp-ig', agencyName: 'Agencia Andina SAC' },
    ]);
    graph.setNode(PAGE, { name: 'Ministerio de Cultura del Perú', username: 'CulturaPeru', agencies: [ANDINA] });
  }, 120_000);
  afterAll(async () => {
    await graph.stop();
    await stop();
  });

  it('PCM 6.1.2.10: without the entity\'s Meta token (or without Meta settings) the check is manual, recorded with its reason, and Meta is not called', async () => {
    expect(await acts(false).checkGrantOnPlatform({ grantId: 'g-bm' })).toEqual({ state: 'manual', checkedAt: NOW.toISOString(), reason: NO_TOKEN_REASON });
    expect(await acts().checkGrantOnPlatform({ grantId: 'g-bm' })).toEqual({ state: 'manual', checkedAt: NOW.toISOString(), reason: NO_TOKEN_REASON });
    expect(await rowOf('g-bm')).toMatchObject({ state: 'manual', reason: NO_TOKEN_REASON });
    expect(graph.requests()).toHaveLength(0);
  });

  it('PCM 6.1.2.10: an account without platform id, and an Instagram account (no agency list), stay manual without reading Meta', async () => {
    await connections.connect('mincul', 'EAAB-grant-check', 'aquispe@cultura.gob.pe');
    expect(await acts().checkGrantOnPlatform({ grantId: 'g-noid' })).toMatchObject({ state: 'manual', reason: NO_PLATFORM_ID_REASON });
    expect(await acts().checkGrantOnPlatform({ grantId: 'g-ig' })).toMatchObject({ state: 'manual', reason: NO_AGENCY_LIST_REASON });
    expect(graph.requests()).toHaveLength(0);
  });

  it('PCM 6.1.2.10: the agency still listed on the page, matched by its Business Manager ID (or by name when the grant has none), is still present, and the row says so', async () => {
    expect(await acts().checkGrantOnPlatform({ grantId: 'g-bm' })).toEqual({ state: 'still-present', checkedAt: NOW.toISOString(), agency: { id: ANDINA.id, name: ANDINA.name, tasks: ['ADVERTISE', 'ANALYZE'] } });
    expect(await rowOf('g-bm')).toEqual({ state: 'still-present', checkedAt: NOW.toISOString(), agency: { id: ANDINA.id, name: ANDINA.name, tasks: ['ADVERTISE', 'ANALYZE'] } });
    expect(await acts().checkGrantOnPlatform({ grantId: 'g-name' })).toMatchObject({ state: 'still-present', agency: { id: ANDINA.id } });
    expect(graph.requests().every((r) => r.tokenInHeader)).toBe(true);
    expect(graph.requests().map((r) => r.path)).toContain(`/v23.0/${PAGE}/agencies`);
  });

  it('PCM 6.1.2.10: another agency on the page does not count; once the page no longer lists the agency the check says it is gone', async () => {
    expect(await acts().checkGrantOnPlatform({ grantId: 'g-other' })).toEqual({ state: 'gone', checkedAt: NOW.toISOString() });
    graph.setNode(PAGE, { name: 'Ministerio de Cultura del Perú', username: 'CulturaPeru', agencies: [] });
    expect(await acts().checkGrantOnPlatform({ grantId: 'g-bm' })).toEqual({ state: 'gone', checkedAt: NOW.toISOString() });
    expect(await rowOf('g-bm')).toEqual({ state: 'gone', checkedAt: NOW.toISOString() });
  });

  it('an expired token is recorded as a failed check with the Spanish reason; a rate limit throws so the activity retries', async () => {
    graph.fail(PAGE, 'expired-token');
    expect(await acts().checkGrantOnPlatform({ grantId: 'g-bm' })).toEqual({ state: 'failed', checkedAt: NOW.toISOString(), reason: expect.stringMatching(/token de Meta venció/) });
    expect(await rowOf('g-bm')).toMatchObject({ state: 'failed' });
    graph.fail(PAGE, 'rate-limit');
    await expect(acts().checkGrantOnPlatform({ grantId: 'g-bm' })).rejects.toMatchObject({ kind: 'rate-limit' });
  });

  it('a grant no longer in the registry: nothing read, nothing written', async () => {
    const before = graph.requests().length;
    expect(await acts().checkGrantOnPlatform({ grantId: 'g-missing' })).toBeUndefined();
    expect(graph.requests()).toHaveLength(before);
    expect(await agencyGrantModel(db).countDocuments({ _id: 'g-missing' })).toBe(0);
  });
});
