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
