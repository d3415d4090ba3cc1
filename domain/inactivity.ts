/**
 * Accounts left without publications (PCM 5.2.5: accounts keep a frequency and continuity; creating one
 * for a campaign and then abandoning it is forbidden). Judged from the imported exports only, so what
 * Custodio cannot see is never called abandoned:
 * - an account with no confirmed export is «sin medir»;
 * - otherwise the silence runs from its last imported publication (or, with none, from the day it
 *   entered Custodio) to the day of its newest export, which would have listed any later post;
 * - the account is flagged once that silence reaches the entity's period (default 60 days).
 * A flag for the account page and the monthly evaluation, never a block. Pure: callers pass the facts.
 */
import { z } from 'zod';
import { limaDate } from './businessDays';

export const INACTIVITY_CLAUSE = 'PCM 5.2.5';
export const INACTIVITY_DEFAULT_DAYS = 60;
export const INACTIVITY_MIN_DAYS = 14;
export const INACTIVITY_MAX_DAYS = 365;

export interface InactivityFacts {
  /** The account's last imported publication, if any. */
  lastPublishedAt?: Date;
  /** `YYYY-MM-DD`: the day its newest confirmed export is as of; absent when none was imported. */
  exportedOn?: string;
  /** When the account entered Custodio. */
  activatedAt: Date;
}

/** `since`: the day the silence runs from (the last publication, or the day it entered Custodio). */
export type Inactivity =
  | { state: 'unmeasured' }
  | { state: 'active' | 'inactive'; lastPublishedOn?: string; since: string; exportedOn: string; silentDays: number };

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** Where the account stands under PCM 5.2.5 with a period of `days`. */
export function inactivityOf(f: InactivityFacts, days: number): Inactivity {
  if (!f.exportedOn) return { state: 'unmeasured' };
  const lastPublishedOn = f.lastPublishedAt ? limaDate(f.lastPublishedAt) : undefined;
  const since = lastPublishedOn ?? limaDate(f.activatedAt);
  const silentDays = Math.max(0, daysBetween(since, f.exportedOn));
  return { state: silentDays >= days ? 'inactive' : 'active', ...(lastPublishedOn ? { lastPublishedOn } : {}), since, exportedOn: f.exportedOn, silentDays };
}

/** The head's decision to keep a silent account and reactivate it, with what will be published (PCM 5.2.5). */
export interface Reactivation {
  by: string;
  /** ISO instant. */
  at: string;
  plan: string;
}

/**
 * A reactivation answers the silence it was decided in: while the account stays silent, it stands until a
 * whole period has passed since the decision without a publication; then the head is asked again.
 */
export function reactivationStands(i: Inactivity, r: Reactivation | undefined, days: number): boolean {
  if (!r || i.state !== 'inactive') return false;
  const decided = limaDate(new Date(r.at));
  return decided >= i.since && daysBetween(decided, i.exportedOn) < days;
}

/** The stored decision (a registry row's `reactivation`) as the rules read it. */
export const reactivationOf = (a: { reactivation?: { by: string; at: Date; plan: string } | null }): Reactivation | undefined =>
  a.reactivation ? { by: a.reactivation.by, at: a.reactivation.at.toISOString(), plan: a.reactivation.plan } : undefined;

/** The head's reactivation must say what will be published, and when. */
export const reactivationSchema = z
  .object({ plan: z.string({ error: 'Indique qué se publicará y desde cuándo.' }).trim().min(20, 'Describa en al menos 20 caracteres qué se publicará y desde cuándo.').max(1000, 'Use como máximo 1000 caracteres.') })
  .strict();

/** The flag in Spanish, with the clause; undefined when there is nothing to flag. A standing reactivation replaces the call to decide. */
export function inactivityMessage(i: Inactivity, day: (ymd: string) => string, reactivation?: Reactivation, days = INACTIVITY_DEFAULT_DAYS): string | undefined {
  const fact = inactivityFact(i, day);
  if (!fact) return undefined;
  if (reactivation && reactivationStands(i, reactivation, days)) {
    return `${fact} El/la titular decidió reactivarla el ${day(limaDate(new Date(reactivation.at)))}: «${reactivation.plan}» (${INACTIVITY_CLAUSE}).`;
  }
  return `${fact} Las cuentas mantienen frecuencia y continuidad: decida reactivarla o cerrarla (${INACTIVITY_CLAUSE}).`;
}

/** The flag as a fact, without the call to decide: what a closure records of it. */
export function inactivityFact(i: Inactivity, day: (ymd: string) => string): string | undefined {
  if (i.state !== 'inactive') return undefined;
  const from = i.lastPublishedOn ? `desde su última publicación importada, del ${day(i.lastPublishedOn)}` : `desde que entró a Custodio, el ${day(i.since)}, sin ninguna publicación importada`;
  return `Sin publicaciones ${i.silentDays} días (${from}, hasta la exportación del ${day(i.exportedOn)}).`;
}
