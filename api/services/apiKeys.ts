import { trusted } from '../../infra/db';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { Principal } from '../../domain/access';
import { apiKeyModel, type ApiKeyDoc } from '../../infra/models/credentials';

const sha256 = (s: string) => createHash('sha256').update(s).digest();
const PREFIX = 'cust';
/** `lastUsedAt` is refreshed at most this often, so a busy integration does not write on every call. */
const TOUCH_EVERY_MS = 60_000;

export type ApiKeyView = Pick<ApiKeyDoc, 'entityId' | 'label' | 'createdBy' | 'createdAt' | 'lastUsedAt' | 'revokedAt' | 'revokedBy'> & { id: string };

const view = (d: ApiKeyDoc): ApiKeyView => ({
  id: d._id,
  entityId: d.entityId,
  label: d.label,
  createdBy: d.createdBy,
  createdAt: d.createdAt,
  ...(d.lastUsedAt ? { lastUsedAt: d.lastUsedAt } : {}),
  ...(d.revokedAt ? { revokedAt: d.revokedAt, revokedBy: d.revokedBy! } : {}),
});

/**
 * Per-entity API keys for machine access (issue #3 §2). A key reads `cust_<id>_<secret>`; only the
 * SHA-256 of the secret is stored, it is shown once at creation, and revoking it stops it at once.
 */
export function apiKeysService(db: Connection) {
  const keys = apiKeyModel(db);
  return {
    async create(entityId: string, label: string, createdBy: string): Promise<{ key: string; apiKey: ApiKeyView }> {
      const id = randomBytes(6).toString('hex');
      const secret = randomBytes(32).toString('base64url');
      const doc = await keys.create({ _id: id, entityId, label, hash: sha256(secret).toString('hex'), createdBy, createdAt: new Date() });
      return { key: `${PREFIX}_${id}_${secret}`, apiKey: view(doc.toObject()) };
    },

    async list(entityId: string): Promise<ApiKeyView[]> {
      return (await keys.find({ entityId }).sort({ createdAt: -1 }).lean()).map(view);
    },

    /** Revokes a key of the entity; false when there is no such key or it was already revoked. */
    async revoke(entityId: string, id: string, by: string): Promise<boolean> {
      const res = await keys.updateOne({ _id: id, entityId, revokedAt: trusted({ $exists: false }) }, { $set: { revokedAt: new Date(), revokedBy: by } });
      return res.modifiedCount === 1;
    },

    /** The principal a presented key acts as, or undefined when it is malformed, unknown or revoked. */
    async verify(token: string): Promise<Principal | undefined> {
      const m = /^cust_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/.exec(token);
      if (!m) return undefined;
      const doc = await keys.findById(m[1]).lean();
      if (!doc || doc.revokedAt) return undefined;
      if (!timingSafeEqual(sha256(m[2]!), Buffer.from(doc.hash, 'hex'))) return undefined;
      if (!doc.lastUsedAt || Date.now() - doc.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
        await keys.updateOne({ _id: doc._id }, { $set: { lastUsedAt: new Date() } });
      }
      return { kind: 'apiKey', keyId: doc._id, entityId: doc.entityId, label: doc.label };
    },
  };
}

export type ApiKeysService = ReturnType<typeof apiKeysService>;
