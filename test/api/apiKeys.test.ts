/**
 * Per-entity API keys (issue #3 §2): the head creates, lists and revokes them; a key is shown once,
 * stored as the SHA-256 of its secret, acts for its own entity only, and reads no personal data.
 */
import { createHash } from 'node:crypto';
import { HEAD, useRegistryApp } from '../support/registryApp';

jest.setTimeout(60_000);

const { t, as, auditRows, count, withKey, send } = useRegistryApp();

describe('API keys (issue #3 §2)', () => {
  let key = '';
  let keyId = '';

  it('the head creates a key: 201, shown once with Cache-Control: no-store, as cust_<id>_<secret>, audited without the secret', async () => {
    const res = await send(as.head, 'POST', '/api/entities/mincul/api-keys', { label: 'Mesa de partes digital' });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    ({ key, id: keyId } = body);
    expect(key).toMatch(/^cust_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(key.split('_')[1]).toBe(keyId);
    expect(body).toMatchObject({ entityId: 'mincul', label: 'Mesa de partes digital', createdBy: HEAD });
    expect(body).not.toHaveProperty('hash');
    const rows = await auditRows({ action: 'apiKey.created', entityId: 'mincul' });
    expect(rows.map((r) => r.detail)).toEqual([`Clave ${keyId}: Mesa de partes digital`]);
    expect(JSON.stringify(rows)).not.toContain(key.slice(18));
  });

  it('the list shows label, author and dates, never the secret or its hash; the database keeps only the SHA-256 of the secret', async () => {
    const res = await as.head.api('GET', '/api/entities/mincul/api-keys');
    expect(res.status).toBe(200);
    expect(res.json.apiKeys).toEqual([expect.objectContaining({ id: keyId, label: 'Mesa de partes digital', createdBy: HEAD, createdAt: expect.any(String) })]);
    expect(res.json.apiKeys[0]).not.toHaveProperty('key');
    expect(res.json.apiKeys[0]).not.toHaveProperty('hash');
    const secret = key.slice(`cust_${keyId}_`.length);
    expect(res.text).not.toContain(secret);
    const stored = await t.db.collection('api_keys').findOne({ _id: keyId as never });
    expect(stored?.hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it('the key authenticates GET /api/account-requests (200) and acts for its own entity only', async () => {
    expect((await withKey(key, '/api/account-requests')).status).toBe(200);
    const me = await (await withKey(key, '/api/me')).json();
    expect(me).toMatchObject({ kind: 'apiKey', keyId, entityId: 'mincul' });
    const listed = await (await withKey(key, '/api/entities')).json();
    expect(listed.entities.map((e: { id: string }) => e.id)).toEqual(['mincul']);
    expect((await withKey(key, '/api/entities/congreso')).status).toBe(403);
  });

  it('Ley 29733: the key reads neither the roster nor the audit trail (403)', async () => {
    const people = await withKey(key, '/api/entities/mincul/people');
    expect(people.status).toBe(403);
    expect(await people.text()).not.toContain('900 000');
    expect((await withKey(key, '/api/audit')).status).toBe(403);
  });

  it('an API key cannot create, list or revoke keys (403)', async () => {
    const mint = await withKey(key, '/api/entities/mincul/api-keys', { method: 'POST', body: JSON.stringify({ label: 'otra' }) });
    expect(mint.status).toBe(403);
    expect((await withKey(key, '/api/entities/mincul/api-keys')).status).toBe(403);
    expect((await withKey(key, `/api/entities/mincul/api-keys/${keyId}`, { method: 'DELETE' })).status).toBe(403);
    expect(await count('apiKey.created', { entityId: 'mincul' })).toBe(1);
  });

  it('the community manager and another entity\'s head cannot manage the keys (403); revoking through another entity\'s path is 404 and the key keeps working', async () => {
    expect((await as.cm.api('GET', '/api/entities/mincul/api-keys')).status).toBe(403);
    expect((await as.cm.api('POST', '/api/entities/mincul/api-keys', { label: 'mía' })).status).toBe(403);
    expect((await as.otherHead.api('DELETE', `/api/entities/mincul/api-keys/${keyId}`)).status).toBe(403);
    expect((await as.otherHead.api('DELETE', `/api/entities/congreso/api-keys/${keyId}`)).status).toBe(404);
    expect((await withKey(key, '/api/account-requests')).status).toBe(200);
  });

  it('revoking answers 204 and the key answers 401 invalid_api_key at once; the list shows who revoked it; revoking again is 404', async () => {
    expect((await as.head.api('DELETE', `/api/entities/mincul/api-keys/${keyId}`)).status).toBe(204);
    const after = await withKey(key, '/api/account-requests');
    expect(after.status).toBe(401);
    expect((await after.json()).error.code).toBe('invalid_api_key');
    const listed = (await as.head.api('GET', '/api/entities/mincul/api-keys')).json.apiKeys;
    expect(listed[0]).toMatchObject({ id: keyId, revokedBy: HEAD, revokedAt: expect.any(String) });
    expect((await as.head.api('DELETE', `/api/entities/mincul/api-keys/${keyId}`)).status).toBe(404);
    expect((await auditRows({ action: 'apiKey.revoked', entityId: 'mincul' })).map((r) => [r.actor.email, r.detail])).toEqual([[HEAD, `Clave ${keyId}`]]);
  });

  it('a garbage, truncated or tampered key answers 401 invalid_api_key, whatever the route', async () => {
    const fresh = (await as.head.api('POST', '/api/entities/mincul/api-keys', { label: 'para alterar' })).json as { key: string };
    const tampered = fresh.key.slice(0, -1) + (fresh.key.endsWith('A') ? 'B' : 'A');
    for (const header of ['Bearer garbage', `Bearer ${fresh.key.slice(0, -2)}`, `Bearer ${tampered}`, `Bearer cust_000000000000_${'A'.repeat(43)}`, 'Basic YWRtaW46YWRtaW4=', fresh.key]) {
      for (const path of ['/api/me', '/api/account-requests', '/api/entities/mincul']) {
        const res = await fetch(`${t.url}${path}`, { headers: { authorization: header } });
        expect([header, path, res.status, (await res.json()).error.code]).toEqual([header, path, 401, 'invalid_api_key']);
      }
    }
    expect((await withKey(fresh.key, '/api/me')).status).toBe(200);
  });

  it('the list records when a key was last used', async () => {
    const listed = (await as.head.api('GET', '/api/entities/mincul/api-keys')).json.apiKeys as Array<{ label: string; lastUsedAt?: string }>;
    const used = listed.find((k) => k.label === 'para alterar');
    expect(Number.isNaN(Date.parse(used?.lastUsedAt ?? ''))).toBe(false);
  });
});
