import mongoose from 'mongoose';

// Operator injection guard: a `{ $ne: null }` arriving in a filter is treated as a literal (STACK trap 2).
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', true);

/** Opens a dedicated connection; callers own it and close it. Works against FerretDB v1 and MongoDB. */
export async function connectDb(uri: string): Promise<mongoose.Connection> {
  const conn = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000, autoIndex: true });
  await conn.asPromise();
  return conn;
}

/**
 * Marks an operator object written by our own code (never from input) so `sanitizeFilter` keeps it,
 * e.g. `{ at: trusted({ $gte: from }) }`.
 */
export const trusted = <T extends object>(operators: T): T => mongoose.trusted(operators) as T;

/** MongoDB's (and FerretDB's) duplicate-key error, however the driver or mongoose wraps it. */
export function isDuplicateKey(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e.code === 11000) return true;
  }
  return false;
}

/**
 * The database could not be reached or dropped the connection (a restart, a network blink), as opposed
 * to refusing an operation: the request may simply be tried again, so the API answers 503, not 500.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const { MongoNetworkError, MongoServerSelectionError, MongoNotConnectedError, MongoTopologyClosedError } = mongoose.mongo;
  const kinds = [MongoNetworkError, MongoServerSelectionError, MongoNotConnectedError, MongoTopologyClosedError, mongoose.Error.MongooseServerSelectionError];
  for (let e = err as { cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (kinds.some((k) => e instanceof k)) return true;
    // Mongoose holds operations while it reconnects and gives up on them with this error.
    if (e instanceof mongoose.Error && /buffering timed out/.test(e.message)) return true;
  }
  return false;
}

/**
 * Inserts the row unless one with its `_id` exists; true when this call inserted it. The first of
 * concurrent callers wins by the unique `_id`, not by a conditional upsert, which FerretDB does not
 * make atomic (two upserts both find nothing and the second fails with a duplicate key).
 */
export async function insertOnce<T>(model: mongoose.Model<T>, row: T | mongoose.AnyKeys<T>): Promise<boolean> {
  try {
    await model.create(row);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}
