import { Schema, type Connection, type Model } from 'mongoose';
import type { SealedToken } from '../meta/tokenCipher';

/**
 * An entity's connection to Meta's Graph API (issue 17 §1): one row per entity, holding the head's
 * system-user token only encrypted (infra/meta/tokenCipher.ts). No API answer or page ever carries
 * `token`: `connectionView` is what leaves this module's readers.
 */
export interface MetaConnectionDoc {
  /** The entity's id. */
  _id: string;
  token: SealedToken;
  connectedBy: string;
  connectedAt: Date;
  /** The last read's outcome, for the page: when, and the failure kind if it failed. */
  lastReadAt?: Date;
  lastFailure?: string;
}

const connectionSchema = new Schema<MetaConnectionDoc>(
  {
    _id: { type: String, required: true },
    token: {
      _id: false,
      keyId: { type: String, required: true },
      iv: { type: String, required: true },
      tag: { type: String, required: true },
      data: { type: String, required: true },
    },
    connectedBy: { type: String, required: true },
    connectedAt: { type: Date, required: true },
    lastReadAt: Date,
    lastFailure: String,
  },
  { versionKey: false },
);

export function metaConnectionModel(conn: Connection): Model<MetaConnectionDoc> {
  return (conn.models.MetaConnection as Model<MetaConnectionDoc>) ?? conn.model<MetaConnectionDoc>('MetaConnection', connectionSchema, 'metaConnections');
}

/** What may be shown of a connection: never the token, not even a part of it. */
export interface MetaConnectionView {
  connected: boolean;
  connectedBy?: string;
  connectedAt?: string;
  lastReadAt?: string;
  lastFailure?: string;
}

export function connectionView(doc: MetaConnectionDoc | null | undefined): MetaConnectionView {
  if (!doc) return { connected: false };
  return {
    connected: true,
    connectedBy: doc.connectedBy,
    connectedAt: doc.connectedAt.toISOString(),
    ...(doc.lastReadAt ? { lastReadAt: doc.lastReadAt.toISOString() } : {}),
    ...(doc.lastFailure ? { lastFailure: doc.lastFailure } : {}),
  };
}
