import { join } from 'node:path';
import { Eta } from 'eta';
import type { Response } from 'express';
import { writtenDay, writtenInstant } from '../infra/limaTime';
import { writtenNumber } from '../infra/numbers';
import { urls } from '../infra/urls';

const eta = new Eta({ views: join(__dirname, 'views'), cache: process.env.NODE_ENV === 'production', autoEscape: true });

/** Lima date and time of an ISO instant, as staff read it: «lunes 7 de diciembre de 2026, 09:00». */
export const fmt = (iso: string) => writtenInstant(iso);
/** A Lima day (`YYYY-MM-DD` or an instant), written out with its weekday. */
export const day = (d: string) => writtenDay(d);

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Renders a Spanish page with the shared helpers every template may use (`fmt`, `day`, `num`, `esc`, `urls`), plus `res.locals` (who is signed in, the CSRF token). */
export function page(res: Response, status: number, view: string, data: Record<string, unknown>): void {
  res.status(status).type('html').send(eta.render(view, { fmt, day, num: writtenNumber, esc, urls, ...res.locals, ...data }));
}

/** A one-message page: confirmations, refusals and errors. */
export function messagePage(res: Response, status: number, title: string, message: string, opts: { kind?: 'ok' | 'error'; next?: { href: string; label: string } } = {}): void {
  page(res, status, 'message', { title, message, kind: opts.kind ?? 'error', next: opts.next });
}
