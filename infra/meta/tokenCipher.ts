import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deriveSecret } from '../secrets';

/**
 * The Meta system-user token at rest (issue 17 §1): AES-256-GCM with a random 96-bit IV and the entity's
 * id as additional data, so a ciphertext copied onto another entity's row does not decrypt. Each
 * ciphertext names its key, so keys rotate: decrypt with the key it names, re-encrypt with the current.
 */
export interface SealedToken {
  keyId: string;
  /** base64 */
  iv: string;
  /** base64, the GCM authentication tag */
  tag: string;
  /** base64 */
  data: string;
}

export interface TokenKeyring {
  /** The key new ciphertexts use. */
  currentId: string;
  keys: ReadonlyMap<string, Buffer>;
}

/** A key from the environment: 32 bytes written as 64 hex digits or base64. */
function keyBytes(text: string): Buffer | undefined {
  const t = text.trim();
  const b = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  return b.length === 32 ? b : undefined;
}

/**
 * META_TOKEN_KEYS is `id:key,id:key…`, the current key first, older ones after it until every row has
 * been re-encrypted. Unset (the local demo, the tests), one key is derived from LINK_SECRET as the other
 * keys are (infra/secrets.ts), under the id `derivado`.
 */
export function tokenKeyring(metaTokenKeys: string | undefined, linkSecret: string): TokenKeyring {
  if (!metaTokenKeys?.trim()) return { currentId: 'derivado', keys: new Map([['derivado', Buffer.from(deriveSecret(linkSecret, 'meta-token'), 'hex')]]) };
  return parseKeys(metaTokenKeys);
}

/** Throws on a malformed list: config checks it at start-up (`metaTokenKeyProblems`). */
export function parseKeys(list: string): TokenKeyring {
  const keys = new Map<string, Buffer>();
  let currentId: string | undefined;
  for (const item of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    const at = item.indexOf(':');
    const id = item.slice(0, at).trim();
    const key = at > 0 ? keyBytes(item.slice(at + 1)) : undefined;
    if (!id || !key) throw new Error('META_TOKEN_KEYS: each item is `id:key`, the key 32 bytes in hex (64 digits) or base64');
    if (keys.has(id)) throw new Error(`META_TOKEN_KEYS: the id ${id} appears twice`);
    keys.set(id, key);
    currentId ??= id;
  }
  if (!currentId) throw new Error('META_TOKEN_KEYS: no key');
  return { currentId, keys };
}

export function sealToken(ring: TokenKeyring, token: string, entityId: string): SealedToken {
  const key = ring.keys.get(ring.currentId)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`custodio:meta-token:${entityId}`));
  const data = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return { keyId: ring.currentId, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

/** Throws `TokenUnreadable` when the key is unknown or the ciphertext, tag or entity do not match. */
export function openToken(ring: TokenKeyring, sealed: SealedToken, entityId: string): string {
  const key = ring.keys.get(sealed.keyId);
  if (!key) throw new TokenUnreadable(`no key ${sealed.keyId}`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(`custodio:meta-token:${entityId}`));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new TokenUnreadable('authentication failed');
  }
}

/** A sealed token under an older key, sealed again under the current one; `undefined` when already current. */
export function resealToken(ring: TokenKeyring, sealed: SealedToken, entityId: string): SealedToken | undefined {
  if (sealed.keyId === ring.currentId) return undefined;
  return sealToken(ring, openToken(ring, sealed, entityId), entityId);
}

export class TokenUnreadable extends Error {
  override readonly name = 'TokenUnreadable';
}
