/**
 * Keyset paging for every list (issue 14 §1.9): a page starts strictly after the last row of the one
 * before, in a total order, so rows written meanwhile never shift a page and none is lost or repeated at
 * a boundary. Never skip/offset: on FerretDB v1 a skip still reads every row it skips. Plain `$or` of
 * equalities and `$lt`/`$gt` with a sort, which FerretDB v1 and MongoDB both run.
 */
import { Types, type Model, type QueryFilter } from 'mongoose';
import { BAD_CURSOR, type Page, type PageCounts, type PageQuery } from '../domain/paging';
import { Refusal } from '../domain/refusal';
import { trusted } from '../infra/db';

/** What a sort key holds, so a cursor's value is checked and turned back into what the store compares. */
export type KeyKind = 'date' | 'string' | 'objectId';

/**
 * A list's order. The last key must be unique (`_id`), so that rows sharing a timestamp still have one
 * place each and a page boundary inside such a run neither drops nor repeats a row.
 */
export interface Listing {
  /** Written into the cursor, so one list's cursor is refused by another. */
  name: string;
  keys: ReadonlyArray<readonly [field: string, kind: KeyKind]>;
  order: 'desc' | 'asc';
}

type Row = Record<string, unknown>;

const badCursor = () => new Refusal('validation_failed', BAD_CURSOR, [{ field: 'cursor', rule: 'paginación', message: BAD_CURSOR }]);

function written(kind: KeyKind, value: unknown): string {
  if (kind === 'date') return (value as Date).toISOString();
  return String(value);
}

/** The cursor's value as the store compares it; `undefined` when it could not come from `written`. */
function revived(kind: KeyKind, value: unknown): unknown {
  if (typeof value !== 'string') return undefined;
  if (kind === 'objectId') return /^[0-9a-f]{24}$/.test(value) ? new Types.ObjectId(value) : undefined;
  if (kind === 'string') return value.length <= 256 ? value : undefined;
  const at = new Date(value);
  return !Number.isNaN(at.getTime()) && at.toISOString() === value ? at : undefined;
}

/** The opaque cursor that resumes `listing` after `row`: base64url of `{"l": list name, "k": [sort key values]}`. */
export function cursorAfter(listing: Listing, row: object): string {
  const payload = { l: listing.name, k: listing.keys.map(([field, kind]) => written(kind, (row as Row)[field])) };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** The sort key values a cursor holds; refuses (400 `validation_failed`, field `cursor`) anything `cursorAfter` did not write for this list. */
export function decodeCursor(listing: Listing, cursor: string): unknown[] {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  const { l, k } = (payload && typeof payload === 'object' ? payload : {}) as { l?: unknown; k?: unknown };
  if (l !== listing.name || !Array.isArray(k) || k.length !== listing.keys.length) throw badCursor();
  const values = listing.keys.map(([, kind], i) => revived(kind, k[i]));
  if (values.some((v) => v === undefined)) throw badCursor();
  return values;
}

/** The rows strictly after the position `values` in the listing's order. */
export function after(listing: Listing, values: unknown[]): Row {
  const op = listing.order === 'desc' ? '$lt' : '$gt';
  return {
    $or: listing.keys.map(([field], i) => ({
      ...Object.fromEntries(listing.keys.slice(0, i).map(([equal], j) => [equal, values[j]])),
      [field]: trusted({ [op]: values[i] }),
    })),
  };
}

export const sortOf = (listing: Listing): Record<string, 1 | -1> => Object.fromEntries(listing.keys.map(([field]) => [field, listing.order === 'desc' ? -1 : 1]));

const resumed = (listing: Listing, filter: Row, cursor: string | undefined): Row => (cursor ? { $and: [filter, after(listing, decodeCursor(listing, cursor))] } : filter);

/** One page of `model`'s rows matching `filter`: at most `limit`, and `nextCursor` only when more rows follow. */
export async function pageOf<T>(model: Model<T>, filter: Row, listing: Listing, q: PageQuery): Promise<Page<T>> {
  const found = (await model.find(resumed(listing, filter, q.cursor) as QueryFilter<T>).sort(sortOf(listing)).limit(q.limit + 1).lean()) as T[];
  const rows = found.slice(0, q.limit);
  return { rows, ...(found.length > q.limit ? { nextCursor: cursorAfter(listing, rows.at(-1) as object) } : {}) };
}

/** How many rows match, and how many of them come before the cursor's page: what a page needs to say "101–200 de 230". */
export async function countOf<T>(model: Model<T>, filter: Row, listing: Listing, cursor: string | undefined): Promise<PageCounts> {
  const total = await model.countDocuments(filter as QueryFilter<T>);
  const remaining = cursor ? await model.countDocuments(resumed(listing, filter, cursor) as QueryFilter<T>) : total;
  return { total, before: total - remaining };
}

/** Every row matching `filter` in the listing's order, as a stream read one batch at a time (exports). */
export function streamOf<T>(model: Model<T>, filter: Row, listing: Listing) {
  return model.find(filter as QueryFilter<T>).sort(sortOf(listing)).lean().cursor();
}

/** The usual order of a registry list: newest `timeField` first, then `_id` (a string id) descending. */
export const newestFirst = (name: string, timeField: string): Listing => ({ name, keys: [[timeField, 'date'], ['_id', 'string']], order: 'desc' });
