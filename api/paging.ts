/**
 * Paging at the HTTP edge (issue 14 §1.9): `?cursor=&limit=` of the JSON lists, and the "Página
 * siguiente" / "Volver al inicio" links of the Spanish list pages, which keep the filters shown.
 */
import { PAGE_LIMIT, listQueryMessage, pageQuerySchema, type Page, type PageCounts, type PageQuery } from '../domain/paging';
import { Refusal } from '../domain/refusal';
import { validate } from '../domain/validation';

/** `cursor` and `limit` of a list's query string; refuses (400 `validation_failed`) a bad one. */
export function pageQueryOf(query: Record<string, unknown>): PageQuery {
  const checked = validate(pageQuerySchema, { cursor: query.cursor, limit: query.limit }, 'paginación');
  if (!checked.ok) throw new Refusal('validation_failed', listQueryMessage(checked.errors, 'Parámetros de página no válidos.'), checked.errors);
  return checked.value;
}

/** A JSON list's answer: its rows under `key`, and `nextCursor` while more follow. */
export const listAnswer = (key: string, page: Page<unknown>) => ({ [key]: page.rows, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) });

/** The list's query string as a service takes it: the page asked for and, when given, the `entity` filter. */
export function listQueryOf(query: Record<string, unknown>): PageQuery & { entity?: string } {
  return { ...pageQueryOf(query), ...(typeof query.entity === 'string' ? { entity: query.entity } : {}) };
}

/** What the pager partial shows: which rows of how many, and the links that keep `filters`. */
export interface Pager {
  from: number;
  to: number;
  total: number;
  nextHref?: string;
  firstHref?: string;
}

/** The address of a list with these parameters (none: the bare path). */
export const listHref = (path: string, params: Record<string, string>) => {
  const query = new URLSearchParams(params).toString();
  return query ? `${path}?${query}` : path;
};

/** The pager of `page` of the list at `path`; `cursor` is the one the page was opened with. */
export function pagerOf(path: string, filters: Record<string, string>, page: Page<unknown>, counts: PageCounts, cursor: string | undefined): Pager {
  return {
    from: page.rows.length ? counts.before + 1 : 0,
    to: counts.before + page.rows.length,
    total: counts.total,
    ...(page.nextCursor ? { nextHref: listHref(path, { ...filters, cursor: page.nextCursor }) } : {}),
    ...(cursor ? { firstHref: listHref(path, filters) } : {}),
  };
}

/** The query string's non-empty text values but the paging ones: the filters a page's links keep. */
export function filtersOf(query: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([k, v]) => typeof v === 'string' && v !== '' && !['cursor', 'limit', 'format'].includes(k))) as Record<string, string>;
}

/** Every row of a paged list, page after page of the largest size: what an export files, never capped. */
export async function everyRow<T>(load: (q: PageQuery) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await load({ limit: PAGE_LIMIT.max, ...(cursor ? { cursor } : {}) });
    out.push(...page.rows);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}
