import { join } from 'node:path';
import { Eta } from 'eta';
import type { Response } from 'express';
import { urls } from '../infra/urls';

const eta = new Eta({ views: join(__dirname, 'views'), cache: process.env.NODE_ENV === 'production', autoEscape: true });

const limaFormat = new Intl.DateTimeFormat('es-PE', { timeZone: 'America/Lima', dateStyle: 'long', timeStyle: 'short' });

/** Lima date and time of an ISO instant, as staff read it. */
export const fmt = (iso: string) => `${limaFormat.format(new Date(iso))}`;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Renders a Spanish page with the shared helpers every template may use (`fmt`, `esc`, `urls`), plus `res.locals` (who is signed in, the CSRF token). */
export function page(res: Response, status: number, view: string, data: Record<string, unknown>): void {
  res.status(status).type('html').send(eta.render(view, { fmt, esc, urls, ...res.locals, ...data }));
}

/** A one-message page: confirmations, refusals and errors. */
export function messagePage(res: Response, status: number, title: string, message: string, opts: { kind?: 'ok' | 'error'; next?: { href: string; label: string } } = {}): void {
  page(res, status, 'message', { title, message, kind: opts.kind ?? 'error', next: opts.next });
}
