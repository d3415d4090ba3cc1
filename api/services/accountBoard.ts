import type { Connection } from 'mongoose';
import { can, requireIdentified } from '../../domain/access';
import { NETWORK_LABELS, type Network } from '../../domain/networks';
import { Refusal } from '../../domain/refusal';
import { countingStart } from '../../domain/rotation';
import { trusted } from '../../infra/db';
import { accountModel, rolesOf, type AccountStatus } from '../../infra/models/account';
import type { EntityDoc } from '../../infra/models/entity';
import { rotationModel } from '../../infra/models/rotation';
import type { Caller } from '../../registry/audit';
import type { Registry } from '../../registry/reads';
import { rotationDueFrom } from '../../registry/rotations';

export interface AccountBoardRow {
  id: string;
  network: Network;
  networkLabel: string;
  username: string;
  url?: string;
  status: AccountStatus;
  registered: boolean;
  roles: number;
  /** The last confirmed rotation (ISO), if any since Custodio governs it. */
  lastRotationAt?: string;
  /** When the next confirmation is due (ISO); absent for a retired account. */
  nextDueAt?: string;
  overdue: boolean;
}

export interface AccountBoard {
  entity: { id: string; name: string };
  /** Who confirms rotations (the community manager, else the head; PCM 6.2.3.1). */
  custodian?: { name: string; email: string };
  rows: AccountBoardRow[];
  /** Every account of the entity, before the filter. */
  total: number;
  /** Only overdue rotations are shown. */
  overdueOnly: boolean;
  canManage: boolean;
}

/** The registry's fields the schedule is counted from. */
type ScheduledEntity = Pick<EntityDoc, '_id' | 'profile' | 'nonWorkingDays'>;

/**
 * An entity's accounts with their rotation schedule, read from the registry alone (no process is asked,
 * so lists stay fast): the next due date counts from the last confirmed rotation, or else from
 * `countingStart`, with the same computation as the rotation process (`rotationDueFrom`). Two indexed
 * reads per entity (accounts by entity, rotations by account). Shared by the accounts page and the
 * supervision board, so both count overdue rotations alike.
 */
export function accountSchedule(db: Connection) {
  const accounts = accountModel(db);
  const rotations = rotationModel(db);

  return async (entity: ScheduledEntity, now = new Date()): Promise<AccountBoardRow[]> => {
    const docs = await accounts.find({ entityId: entity._id }).sort({ network: 1, username: 1 }).lean();
    if (!docs.length) return [];
    const last = new Map<string, Date>();
    const rows = await rotations.find({ accountId: trusted({ $in: docs.map((a) => a._id) }) }, { accountId: 1, confirmedAt: 1 }).lean();
    for (const r of rows) if (!last.has(r.accountId) || last.get(r.accountId)! < r.confirmedAt) last.set(r.accountId, r.confirmedAt);
    const decreed = entity.nonWorkingDays ?? [];
    return docs.map((a): AccountBoardRow => {
      const lastAt = last.get(a._id);
      let nextDueAt: Date | undefined;
      if (a.status !== 'retired') {
        const start = lastAt ? { from: lastAt, dueAtOnce: false } : countingStart(a);
        nextDueAt = start.dueAtOnce ? start.from : rotationDueFrom(start.from, entity.profile, decreed);
      }
      return {
        id: a._id, network: a.network, networkLabel: NETWORK_LABELS[a.network], username: a.username, ...(a.url ? { url: a.url } : {}),
        status: a.status, registered: a.origin === 'registered', roles: rolesOf(a).length,
        ...(lastAt ? { lastRotationAt: lastAt.toISOString() } : {}),
        ...(nextDueAt ? { nextDueAt: nextDueAt.toISOString() } : {}),
        overdue: a.status === 'active' && nextDueAt !== undefined && nextDueAt <= now,
      };
    });
  };
}

/** Which rows the accounts page shows: all, or only those whose password change is overdue (`?vencidas=1`). */
export interface AccountBoardFilter {
  overdueOnly?: boolean;
}

/** An entity's accounts page: its schedule, who confirms rotations, and whether the caller manages them. */
export function accountBoard(deps: { db: Connection; registry: Registry }) {
  const schedule = accountSchedule(deps.db);

  return async (entityId: string, caller: Caller, filter: AccountBoardFilter = {}, now = new Date()): Promise<AccountBoard> => {
    requireIdentified(caller.principal);
    const entity = await deps.registry.entity(String(entityId));
    if (!entity) throw new Refusal('not_found', 'No existe esa entidad.');
    const scope = { id: entity._id, profile: entity.profile };
    if (!can(caller.principal, 'account.read', scope)) throw new Refusal('forbidden', 'No tiene permiso para ver las cuentas de esta entidad.');

    const rows = await schedule(entity, now);
    const roster = await deps.registry.rosterAsOf(entity._id, entity.rosterRevision ?? 0);
    const custodian = roster.find((p) => p.role === 'cm') ?? roster.find((p) => p.role === 'head');

    return {
      entity: { id: entity._id, name: entity.name },
      ...(custodian ? { custodian: { name: custodian.name, email: custodian.email } } : {}),
      canManage: can(caller.principal, 'account.manage', scope),
      overdueOnly: filter.overdueOnly === true,
      total: rows.length,
      rows: filter.overdueOnly ? rows.filter((r) => r.overdue) : rows,
    };
  };
}

export type AccountBoardService = ReturnType<typeof accountBoard>;
