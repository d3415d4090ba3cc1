import mongoose from 'mongoose';
import { insertOnce, isDatabaseUnavailable, isDuplicateKey } from '../../infra/db';
import { requestModel } from '../../infra/models/request';
import { startTestDb } from '../support/ferret';
import { freePort } from '../../local/ports';

const { MongoNetworkError, MongoServerError } = mongoose.mongo;

/** What the driver throws when nothing listens where the database was. */
async function noServer(): Promise<unknown> {
  const conn = mongoose.createConnection(`mongodb://127.0.0.1:${await freePort()}/x`, { serverSelectionTimeoutMS: 300 });
  try {
    await conn.asPromise();
    return undefined;
  } catch (err) {
    return err;
  } finally {
    await conn.close().catch(() => undefined);
  }
}

describe('isDatabaseUnavailable: what the API answers 503 instead of 500 (issue 14 §2, FerretDB restarted)', () => {
  it('a dropped connection, no server to select, and an operation mongoose held too long while reconnecting', async () => {
    expect(isDatabaseUnavailable(new MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27017'))).toBe(true);
    expect(isDatabaseUnavailable(await noServer())).toBe(true);
    expect(isDatabaseUnavailable(new mongoose.Error('Operation `sessions.findOne()` buffering timed out after 10000ms'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: new MongoNetworkError('reset') }))).toBe(true);
  });

  it('a refused operation, a duplicate key or a bug is not', () => {
    const duplicate = new MongoServerError({ message: 'E11000 duplicate key', code: 11000 });
    expect(isDuplicateKey(duplicate)).toBe(true);
    expect(isDatabaseUnavailable(duplicate)).toBe(false);
    expect(isDatabaseUnavailable(new mongoose.Error.ValidationError())).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});

describe('insertOnce: the first of concurrent callers wins by the unique _id (FerretDB upserts are not atomic)', () => {
  let dbh: Awaited<ReturnType<typeof startTestDb>>;
  beforeAll(async () => {
    dbh = await startTestDb();
  });
  afterAll(() => dbh.stop());

  it('ten concurrent inserts of one request: exactly one inserts, none throws, one row (a double-clicked submission answered 500 before)', async () => {
    for (let round = 0; round < 5; round++) {
      const row = { _id: `0123456789abcdef0123456${round}`, kind: 'accountCreation' as const, workflowId: `account-request-${round}`, entityId: 'mincul', requesterEmail: 'dtorres@cultura.gob.pe', submittedBy: 'x', title: 'x', submittedAt: new Date() };
      const won = await Promise.all(Array.from({ length: 10 }, () => insertOnce(requestModel(dbh.db), row)));
      expect(won.filter(Boolean)).toHaveLength(1);
      expect(await requestModel(dbh.db).countDocuments({ _id: row._id })).toBe(1);
    }
  });
});
