import { trusted } from '../infra/db';
import { createHash } from 'node:crypto';
import session from 'express-session';
import type { Connection, Model } from 'mongoose';
import { sessionModel, type SessionDoc } from '../infra/models/credentials';

const hash = (sid: string) => createHash('sha256').update(sid).digest('hex');

/**
 * express-session's store over mongoose. Unlike connect-mongo it keeps only a hash of each session id
 * (a database reader cannot hijack a session) and needs no TTL index (FerretDB has none): expiry is a
 * field `get` checks, and `purgeExpired` clears old rows.
 *
 * No `touch`: a session ends SESSION_MAX_AGE_MS after sign-in, as its cookie does (`rolling: false`).
 * express-session touches a store that has the method on every request, which slid the stored expiry
 * without the cookie's, so a copied cookie outlived the working day, and cost a write on every page
 * (a scan to the row on FerretDB v1; issue 18 §2).
 */
export class MongooseSessionStore extends session.Store {
  private readonly rows: Model<SessionDoc>;

  constructor(db: Connection, private readonly maxAgeMs: number) {
    super();
    this.rows = sessionModel(db);
  }

  private expiry(sess: session.SessionData): Date {
    return sess.cookie?.expires ? new Date(sess.cookie.expires) : new Date(Date.now() + this.maxAgeMs);
  }

  override get(sid: string, cb: (err: unknown, session?: session.SessionData | null) => void): void {
    this.rows
      .findOne({ _id: hash(sid), expiresAt: trusted({ $gt: new Date() }) })
      .lean()
      .then((row) => cb(null, row ? (JSON.parse(row.data) as session.SessionData) : null), cb);
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const personId = (sess as { personId?: string }).personId;
    this.rows
      .updateOne({ _id: hash(sid) }, { $set: { data: JSON.stringify(sess), expiresAt: this.expiry(sess), ...(personId ? { personId } : {}) } }, { upsert: true })
      .then(() => cb?.(), (err) => cb?.(err));
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.rows.deleteOne({ _id: hash(sid) }).then(() => cb?.(), (err) => cb?.(err));
  }
}
