/** The entity pages' forms (creation, structure, reminder plan) read into what the entities service takes. */
import type { RuleViolation } from '../../domain/validation';
import { str } from './fields';

type Body = Record<string, unknown>;

const text = (body: Body, k: string) => (str(body[k]) ?? '').trim();
/** A list typed in one field, its items separated by commas, semicolons or spaces. */
const several = (v: unknown) => (str(v) ?? '').split(/[\s,;]+/).filter(Boolean);
/** A whole number, or what was typed when it is not one, so the schema refuses it under the field's name. */
const whole = (s: string): number | string => (/^\d+$/.test(s) ? Number(s) : s);

/** The fields only the platform admin sets (`entity.manage`). */
export function structureOf(body: Body) {
  return {
    name: text(body, 'name'),
    profile: text(body, 'profile'),
    location: text(body, 'location'),
    supervisorEmail: text(body, 'supervisorEmail'),
    emailDomains: several(body.emailDomains),
    officialHosts: several(body.officialHosts),
    // Blank keeps the default numbering (the id in capitals, «OC»): sent only when typed.
    ...(text(body, 'acronym') ? { acronym: text(body, 'acronym') } : {}),
    ...(text(body, 'officeCode') ? { officeCode: text(body, 'officeCode') } : {}),
  };
}

export const entityCreateOf = (body: Body) => ({ id: text(body, 'id'), ...structureOf(body) });

/** What differs from the entity as it is, so the audit trail and the running processes hear of real changes only. */
export function changesFrom<T extends object>(typed: T, current: object): Partial<T> {
  const now = current as Record<string, unknown>;
  return Object.fromEntries(Object.entries(typed).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(now[k] ?? (Array.isArray(v) ? [] : null)))) as Partial<T>;
}

/** The reminder plan's form: reminders as a list of business days, escalation and repetition left out when blank. */
export function planOf(body: Body) {
  const escalate = text(body, 'escalateAfter');
  const repeat = text(body, 'repeatEvery');
  return { remindAfter: several(body.remindAfter).map(whole), ...(escalate ? { escalateAfter: whole(escalate) } : {}), ...(repeat ? { repeatEvery: whole(repeat) } : {}) };
}

/** A list's items are typed in one input: `emailDomains.2` is shown at `emailDomains`. */
export const withoutIndexes = (field: string) => field.split('.').filter((s) => !/^\d+$/.test(s)).join('.');

/** Violations renamed to the input that shows them (ids must be unique on a page of several forms). */
export const shownAt = (errors: RuleViolation[], rename: (field: string) => string): RuleViolation[] =>
  errors.map((e) => (e.field.startsWith('(') ? e : { ...e, field: rename(e.field) }));
