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
export function sessionModel(conn: Connection): Model<SessionDoc> {
  return (conn.models.Session as Model<SessionDoc>) ?? conn.model<SessionDoc>('Session', sessionSchema, 'sessions');
}
export function apiKeyModel(conn: Connection): Model<ApiKeyDoc> {
  return (conn.models.ApiKey as Model<ApiKeyDoc>) ?? conn.model<ApiKeyDoc>('ApiKey', apiKeySchema, 'api_keys');
}

/** Removes sign-in links and sessions that expired more than a day ago; safe to run anywhere, any time. */
export async function purgeExpired(conn: Connection, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - 86_400_000);
  const [a, b] = await Promise.all([
    signinTokenModel(conn).deleteMany({ expiresAt: trusted({ $lt: before }) }),
    sessionModel(conn).deleteMany({ expiresAt: trusted({ $lt: before }) }),
  ]);
  return a.deletedCount + b.deletedCount;
}
