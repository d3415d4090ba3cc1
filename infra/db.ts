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
