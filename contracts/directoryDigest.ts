/**
 * SCS's daily digest of changes to the Anexo 4 directory (workflows/directoryDigest.ts; PCM 6.3.5, 7.3:
 * the directory is "actualizada continuamente"): one scheduler per deployment, its input, status, and
 * what the day's changes look like when they reach the texts.
 */
import { defineQuery } from '@temporalio/workflow';
import type { Network } from '../domain/networks';

/** The one scheduler of a deployment: every supervised entity's changes go through it. */
export const DIRECTORY_DIGEST_WORKFLOW_ID = 'directorio-scs';

/** `DIRECTORY_DIGEST_WORKFLOW_ID` and nothing else. */
export const isDirectoryDigestId = (id: string): boolean => id === DIRECTORY_DIGEST_WORKFLOW_ID;

export interface DirectoryDigestInput {
  /** The last day (`YYYY-MM-DD`, Lima) whose digest this scheduler went through; absent for a new one. */
  lastDay?: string;
  cycle?: number;
}

export interface DirectoryDigestStatus {
  cycle: number;
  lastDay?: string;
  /** The day whose digest comes next, and when it goes out (ISO). */
  nextDay?: string;
  nextAt?: string;
}

export const directoryDigestStatusQuery = defineQuery<DirectoryDigestStatus>('directoryDigestStatus');

/** The audit actions the digest tells SCS: changes to an account of the directory, or to the people who answer for it. */
export const DIRECTORY_CHANGE_ACTIONS = [
  'account.activated', 'account.registered', 'account.updated', 'account.status.changed', 'account.roles.changed', 'account.renamed', 'roster.added', 'roster.changed',
] as const;
export type DirectoryChangeAction = (typeof DIRECTORY_CHANGE_ACTIONS)[number];

/** One change as the audit trail recorded it, with the account or person it was about. */
export interface DirectoryChange {
  /** ISO instant, and its Lima hour as people read it («09:15»). */
  at: string;
  time: string;
  action: DirectoryChangeAction;
  /** Who made it: an address, or absent when a process did. */
  by?: string;
  account?: { username: string; network: Network };
  /** The person a roster change was about; `name` as the registry has it, when it still has them. */
  person?: { name?: string; email: string };
  detail?: string;
}

/** One supervisor address's digest of a day: each entity it supervises that had changes, with them in order. */
export interface SupervisorDigest {
  address: string;
  day: string;
  entities: Array<{ id: string; name: string; changes: DirectoryChange[]; more: number }>;
}
