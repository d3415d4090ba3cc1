import { trusted } from '../db';
import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * Sign-in links, sessions and API keys: each stored only as a SHA-256 hash of its secret, so reading
 * the database gives no one a way in. FerretDB has no TTL indexes: expiry is a field every query
 * checks, and `purgeExpired` removes old rows.
 */
export interface SigninTokenDoc {
  _id: string;
  personId: Types.ObjectId;
  email: string;
  /** Where to go after signing in (a path of this site). */
  next: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt?: Date;
}

/**
 * The use of a sign-in link: one row per link, keyed by its hash, so of simultaneous uses exactly one
 * inserts it (FerretDB's conditional updates are not atomic; a unique insert is, there and on MongoDB).
 */
export interface SigninUseDoc {
  _id: string;
  at: Date;
}

export interface SessionDoc {
  _id: string;
  personId?: string;
  data: string;
  expiresAt: Date;
}

export interface ApiKeyDoc {
  _id: string;
  entityId: string;
  label: string;
  hash: string;
  createdBy: string;
  createdAt: Date;
  lastUsedAt?: Date;
  revokedAt?: Date;
  revokedBy?: string;
}

const signinSchema = new Schema<SigninTokenDoc>(
  {
    _id: String,
    personId: { type: Schema.Types.ObjectId, required: true },
    email: { type: String, required: true },
    next: { type: String, default: '/' },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: Date,
  },
  { versionKey: false },
);

const signinUseSchema = new Schema<SigninUseDoc>({ _id: String, at: { type: Date, required: true } }, { versionKey: false });

const sessionSchema = new Schema<SessionDoc>(
  { _id: String, personId: { type: String, index: true }, data: { type: String, required: true }, expiresAt: { type: Date, required: true, index: true } },
  { versionKey: false },
);

const apiKeySchema = new Schema<ApiKeyDoc>(
  {
    _id: String,
    entityId: { type: String, required: true, index: true },
    label: { type: String, required: true },
    hash: { type: String, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastUsedAt: Date,
    revokedAt: Date,
    revokedBy: String,
  },
  { versionKey: false },
);

export function signinTokenModel(conn: Connection): Model<SigninTokenDoc> {
  return (conn.models.SigninToken as Model<SigninTokenDoc>) ?? conn.model<SigninTokenDoc>('SigninToken', signinSchema, 'signin_tokens');
}
export function signinUseModel(conn: Connection): Model<SigninUseDoc> {
  return (conn.models.SigninUse as Model<SigninUseDoc>) ?? conn.model<SigninUseDoc>('SigninUse', signinUseSchema, 'signin_uses');
}
export function sessionModel(conn: Connection): Model<SessionDoc> {
  return (conn.models.Session as Model<SessionDoc>) ?? conn.model<SessionDoc>('Session', sessionSchema, 'sessions');
}
export function apiKeyModel(conn: Connection): Model<ApiKeyDoc> {
  return (conn.models.ApiKey as Model<ApiKeyDoc>) ?? conn.model<ApiKeyDoc>('ApiKey', apiKeySchema, 'api_keys');
}

/** How long a link's use is kept after the purge threshold: longer than any sign-in link lives. */
const SIGNIN_USE_KEPT_MS = 86_400_000;

/** Removes sign-in links, their uses and sessions that expired more than a day ago; safe to run anywhere, any time. */
export async function purgeExpired(conn: Connection, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - 86_400_000);
  const [a, b, c] = await Promise.all([
    signinTokenModel(conn).deleteMany({ expiresAt: trusted({ $lt: before }) }),
    sessionModel(conn).deleteMany({ expiresAt: trusted({ $lt: before }) }),
    // A use outlives its link's expiry by the same day, so a link is never usable again while it could be presented.
    signinUseModel(conn).deleteMany({ at: trusted({ $lt: new Date(before.getTime() - SIGNIN_USE_KEPT_MS) }) }),
  ]);
  return a.deletedCount + b.deletedCount + c.deletedCount;
}
