import type { Connection } from 'mongoose';
import { metaConnectionModel, connectionView, type MetaConnectionView } from '../infra/models/metaConnection';
import { openToken, resealToken, sealToken, type TokenKeyring } from '../infra/meta/tokenCipher';

/**
 * An entity's Meta token, stored and read (issue 17 §1). The API writes and revokes it; the activities
 * open it to read roles. Opening it re-encrypts a row still under an older key (key rotation).
 */
export function metaConnections(db: Connection, ring: TokenKeyring) {
  const rows = metaConnectionModel(db);
  return {
    async view(entityId: string): Promise<MetaConnectionView> {
      return connectionView(await rows.findById(entityId).lean());
    },
    /** Connects or replaces: the new token takes the old one's place. */
    async connect(entityId: string, token: string, by: string, at = new Date()): Promise<{ replaced: boolean }> {
      const before = await rows.exists({ _id: entityId });
      await rows.updateOne(
        { _id: entityId },
        { $set: { token: sealToken(ring, token, entityId), connectedBy: by, connectedAt: at }, $unset: { lastReadAt: 1, lastFailure: 1 } },
        { upsert: true },
      );
      return { replaced: Boolean(before) };
    },
    /** Removes the token; `false` when there was none. */
    async revoke(entityId: string): Promise<boolean> {
      return (await rows.deleteOne({ _id: entityId })).deletedCount > 0;
    },
    /** The token in clear, for one Graph read; `undefined` when the entity is not connected. */
    async token(entityId: string): Promise<string | undefined> {
      const doc = await rows.findById(entityId).lean();
      if (!doc) return undefined;
      const clear = openToken(ring, doc.token, entityId);
      const resealed = resealToken(ring, doc.token, entityId);
      if (resealed) await rows.updateOne({ _id: entityId, 'token.keyId': doc.token.keyId }, { $set: { token: resealed } });
      return clear;
    },
    async recordRead(entityId: string, failure: string | undefined, at = new Date()): Promise<void> {
      await rows.updateOne({ _id: entityId }, failure ? { $set: { lastReadAt: at, lastFailure: failure } } : { $set: { lastReadAt: at }, $unset: { lastFailure: 1 } });
    },
  };
}

export type MetaConnections = ReturnType<typeof metaConnections>;
