import { z } from 'zod';
import './validation';

/**
 * How many rows one answer of a list may hold (issue 14 §1.9). The default is the old silent cap, so a
 * client that never asks for more pages sees the same first page as before, now with `nextCursor`.
 */
export const PAGE_LIMIT = { default: 200, max: 1000 } as const;

/** Rows per page on the Spanish list pages, where people read rather than machines. */
export const PAGE_SIZE_ON_PAGES = 100;

/** The message of a cursor that does not come from Custodio, or was cut or edited on the way. */
export const BAD_CURSOR = 'Enlace de página no válido: vuelva al inicio de la lista.';

/**
 * `cursor` as it travels: opaque base64url text. Only its alphabet and length are checked here; what it
 * holds is checked against the list it is used with (registry/paging.ts).
 */
export const cursorSchema = z.string().min(1, BAD_CURSOR).max(512, BAD_CURSOR).regex(/^[A-Za-z0-9_-]+$/, BAD_CURSOR);

export const limitSchema = z.coerce.number().int().min(1).max(PAGE_LIMIT.max).default(PAGE_LIMIT.default);

/** `?cursor=&limit=` of every list of the JSON API. */
export const pageQuerySchema = z.object({ cursor: cursorSchema.optional(), limit: limitSchema });

export type PageQuery = z.infer<typeof pageQuerySchema>;

/** One page of a list: its rows in the list's order, and the cursor of the next page while there is one. */
export interface Page<T> {
  rows: T[];
  nextCursor?: string;
}

/** How many rows match a list, and how many of them come before the page shown: "101–200 de 230". */
export interface PageCounts {
  total: number;
  before: number;
}

/** The headline of a refused list query: the cursor's own message when only the cursor is wrong. */
export const listQueryMessage = (errors: Array<{ field: string }>, otherwise: string) => (errors.length && errors.every((e) => e.field === 'cursor') ? BAD_CURSOR : otherwise);
