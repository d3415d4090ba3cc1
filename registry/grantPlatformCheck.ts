import type { Connection } from 'mongoose';
import {
  agencyStillListed,
  NO_AGENCY_LIST_REASON,
  NO_PLATFORM_ID_REASON,
  NO_TOKEN_REASON,
  type GrantPlatformCheck,
} from '../domain/grantPlatformCheck';
import { accountModel } from '../infra/models/account';
import { agencyGrantModel } from '../infra/models/agencyGrant';
import { createGraphClient, type GraphClientOptions } from '../infra/meta/graph';
import type { MetaConnections } from './metaConnections';

/**
 * Whether the grant's agency still holds access on its account, read on Meta (issue 17 §1; PCM 6.1.2.10).
 * Only a Facebook page lists its agencies (`/{page-id}/agencies`); an Instagram account, X, TikTok and
 * YouTube do not, so their check stays manual, as does one without the entity's token or the account's
 * platform id — and then Meta is not called. A Graph failure propagates (`GraphFailure`): the caller
 * decides whether to retry. I/O: called from activities only. `undefined` when the grant is gone.
 */
export async function readGrantOnPlatform(
  deps: { db: Connection; connections?: MetaConnections; graph?: Omit<GraphClientOptions, 'token'> },
  grantId: string,
  now: Date,
): Promise<GrantPlatformCheck | undefined> {
  const grant = await agencyGrantModel(deps.db).findById(grantId).lean();
  if (!grant) return undefined;
  const checkedAt = now.toISOString();
  const manual = (reason: string): GrantPlatformCheck => ({ state: 'manual', checkedAt, reason });
  const token = deps.connections && deps.graph ? await deps.connections.token(grant.entityId) : undefined;
  if (!token || !deps.graph) return manual(NO_TOKEN_REASON);
  const account = await accountModel(deps.db).findById(grant.accountId).lean();
  if (!account || account.network !== 'facebook') return manual(NO_AGENCY_LIST_REASON);
  if (!account.platformId) return manual(NO_PLATFORM_ID_REASON);
  const access = await createGraphClient({ ...deps.graph, token }).pageAccess(account.platformId);
  const agency = agencyStillListed(grant, access.agencies);
  return agency ? { state: 'still-present', checkedAt, agency } : { state: 'gone', checkedAt };
}

/** Keeps the check's outcome on the grant's row, which the grant's page reads. False when the row is gone. */
export async function recordGrantPlatformCheck(db: Connection, grantId: string, check: GrantPlatformCheck): Promise<boolean> {
  const { matchedCount } = await agencyGrantModel(db).updateOne({ _id: grantId }, { $set: { platformCheck: check } });
  return matchedCount > 0;
}
