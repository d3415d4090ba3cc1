/**
 * Keyset paging below HTTP (issue 14 §1.9), against a FerretDB of its own: walking a list page by page
 * yields every row exactly once, in order, however many rows share a timestamp at a page boundary; a
 * cursor that Custodio did not write for that list is refused.
 */
import { Schema, Types, type Connection, type Model } from 'mongoose';
import { BAD_CURSOR, type Page } from '../../domain/paging';
import { Refusal } from '../../domain/refusal';
import { trusted } from '../../infra/db';
import { countOf, cursorAfter, pageOf, streamOf, type Listing } from '../../registry/paging';
import { startTestDb } from '../support/ferret';

jest.setTimeout(60_000);

interface Probe {
  _id: string;
  at: Date;
  group: string;
}
interface Logged {
  _id: Types.ObjectId;
  at: Date;
}

const BY_AT: Listing = { name: 'probes', keys: [['at', 'date'], ['_id', 'string']], order: 'desc' };
const BY_AT_ASC: Listing = { ...BY_AT, name: 'probes-asc', order: 'asc' };
const LOGGED: Listing = { name: 'logged', keys: [['at', 'date'], ['_id', 'objectId']], order: 'desc' };

let dbh: Awaited<ReturnType<typeof startTestDb>>;
let db: Connection;
let probes: Model<Probe>;
let logged: Model<Logged>;

/** 230 rows in runs of 9 sharing one instant, ids inserted in shuffled order. */
const T0 = Date.parse('2026-06-01T15:00:00.000Z');
const SEEDED: Probe[] = Array.from({ length: 230 }, (_, i) => ({ _id: `p${String((i * 7919) % 1000).padStart(4, '0')}-${i}`, at: new Date(T0 + Math.floor(i / 9) * 60_000), group: i % 3 === 0 ? 'a' : 'b' }));

/** The order the list promises: newest first, then `_id` descending among equal instants. */
const expected = (rows: Probe[], order: 'desc' | 'asc' = 'desc') => {
  const sorted = [...rows].sort((x, y) => x.at.getTime() - y.at.getTime() || (x._id < y._id ? -1 : x._id > y._id ? 1 : 0)).map((r) => r._id);
  return order === 'desc' ? sorted.reverse() : sorted;
};

async function walk<T extends { _id: unknown }>(model: Model<T>, filter: Record<string, unknown>, listing: Listing, limit: number) {
  const pages: Array<Page<T>> = [];
  let cursor: string | undefined;
  do {
    const page = await pageOf(model, filter, listing, { limit, ...(cursor ? { cursor } : {}) });
    pages.push(page);
    cursor = page.nextCursor;
    if (pages.length > 100) throw new Error('the walk never ends');
  } while (cursor);
  return { pages, ids: pages.flatMap((p) => p.rows.map((r) => String(r._id))) };
}

beforeAll(async () => {
  dbh = await startTestDb();
  db = dbh.db;
  probes = db.model<Probe>('PagingProbe', new Schema<Probe>({ _id: String, at: { type: Date, required: true }, group: String }, { versionKey: false }), 'paging_probes');
  logged = db.model<Logged>('PagingLogged', new Schema<Logged>({ at: { type: Date, required: true } }, { versionKey: false }), 'paging_logged');
  await probes.insertMany([...SEEDED].reverse());
});
afterAll(() => dbh?.stop());

describe('walking a list', () => {
  it('pages of 7 over runs of 9 equal instants: every row exactly once, newest first, ties by _id', async () => {
    const { pages, ids } = await walk(probes, {}, BY_AT, 7);
    expect(ids).toEqual(expected(SEEDED));
    expect(pages).toHaveLength(Math.ceil(230 / 7));
    expect(pages.slice(0, -1).every((p) => p.rows.length === 7)).toBe(true);
  });

  it('ascending order walks the same rows the other way', async () => {
    expect((await walk(probes, {}, BY_AT_ASC, 50)).ids).toEqual(expected(SEEDED, 'asc'));
  });

  it('the filter holds on every page, also when it is itself an $or', async () => {
    const filter = { $or: [{ group: 'a' }, { _id: 'nadie' }] };
    const { ids } = await walk(probes, filter, BY_AT, 11);
    expect(ids).toEqual(expected(SEEDED.filter((r) => r.group === 'a')));
  });

  it('a page that ends on the last row offers no next page; one more row would', async () => {
    const all = await pageOf(probes, {}, BY_AT, { limit: 230 });
    expect(all.rows).toHaveLength(230);
    expect(all.nextCursor).toBeUndefined();
    const short = await pageOf(probes, {}, BY_AT, { limit: 229 });
    expect(short.nextCursor).toEqual(expect.any(String));
    expect((await pageOf(probes, {}, BY_AT, { limit: 229, cursor: short.nextCursor! })).rows.map((r) => r._id)).toEqual(expected(SEEDED).slice(229));
  });

  it('rows written while someone pages (newer, or equal to the boundary instant with a greater id) neither shift nor repeat the later pages', async () => {
    const first = await pageOf(probes, {}, BY_AT, { limit: 100 });
    const boundary = first.rows.at(-1)!;
    await probes.insertMany([
      { _id: 'zz-newest', at: new Date(T0 + 10 * 86_400_000), group: 'b' },
      { _id: `${boundary._id}~later`, at: boundary.at, group: 'b' },
    ]);
    try {
      const rest: string[] = [];
      let cursor = first.nextCursor;
      while (cursor) {
        const page = await pageOf(probes, {}, BY_AT, { limit: 100, cursor });
        rest.push(...page.rows.map((r) => r._id));
        cursor = page.nextCursor;
      }
      expect([...first.rows.map((r) => r._id), ...rest]).toEqual(expected(SEEDED));
    } finally {
      await probes.deleteMany({ _id: trusted({ $in: ['zz-newest', `${boundary._id}~later`] }) });
    }
  });

  it('ObjectId keys (the audit trail) page the same way', async () => {
    const at = new Date('2026-01-01T00:00:00.000Z');
    const docs = Array.from({ length: 45 }, (_, i) => ({ _id: new Types.ObjectId(), at: new Date(at.getTime() + Math.floor(i / 10) * 1000) }));
    await logged.insertMany(docs);
    const want = [...docs].sort((x, y) => y.at.getTime() - x.at.getTime() || (y._id.toHexString() < x._id.toHexString() ? -1 : 1)).map((d) => d._id.toHexString());
    expect((await walk(logged, {}, LOGGED, 10)).ids).toEqual(want);
  });

  it('the stream of every row (exports) gives the same order as the pages', async () => {
    const streamed: string[] = [];
    for await (const row of streamOf(probes, {}, BY_AT)) streamed.push(row._id);
    expect(streamed).toEqual(expected(SEEDED));
  });

  it('counts say how many rows match and how many come before the cursor\'s page', async () => {
    expect(await countOf(probes, {}, BY_AT, undefined)).toEqual({ total: 230, before: 0 });
    const first = await pageOf(probes, { group: 'b' }, BY_AT, { limit: 40 });
    expect(await countOf(probes, { group: 'b' }, BY_AT, first.nextCursor)).toEqual({ total: SEEDED.filter((r) => r.group === 'b').length, before: 40 });
  });
});

describe('malformed cursors', () => {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
  const good = cursorAfter(BY_AT, SEEDED[5]!);
  const cases: Array<[string, string]> = [
    ['not base64 JSON', 'bm90IGpzb24'],
    ['JSON but no object', b64('[1,2]')],
    ['null', b64('null')],
    ['another list\'s cursor', cursorAfter(BY_AT_ASC, SEEDED[5]!)],
    ['one key missing', b64(JSON.stringify({ l: 'probes', k: ['2026-06-01T15:00:00.000Z'] }))],
    ['a key too many', b64(JSON.stringify({ l: 'probes', k: ['2026-06-01T15:00:00.000Z', 'p1', 'p2'] }))],
    ['a number for the instant', b64(JSON.stringify({ l: 'probes', k: [1780326000000, 'p1'] }))],
    ['a day that does not exist', b64(JSON.stringify({ l: 'probes', k: ['2026-02-30T00:00:00.000Z', 'p1'] }))],
    ['an operator for the id', b64(JSON.stringify({ l: 'probes', k: ['2026-06-01T15:00:00.000Z', { $gt: '' }] }))],
    ['a cut cursor', good.slice(0, -6)],
  ];

  it.each(cases)('%s: refused as validation_failed naming `cursor`, in Spanish', async (_name, cursor) => {
    const refused = await pageOf(probes, {}, BY_AT, { limit: 10, cursor }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(Refusal);
    expect(refused).toMatchObject({ code: 'validation_failed', message: BAD_CURSOR, violations: [{ field: 'cursor', message: BAD_CURSOR }] });
  });

  it('an ObjectId list refuses an id that is not one', async () => {
    const cursor = b64(JSON.stringify({ l: 'logged', k: ['2026-01-01T00:00:00.000Z', 'p0001-1'] }));
    await expect(pageOf(logged, {}, LOGGED, { limit: 10, cursor })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('the cursor this list wrote is accepted', async () => {
    expect((await pageOf(probes, {}, BY_AT, { limit: 3, cursor: good })).rows).toHaveLength(3);
  });
});
