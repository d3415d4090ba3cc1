/** Walking a paged list to its end, as a client of the JSON API and as a person clicking "Página siguiente". */
import { BAD_CURSOR } from '../../domain/paging';
import type { Browser } from './browser';

const MAX_PAGES = 50;

/** Every page of a JSON list, following `nextCursor` until there is none; `key` names the rows' array. */
export async function walkApi<T>(b: Browser, path: string, key: string): Promise<{ pages: T[][]; rows: T[]; statuses: number[] }> {
  const pages: T[][] = [];
  const statuses: number[] = [];
  let cursor: string | undefined;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res = await b.api('GET', cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path);
    statuses.push(res.status);
    if (res.status !== 200) break;
    pages.push(res.json[key] as T[]);
    cursor = res.json.nextCursor as string | undefined;
  } while (cursor && pages.length < MAX_PAGES);
  return { pages, rows: pages.flat(), statuses };
}

const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));

/** The address behind the first link with this text, as a browser would follow it. */
export function linkNamed(html: string, text: string): string | undefined {
  const match = new RegExp(`<a href="([^"]+)"[^>]*>${text}</a>`).exec(html);
  return match ? unescape(match[1]!) : undefined;
}

/** Every page of a Spanish list, from `path` following "Página siguiente". */
export async function walkPages(b: Browser, path: string): Promise<Array<{ path: string; status: number; html: string }>> {
  const pages: Array<{ path: string; status: number; html: string }> = [];
  let next: string | undefined = path;
  while (next && pages.length < MAX_PAGES) {
    const { status, html } = await b.open(next);
    pages.push({ path: next, status, html });
    next = status === 200 ? linkNamed(html, 'Página siguiente') : undefined;
  }
  return pages;
}

/** What a list page answers to a cut or edited page link: its status, whether it says so in Spanish, and its way back. */
export async function openWithBadCursor(b: Browser, path: string): Promise<{ status: number; says: boolean; back?: string }> {
  const { status, html } = await b.open(`${path}${path.includes('?') ? '&' : '?'}cursor=roto`);
  return { status, says: html.includes(BAD_CURSOR), back: linkNamed(html, 'Volver al inicio') };
}
