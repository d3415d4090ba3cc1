import type { Connection } from 'mongoose';
import { parseKeys } from '../../infra/meta/tokenCipher';
import { accountModel } from '../../infra/models/account';
import { seedDemo } from '../../local/seed';
import { startFakeGraph, type FakeGraph } from '../../local/fakeGraph';
import { metaConnections, type MetaConnections } from '../../registry/metaConnections';
import { checkPlatformRoles } from '../../registry/platformRoles';
import { createRegistry } from '../../registry/reads';
import { startTestDb } from '../support/ferret';

const TOKEN = 'EAAB-system-user-token-for-mincul';

describe('reading the entity\'s Meta accounts and holding them against the registry (issue 17 §1)', () => {
  let db: Connection;
  let stop: () => Promise<void>;
  let graph: FakeGraph;
  let connections: MetaConnections;
  const check = () => checkPlatformRoles({ db, registry: createRegistry(db), connections, graph: { baseUrl: graph.url, version: 'v23.0' } }, 'mincul', '2027-03-10');

  beforeAll(async () => {
    ({ db, stop } = await startTestDb());
    await seedDemo(db);
    graph = await startFakeGraph({ token: TOKEN });
    connections = metaConnections(db, parseKeys(`k1:${'ab'.repeat(32)}`));
    const base = { entityId: 'mincul', managingEmail: 'redes@cultura.gob.pe', status: 'active' as const, activatedAt: new Date('2026-01-01') };
    const roles = [
      { name: 'Ana Quispe', email: 'aquispe@cultura.gob.pe', pageRole: 'admin' as const, since: new Date('2026-01-01') },
      { name: 'Carlos Rojas', email: 'crojas@cultura.gob.pe', pageRole: 'admin' as const, since: new Date('2026-01-01') },
    ];
    await accountModel(db).create([
      { ...base, _id: 'acc-fb', network: 'facebook', username: 'culturaperu', roles, platformId: '111' },
      { ...base, _id: 'acc-ig', network: 'instagram', username: 'cultura.pe', roles },
      { ...base, _id: 'acc-x', network: 'x', username: 'culturape', roles },
    ]);
    graph.setNode('111', {
      name: 'Ministerio de Cultura',
      username: 'culturaperu',
      assignedUsers: [
        { id: 'u1', name: 'Ana Quispe', tasks: ['MANAGE'] },
        { id: 'u2', name: 'Carlos Rojas', tasks: ['MANAGE'] },
        { id: 'u3', name: 'Secretaría de Comunicación Social', tasks: ['MANAGE'] },
      ],
      roles: [{ id: 'p1', name: 'Jorge Exempleado', tasks: ['MODERATE'] }],
    });
  }, 120_000);
  afterAll(async () => {
    await graph.stop();
    await stop();
  });

  it('without a token the review stays manual and nothing is read', async () => {
    expect(await check()).toEqual({ state: 'manual' });
    expect(graph.requests()).toHaveLength(0);
  });

  it('with a token: the Facebook page is read and its anomalies computed; an account without platform id and X say why they were not read', async () => {
    await connections.connect('mincul', TOKEN, 'aquispe@cultura.gob.pe');
    const result = await check();
    expect(result.state).toBe('checked');
    const accounts = result.state === 'checked' ? result.accounts : [];
    expect(accounts.map((a) => [a.accountId, a.state])).toEqual([['acc-fb', 'read'], ['acc-ig', 'no-platform-id'], ['acc-x', 'no-list']]);
    const fb = accounts[0]!;
    expect(fb.state === 'read' && fb.anomalies.map((a) => `${a.kind} ${a.rule}`)).toEqual(['unknown-on-platform PCM 6.1.2.11']);
    expect((await connections.view('mincul')).lastFailure).toBeUndefined();
  });

  it('an expired token ends the read with a Spanish reason kept for the head\'s page', async () => {
    graph.fail('111', 'expired-token');
    await expect(check()).rejects.toMatchObject({ kind: 'expired-token' });
    expect((await connections.view('mincul')).lastFailure).toMatch(/token de Meta venció/);
  });
});
