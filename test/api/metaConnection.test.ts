/**
 * The head connects the entity to Meta with a system-user token (issue 17 §1): head only, the token
 * stored encrypted, never echoed by the API or the page, never in the audit trail; replace and revoke.
 */
import { HEAD, useRegistryApp } from '../support/registryApp';

jest.setTimeout(60_000);

const { t, as, auditRows, send } = useRegistryApp();
const TOKEN = 'EAABsbCS1iHgBAJZCxyz0123456789systemUserToken';
const PATH = '/api/entities/mincul/meta-connection';

describe('the Meta connection (issue 17 §1)', () => {
  it('only the head may read or change it: not the second, the CM, SCS, the platform admin or another entity\'s head', async () => {
    for (const who of ['second', 'cm', 'scs', 'admin', 'otherHead'] as const) {
      expect((await as[who].api('GET', PATH)).status).toBe(403);
      expect((await send(as[who], 'PUT', PATH, { token: TOKEN })).status).toBe(403);
      expect((await send(as[who], 'DELETE', PATH, {})).status).toBe(403);
      expect((await as[who].open('/entidades/mincul/meta')).status).toBe(403);
    }
    expect((await as.head.api('GET', '/api/entities/nope/meta-connection')).status).toBe(404);
    expect((await as.head.api('GET', PATH)).json).toEqual({ entityId: 'mincul', connected: false });
  });

  it('refuses a malformed token with a Spanish message that does not repeat it, and stores nothing', async () => {
    const res = await send(as.head, 'PUT', PATH, { token: 'EAAB con espacios y más de veinte' });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toMatch(/sin espacios/);
    expect(text).not.toContain('con espacios y');
    expect(await t.db.collection('metaConnections').countDocuments({})).toBe(0);
  });

  it('the head connects: the answer, the database, the audit trail and the page never carry the token', async () => {
    const res = await send(as.head, 'PUT', PATH, { token: TOKEN });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({ connected: true, connectedBy: HEAD });
    expect(JSON.stringify(body)).not.toContain(TOKEN);
    const stored = await t.db.collection('metaConnections').findOne({ _id: 'mincul' as never });
    expect(stored?.token.keyId).toBe('derivado');
    expect(JSON.stringify(stored)).not.toContain(TOKEN);
    expect((await as.head.api('GET', PATH)).text).not.toContain(TOKEN);
    const page = await as.head.open('/entidades/mincul/meta');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Conectada desde');
    expect(page.html).not.toContain(TOKEN);
    expect(page.html).toMatch(/<input type="password" id="token" name="token" value=""/);
    const rows = await auditRows({ entityId: 'mincul', action: 'meta.connected' });
    expect(rows).toHaveLength(1);
    expect(await auditRows({ entityId: 'mincul', action: 'meta.replaced' })).toHaveLength(0);
    expect(JSON.stringify(rows)).not.toContain(TOKEN);
  });

  it('the page replaces it (audited as a replacement), and a refused token is not filled back in', async () => {
    const bad = await as.head.submit('/entidades/mincul/meta', { token: 'corto' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toMatch(/demasiado corto/);
    expect(html).not.toContain('value="corto"');
    const ok = await as.head.submit('/entidades/mincul/meta', { token: `${TOKEN}2` });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/entidades/mincul/meta?hecho=conectado');
    const rows = await auditRows({ entityId: 'mincul', action: 'meta.replaced' });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(TOKEN);
  });

  it('the head revokes: the row is gone, the review is manual again, a second revoke is 404', async () => {
    const res = await send(as.head, 'DELETE', PATH, {});
    expect(res.status).toBe(204);
    expect(await t.db.collection('metaConnections').countDocuments({})).toBe(0);
    expect((await as.head.api('GET', PATH)).json.connected).toBe(false);
    expect((await send(as.head, 'DELETE', PATH, {})).status).toBe(404);
    expect(await auditRows({ entityId: 'mincul', action: 'meta.revoked' })).toHaveLength(1);
    expect((await as.head.open('/entidades/mincul/meta')).html).toContain('No conectada');
  });
});
