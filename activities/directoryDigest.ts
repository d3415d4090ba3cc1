/**
 * The I/O of SCS's daily directory digest (workflows/directoryDigest.ts; PCM 6.3.5, 7.3): when the next
 * digest goes out, and what changed in the day's window, read from the audit trail — the one record every
 * change to an account or to its office's people already writes — grouped by supervisor address and
 * entity. Dates are written out here, never in workflow code.
 */
import type { Model } from 'mongoose';
import {
  DIRECTORY_CHANGE_ACTIONS,
  type DirectoryChange,
  type DirectoryChangeAction,
  type SupervisorDigest,
} from '../contracts/directoryDigest';
import type { EntityRole } from '../domain/access';
import { digestWindow, nextDigest } from '../domain/directory';
import { PROFILES } from '../domain/policyProfiles';
import { trusted } from '../infra/db';
import { writtenDay, writtenInstant } from '../infra/limaTime';
import type { AccountDoc } from '../infra/models/account';
import type { AuditAction, AuditDoc } from '../infra/models/audit';
import type { EntityDoc } from '../infra/models/entity';
import type { PersonDoc } from '../infra/models/person';
import type { Registry } from '../registry/reads';

/** When the next digest goes out, with the clock it was computed against (the workflow waits `at − now`). */
export interface DirectoryDigestSchedule {
  now: string;
  day: string;
  at: string;
}

/** The day's digests and how the day is written, for the texts. */
export interface DirectoryDigestDay {
  day: string;
  /** «domingo 3 de enero de 2027, 18:00» and «lunes 4 de enero de 2027, 18:00»: the window, in Lima. */
  fromLabel: string;
  toLabel: string;
  /** «lunes 4 de enero de 2027». */
  dayLabel: string;
  digests: SupervisorDigest[];
}

/** At most this many changes of one entity in an email; the rest are counted, and the directory shows them. */
export const DIGEST_CHANGES_PER_ENTITY = 40;

/** The office's people who answer for the accounts (PCM 5.2.4, 6.1.1.5, 6.2.1.2): their roster changes reach SCS. */
const ANSWERING_ROLES: readonly EntityRole[] = ['head', 'second', 'cm'];

// The contract names the actions as text; this keeps them the audit trail's own.
const ACTIONS: readonly AuditAction[] = DIRECTORY_CHANGE_ACTIONS satisfies readonly AuditAction[];

const hhmm = new Intl.DateTimeFormat('es-PE', { timeZone: 'America/Lima', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

export interface DirectoryDigestDeps {
  audit: Model<AuditDoc>;
  accounts: Model<AccountDoc>;
  people: Model<PersonDoc>;
  registry: Pick<Registry, 'entities'>;
  /** The clock; tests set it to run days from a chosen date. */
  now?: () => Date;
}

export function createDirectoryDigestActivities(deps: DirectoryDigestDeps) {
  const clock = deps.now ?? (() => new Date());

  /** A roster row is the directory's when it is about someone who answers for the accounts, now or before. */
  function answering(row: AuditDoc, person: Pick<PersonDoc, 'memberships'> | undefined, entityId: string): boolean {
    const roles = (person?.memberships ?? []).filter((m) => m.entityId === entityId).map((m) => m.role);
    const named = [...(row.detail ?? '').matchAll(/\b(head|second|cm)\b/g)].map((m) => m[1] as EntityRole);
    return [...roles, ...named].some((r) => ANSWERING_ROLES.includes(r));
  }

  async function changesOf(entity: EntityDoc, rows: AuditDoc[]): Promise<DirectoryChange[]> {
    const accountIds = [...new Set(rows.flatMap((r) => (r.accountId ? [r.accountId] : [])))];
    const emails = [...new Set(rows.flatMap((r) => (r.action.startsWith('roster.') && r.subject ? [r.subject.toLowerCase()] : [])))];
    const [accounts, people] = await Promise.all([
      accountIds.length ? deps.accounts.find({ _id: trusted({ $in: accountIds }) }, { username: 1, network: 1 }).lean() : [],
      emails.length ? deps.people.find({ email: trusted({ $in: emails }) }, { email: 1, name: 1, memberships: 1 }).lean() : [],
    ]);
    const accountOf = new Map(accounts.map((a) => [a._id, a]));
    const personOf = new Map(people.map((p) => [p.email, p]));
    const out: DirectoryChange[] = [];
    for (const row of rows) {
      const person = row.subject ? personOf.get(row.subject.toLowerCase()) : undefined;
      if (row.action.startsWith('roster.') && !answering(row, person, entity._id)) continue;
      const account = row.accountId ? accountOf.get(row.accountId) : undefined;
      out.push({
        at: row.at.toISOString(),
        time: hhmm.format(row.at),
        action: row.action as DirectoryChangeAction,
        ...(row.actor.email ? { by: row.actor.email } : {}),
        ...(account ? { account: { username: account.username, network: account.network } } : {}),
        ...(row.subject && row.action.startsWith('roster.') ? { person: { ...(person ? { name: person.name } : {}), email: row.subject.toLowerCase() } } : {}),
        ...(row.detail ? { detail: row.detail } : {}),
      });
    }
    return out;
  }

  return {
    /** The day whose digest comes next (domain/directory.ts `nextDigest`) and its instant, 18:00 Lima. */
    async directoryDigestSchedule(input: { lastDay?: string }): Promise<DirectoryDigestSchedule> {
      const now = clock();
      const next = nextDigest(now, input.lastDay);
      return { now: now.toISOString(), day: next.day, at: next.at.toISOString() };
    },

    /**
     * The changes of `day`'s window in every entity SCS supervises (PCM 2), one digest per supervisor
     * address; entities without changes are left out, and so is an address none of whose entities changed.
     * Reads the trail by entity and instant (its index), one entity at a time.
     */
    async directoryChanges(input: { day: string }): Promise<DirectoryDigestDay> {
      const { from, to } = digestWindow(input.day);
      const byAddress = new Map<string, SupervisorDigest>();
      for (const entity of await deps.registry.entities()) {
        if (!PROFILES[entity.profile].supervisedByScs) continue;
        const rows = await deps.audit
          .find({ entityId: entity._id, at: trusted({ $gte: from, $lt: to }), action: trusted({ $in: ACTIONS }) })
          .sort({ at: 1, _id: 1 })
          .lean();
        const changes = rows.length ? await changesOf(entity, rows) : [];
        if (!changes.length) continue;
        const address = entity.supervisorEmail.toLowerCase();
        const digest = byAddress.get(address) ?? { address, day: input.day, entities: [] };
        digest.entities.push({ id: entity._id, name: entity.name, changes: changes.slice(0, DIGEST_CHANGES_PER_ENTITY), more: Math.max(0, changes.length - DIGEST_CHANGES_PER_ENTITY) });
        byAddress.set(address, digest);
      }
      return {
        day: input.day,
        fromLabel: writtenInstant(from),
        toLabel: writtenInstant(to),
        dayLabel: writtenDay(input.day),
        digests: [...byAddress.values()].sort((a, b) => a.address.localeCompare(b.address)),
      };
    },
  };
}
