import { createGraphClient, GraphFailure, usageOf } from '../../infra/meta/graph';
import { startFakeGraph, type FakeGraph, type FakeGraphError } from '../../local/fakeGraph';

const TOKEN = 'EAAB-token-de-prueba-que-nunca-se-muestra';

describe('the Graph client against the local fake Graph API (issue 17 §1)', () => {
  let graph: FakeGraph;
  const client = () => createGraphClient({ baseUrl: graph.url, version: 'v23.0', token: TOKEN, pageSize: 2 });
  beforeAll(async () => {
    graph = await startFakeGraph({ token: TOKEN });
  });
  afterAll(() => graph.stop());
  beforeEach(() => {
    graph.clear();
    graph.setNode('111', {
      name: 'Ministerio de Cultura',
      username: 'culturaperu',
      assignedUsers: [
        { id: 'u1', name: 'Ana Quispe', tasks: ['MANAGE', 'CREATE_CONTENT', 'MODERATE', 'MESSAGING', 'ADVERTISE', 'ANALYZE'], userType: 'BUSINESS_USER' },
        { id: 'u2', name: 'Luis Soto', tasks: ['CREATE_CONTENT', 'MODERATE'] },
        { id: 'u3', name: 'Custodio lector', tasks: ['ANALYZE'], userType: 'SYSTEM_USER' },
        { id: 'u4', name: 'Rosa Díaz', tasks: ['MANAGE'] },
        { id: 'u5', name: 'SCS', tasks: ['MANAGE'] },
      ],
      agencies: [{ id: 'b1', name: 'Agencia Andina SAC', permitted_tasks: ['ADVERTISE', 'ANALYZE'] }],
      roles: [{ id: 'p1', name: 'Carla Ruiz', tasks: ['MODERATE'] }],
    });
    graph.setNode('ig1', { name: 'Cultura', username: 'cultura.pe', assignedUsers: [{ id: 'u1', name: 'Ana Quispe', tasks: ['MANAGE'] }] });
  });

  it('reads a page\'s name, username, assigned users (following every page of the cursor), agencies and people', async () => {
    const access = await client().pageAccess('111');
    expect(access.node).toEqual({ id: '111', name: 'Ministerio de Cultura', username: 'culturaperu' });
    expect(access.assignedUsers.map((u) => u.id)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
    expect(access.assignedUsers[0]!.tasks).toContain('MANAGE');
    expect(access.agencies).toEqual([{ id: 'b1', name: 'Agencia Andina SAC', tasks: ['ADVERTISE', 'ANALYZE'] }]);
    expect(access.people).toEqual([{ id: 'p1', name: 'Carla Ruiz', tasks: ['MODERATE'] }]);
    const assignedCalls = graph.requests().filter((r) => r.path.endsWith('/111/assigned_users'));
    expect(assignedCalls).toHaveLength(3);
    expect(assignedCalls.map((r) => r.query.after)).toEqual([undefined, expect.any(String), expect.any(String)]);
  });

  it('reads an Instagram account\'s username and assigned users', async () => {
    const access = await client().instagramAccess('ig1');
    expect(access.node.username).toBe('cultura.pe');
    expect(access.assignedUsers.map((u) => u.name)).toEqual(['Ana Quispe']);
  });

  it('sends the token only in the Authorization header, never in a URL', async () => {
    await client().pageAccess('111');
    expect(graph.requests().length).toBeGreaterThan(0);
    for (const r of graph.requests()) {
      expect(r.tokenInHeader).toBe(true);
      expect(JSON.stringify(r)).not.toContain(TOKEN);
    }
  });

  const cases: Array<[FakeGraphError, string, number, RegExp]> = [
    ['expired-token', 'expired-token', 190, /token de Meta venció/],
    ['permission', 'permission', 10, /falta un permiso/],
    ['permission-200', 'permission', 200, /falta un permiso/],
    ['rate-limit', 'rate-limit', 4, /límite de llamadas.*más tarde/],
    ['rate-limit-app', 'rate-limit', 17, /más tarde/],
    ['rate-limit-page', 'rate-limit', 32, /más tarde/],
    ['rate-limit-custom', 'rate-limit', 613, /más tarde/],
    ['invalid-param', 'invalid', 100, /identificador/],
  ];
  it.each(cases)('maps Graph error %s to a %s failure (code %d) with a Spanish message that never holds the token', async (error, kind, code, message) => {
    graph.fail('111', error);
    const err = await client().pageAccess('111').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphFailure);
    expect(err).toMatchObject({ kind, code });
    expect((err as Error).message).toMatch(message);
    expect(JSON.stringify(err) + String((err as Error).stack)).not.toContain(TOKEN);
    expect((err as GraphFailure).retryable).toBe(kind === 'rate-limit');
  });

  it('a failure on the second page fails the whole read (no half list), and the next read gets everything', async () => {
    const c = client();
    graph.fail('111', 'rate-limit', 1, 1);
    await expect(c.edge('111', 'assigned_users')).rejects.toMatchObject({ kind: 'rate-limit' });
    expect(graph.requests().map((r) => r.query.after === undefined)).toEqual([true, false]);
    graph.clear();
    await expect(c.edge('111', 'assigned_users')).resolves.toHaveLength(5);
  });

  it('a wrong token is an expired-token failure', async () => {
    const c = createGraphClient({ baseUrl: graph.url, version: 'v23.0', token: 'otro' });
    await expect(c.node('111')).rejects.toMatchObject({ kind: 'expired-token', code: 190 });
  });

  it('an unreachable Graph is an unavailable failure worth retrying', async () => {
    const c = createGraphClient({ baseUrl: 'http://127.0.0.1:1', version: 'v23.0', token: TOKEN });
    await expect(c.node('111')).rejects.toMatchObject({ kind: 'unavailable', retryable: true });
  });

  it('reads X-Business-Use-Case-Usage and, once a measure reaches 100 %, refuses further calls until Graph\'s estimated time has passed', async () => {
    let clock = Date.parse('2025-03-03T15:00:00Z');
    const c = createGraphClient({ baseUrl: graph.url, version: 'v23.0', token: TOKEN, now: () => clock });
    graph.setUsage({ call_count: 40, total_cputime: 10, total_time: 20, estimated_time_to_regain_access: 0 });
    await c.node('111');
    expect(c.lastUsage()).toEqual({ callCount: 40, totalCputime: 10, totalTime: 20, estimatedTimeToRegainAccess: 0 });
    graph.setUsage({ call_count: 100, total_cputime: 30, total_time: 99, estimated_time_to_regain_access: 12 });
    await c.node('111'); // this answer itself is good
    const before = graph.requests().length;
    await expect(c.node('111')).rejects.toMatchObject({ kind: 'rate-limit', retryAfterMinutes: 12 });
    expect(graph.requests()).toHaveLength(before); // refused without calling
    clock += 12 * 60_000;
    graph.setUsage({ call_count: 50, total_cputime: 30, total_time: 50, estimated_time_to_regain_access: 0 });
    await expect(c.node('111')).resolves.toMatchObject({ name: 'Ministerio de Cultura' });
  });

  it('total_time at 100 also stops the client', async () => {
    const c = client();
    graph.setUsage({ call_count: 10, total_cputime: 10, total_time: 100, estimated_time_to_regain_access: 5 });
    await c.node('111');
    await expect(c.node('111')).rejects.toMatchObject({ kind: 'rate-limit' });
  });

  it('usageOf takes the highest measure over businesses and ignores a malformed header', () => {
    expect(usageOf('{"1":[{"type":"pages","call_count":5,"total_cputime":1,"total_time":2,"estimated_time_to_regain_access":0}],"2":[{"type":"pages","call_count":70,"total_cputime":0,"total_time":0,"estimated_time_to_regain_access":3}]}')).toEqual({ callCount: 70, totalCputime: 1, totalTime: 2, estimatedTimeToRegainAccess: 3 });
    expect(usageOf('no-json')).toBeUndefined();
    expect(usageOf(null)).toBeUndefined();
  });
});
