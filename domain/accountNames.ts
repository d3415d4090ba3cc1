/**
 * An account's page name and username (PCM 6.1.2.7; Anexo 1, TERCERA): neither changes without the
 * head's prior approval, for the account could lose its verification badge. A rename is asked through
 * «Cambio de nombre o usuario» (workflows/nameChange.ts); what the platform shows is held against the
 * registry and the approved requests, and a difference nobody approved alerts the head.
 */
import { z } from 'zod';
import { usernameViolation } from './accountProposal';
import type { RuleViolation } from './validation';

export const RENAME_CLAUSE = 'PCM 6.1.2.7';

/** The names of an account: the page (display) name and the username (handle, without «@»). */
export interface AccountNames {
  name?: string;
  username: string;
}

/** What a rename request proposes: a new name, a new username, or both. */
export interface ProposedNames {
  name?: string;
  username?: string;
}

/** A name or username the platform shows that neither the registry nor an approved request accounts for. */
export interface UnapprovedRenameFinding {
  field: 'name' | 'username';
  /** What the registry holds; absent when it never knew the page name. */
  registry?: string;
  observed: string;
  clause: typeof RENAME_CLAUSE;
  /** Spanish, for the head's alert. */
  message: string;
}

/**
 * Usernames compare as the networks resolve them (case-insensitive, without «@»); a case-only change
 * (6.1.1.8 asks for mixed case) is a change of spelling, not of account.
 */
export const sameUsername = (a: string, b: string): boolean => normalUsername(a) === normalUsername(b);
export const normalUsername = (u: string): string => u.trim().replace(/^@/, '').toLowerCase();

/** Page names compare as people read them: surrounding and repeated spaces are no change; case and accents are. */
export const sameName = (a: string, b: string): boolean => normalName(a) === normalName(b);
export const normalName = (n: string): string => n.normalize('NFC').trim().replace(/\s+/g, ' ');

/**
 * PCM 6.1.2.7: what the platform shows that differs from the registry without an approved request.
 * `approved` holds what approved requests proposed (approved, whether or not the CM confirmed it yet:
 * the platform may show the new name before Custodio hears it was done). A page name the registry never
 * held is not a rename: there is nothing to compare it with, so it is not reported.
 */
export function unapprovedRename(registry: AccountNames, observed: AccountNames, approved: ProposedNames[]): UnapprovedRenameFinding[] {
  const out: UnapprovedRenameFinding[] = [];
  if (!sameUsername(registry.username, observed.username) && !approved.some((a) => a.username !== undefined && sameUsername(a.username, observed.username))) {
    const shown = normalUsername(observed.username);
    out.push({
      field: 'username',
      registry: registry.username,
      observed: shown,
      clause: RENAME_CLAUSE,
      message: `El usuario de la cuenta figura en la red como «${shown}», pero en Custodio es «${registry.username}» y no hay un cambio aprobado por el/la titular (${RENAME_CLAUSE}).`,
    });
  }
  if (registry.name !== undefined && observed.name !== undefined && !sameName(registry.name, observed.name) && !approved.some((a) => a.name !== undefined && sameName(a.name, observed.name!))) {
    const shown = normalName(observed.name);
    out.push({
      field: 'name',
      registry: registry.name,
      observed: shown,
      clause: RENAME_CLAUSE,
      message: `El nombre de la página figura en la red como «${shown}», pero en Custodio es «${registry.name}» y no hay un cambio aprobado por el/la titular (${RENAME_CLAUSE}).`,
    });
  }
  return out;
}

const text = (min: number, max: number, message: string) => z.string().trim().min(min, message).max(max, `Use como máximo ${max} caracteres.`);
const optional = <T extends z.ZodType>(s: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), s.optional());

/** What a CM (or head) asks: the proposed name and/or username and why. */
export const nameChangeSchema = z
  .object({
    name: optional(text(2, 100, 'Indique el nombre de la página (al menos 2 caracteres).')),
    username: optional(z.string().trim().max(30, 'Use como máximo 30 caracteres.').transform((u) => u.replace(/^@/, ''))),
    reason: text(10, 1000, 'Explique el motivo del cambio (al menos 10 caracteres).'),
  })
  .strict();
export type NameChangeProposal = z.infer<typeof nameChangeSchema>;

/**
 * Rules on a proposal against the account's current names: something must change, and a new
 * username follows PCM 6.1.1.8 like a new account's.
 */
export function nameChangeViolations(p: NameChangeProposal, current: AccountNames): RuleViolation[] {
  const out: RuleViolation[] = [];
  const newName = p.name !== undefined && (current.name === undefined || !sameName(p.name, current.name));
  const newUsername = p.username !== undefined && p.username !== current.username;
  if (!newName && !newUsername) {
    out.push({ field: 'username', rule: RENAME_CLAUSE, message: 'Indique un nombre de página o un usuario distinto del actual.' });
  }
  if (p.username !== undefined && newUsername) {
    const problem = usernameViolation(p.username);
    if (problem) out.push({ field: 'username', rule: 'PCM 6.1.1.8', message: problem });
  }
  return out;
}

/** Only what changes: a field equal to the current one is not part of the request. */
export function proposedChanges(p: NameChangeProposal, current: AccountNames): ProposedNames {
  return {
    ...(p.name !== undefined && (current.name === undefined || !sameName(p.name, current.name)) ? { name: normalName(p.name) } : {}),
    ...(p.username !== undefined && p.username !== current.username ? { username: p.username } : {}),
  };
}
