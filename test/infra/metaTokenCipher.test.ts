import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../infra/config';
import { openToken, parseKeys, resealToken, sealToken, tokenKeyring, TokenUnreadable } from '../../infra/meta/tokenCipher';

const TOKEN = 'EAAB-system-user-token-0123456789';
const hex = () => randomBytes(32).toString('hex');

describe('the Meta token at rest: AES-256-GCM, keys that rotate (issue 17 §1)', () => {
  it('round-trips, and the ciphertext holds nothing of the token', () => {
    const ring = parseKeys(`k1:${hex()}`);
    const sealed = sealToken(ring, TOKEN, 'mincul');
    expect(sealed.keyId).toBe('k1');
    expect(JSON.stringify(sealed)).not.toContain(TOKEN);
    expect(openToken(ring, sealed, 'mincul')).toBe(TOKEN);
    // A fresh IV each time: the same token never seals the same twice.
    expect(sealToken(ring, TOKEN, 'mincul').data).not.toBe(sealed.data);
  });

  it('fails with the wrong key, a tampered ciphertext, or another entity\'s id', () => {
    const sealed = sealToken(parseKeys(`k1:${hex()}`), TOKEN, 'mincul');
    expect(() => openToken(parseKeys(`k1:${hex()}`), sealed, 'mincul')).toThrow(TokenUnreadable);
    const ring = parseKeys(`k1:${hex()}`);
    const good = sealToken(ring, TOKEN, 'mincul');
    const flipped = Buffer.from(good.data, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => openToken(ring, { ...good, data: flipped.toString('base64') }, 'mincul')).toThrow(TokenUnreadable);
    expect(() => openToken(ring, good, 'inpe')).toThrow(TokenUnreadable);
    expect(() => openToken(ring, { ...good, keyId: 'k9' }, 'mincul')).toThrow(/no key k9/);
  });

  it('rotates: the old key still opens, a re-seal moves it to the current key, and the retired key is then not needed', () => {
    const old = hex();
    const sealedOld = sealToken(parseKeys(`k1:${old}`), TOKEN, 'mincul');
    const both = parseKeys(`k2:${hex()},k1:${old}`);
    expect(openToken(both, sealedOld, 'mincul')).toBe(TOKEN);
    const moved = resealToken(both, sealedOld, 'mincul')!;
    expect(moved.keyId).toBe('k2');
    expect(resealToken(both, moved, 'mincul')).toBeUndefined();
    const onlyNew = { currentId: 'k2', keys: new Map([['k2', both.keys.get('k2')!]]) };
    expect(openToken(onlyNew, moved, 'mincul')).toBe(TOKEN);
    expect(() => openToken(onlyNew, sealedOld, 'mincul')).toThrow(TokenUnreadable);
  });

  it('unset META_TOKEN_KEYS derives one key from LINK_SECRET, the same every time', () => {
    const secret = 'x'.repeat(40);
    const a = tokenKeyring(undefined, secret);
    expect(a.currentId).toBe('derivado');
    expect(openToken(tokenKeyring('', secret), sealToken(a, TOKEN, 'e'), 'e')).toBe(TOKEN);
    expect(() => openToken(tokenKeyring(undefined, 'y'.repeat(40)), sealToken(a, TOKEN, 'e'), 'e')).toThrow(TokenUnreadable);
  });

  it('config refuses a malformed key list at start-up and takes a good one', () => {
    const env = { LINK_SECRET: 'l'.repeat(40) };
    expect(() => loadConfig({ ...env, META_TOKEN_KEYS: 'k1:short' })).toThrow(/META_TOKEN_KEYS/);
    expect(() => loadConfig({ ...env, META_TOKEN_KEYS: `k1:${hex()},k1:${hex()}` })).toThrow(/twice/);
    const c = loadConfig({ ...env, META_TOKEN_KEYS: `k2:${randomBytes(32).toString('base64')},k1:${hex()}` });
    expect(c.META_GRAPH_URL).toBe('https://graph.facebook.com');
    expect(c.META_GRAPH_VERSION).toMatch(/^v\d+\.\d+$/);
  });
});
