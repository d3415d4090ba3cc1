import type { Connection } from 'mongoose';
import { platformAnomalies, platformListsRoles, type PlatformAnomaly, type PlatformHolder, type PlatformReading } from '../domain/platformRoles';
import { trusted } from '../infra/db';
import { accountModel, LIVE_STATUSES } from '../infra/models/account';
import { agencyGrantModel, toGrantSummary } from '../infra/models/agencyGrant';
import { createGraphClient, GraphFailure, type GraphAccess, type GraphClientOptions } from '../infra/meta/graph';
import type { MetaConnections } from './metaConnections';
import type { Registry } from './reads';
import { toRoster } from './roleReviewSnapshot';

/** One account's outcome: read (with its anomalies), or why not. */
export type PlatformAccountCheck =
  | { accountId: string; network: string; username: string; state: 'read'; reading: PlatformReading; anomalies: PlatformAnomaly[] }
  | { accountId: string; network: string; username: string; state: 'no-list' | 'no-platform-id' }
  | { accountId: string; network: string; username: string; state: 'failed'; failure: string; message: string };

/** An entity's platform check: `manual` when it has no Meta token (the review stays as today). */
export type PlatformCheck = { state: 'manual' } | { state: 'checked'; accounts: PlatformAccountCheck[] };

const holdersOf = (access: GraphAccess): PlatformHolder[] => [
  ...access.assignedUsers.map((u) => ({ id: u.id, name: u.name, tasks: u.tasks, kind: u.userType === 'SYSTEM_USER' ? ('system-user' as const) : ('business-user' as const), ...(u.email ? { email: u.email } : {}) })),
  ...access.people.map((u) => ({ id: u.id, name: u.name, tasks: u.tasks, kind: 'person' as const, ...(u.email ? { email: u.email } : {}) })),
];

/**
 * Reads, for each live Facebook and Instagram account of the entity with a platform id, who holds access
 * on Meta and holds it against the registry and the account's grants (issue 17 §1; PCM 6.1.2.11). Called
 * from activities only: it is I/O. A Graph failure of one account is recorded on it, except a token
 * failure (expired, permission), which is the same for every account and ends the read; a rate limit
 * propagates so the activity retries later.
 */
export async function checkPlatformRoles(
  deps: { db: Connection; registry: Registry; connections: MetaConnections; graph: Omit<GraphClientOptions, 'token'> },
  entityId: string,
  today: string,
  opts: { accountIds?: string[] } = {},
): Promise<PlatformCheck> {
  const token = await deps.connections.token(entityId);
  if (!token) return { state: 'manual' };
  const entity = await deps.registry.entity(entityId);
  if (!entity) return { state: 'manual' };
  const client = createGraphClient({ ...deps.graph, token });
  const [accounts, grants, roster] = await Promise.all([
    accountModel(deps.db).find({ entityId, status: trusted({ $in: LIVE_STATUSES }) }).sort({ _id: 1 }).lean(),
    agencyGrantModel(deps.db).find({ entityId }).lean(),
    deps.registry.roster(entityId),
  ]);
  const team = roster.filter((r) => r.role === 'team').map((r) => r.email);
  const out: PlatformAccountCheck[] = [];
  try {
    for (const a of accounts) {
      if (opts.accountIds && !opts.accountIds.includes(a._id)) continue;
      const base = { accountId: a._id, network: a.network, username: a.username };
      if (!platformListsRoles(a.network)) {
        out.push({ ...base, state: 'no-list' });
        continue;
      }
      if (!a.platformId) {
        out.push({ ...base, state: 'no-platform-id' });
        continue;
      }
      try {
        const access = a.network === 'facebook' ? await client.pageAccess(a.platformId) : await client.instagramAccess(a.platformId);
        const reading: PlatformReading = {
          accountId: a._id,
          name: access.node.name,
          ...(access.node.username ? { username: access.node.username } : {}),
          holders: holdersOf(access),
          agencies: access.agencies,
        };
        const anomalies = platformAnomalies({
          profile: entity.profile,
          supervisorEmail: entity.supervisorEmail,
          account: toRoster(a),
          reading,
          grants: grants.filter((g) => g.accountId === a._id).map(toGrantSummary),
          team,
          today,
        });
        out.push({ ...base, state: 'read', reading, anomalies });
      } catch (err) {
        if (!(err instanceof GraphFailure) || err.kind !== 'invalid') throw err;
        out.push({ ...base, state: 'failed', failure: err.kind, message: err.message });
      }
    }
  } catch (err) {
    await deps.connections.recordRead(entityId, err instanceof GraphFailure ? err.message : 'Error inesperado al leer Meta.');
    throw err;
  }
  await deps.connections.recordRead(entityId, undefined);
  return { state: 'checked', accounts: out };
}
