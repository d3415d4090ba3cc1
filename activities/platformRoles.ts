/**
 * The monthly review's read of the platforms (issue 17 §1; PCM 6.1.2.11): who holds access on each
 * Facebook page and Instagram account, held against the registry, and the page's name and username
 * handed to the unapproved-rename check (PCM 6.1.2.7). The workflow records the answer in its history,
 * so a replay never reads Meta again.
 */
import { Context } from '@temporalio/activity';
import type { Connection } from 'mongoose';
import { PLATFORM_READ_ATTEMPTS } from '../contracts/roleReview';
import type { AccountNames } from '../domain/accountNames';
import { limaDate } from '../domain/businessDays';
import type { GrantPlatformCheck } from '../domain/grantPlatformCheck';
import { NO_LIST_MESSAGE, NO_PLATFORM_ID_MESSAGE, type PlatformAccountRead, type PlatformReview } from '../domain/platformRoles';
import { GraphFailure } from '../infra/meta/graph';
import { TokenUnreadable } from '../infra/meta/tokenCipher';
import type { MetaConnections } from '../registry/metaConnections';
import { readGrantOnPlatform, recordGrantPlatformCheck } from '../registry/grantPlatformCheck';
import { checkPlatformRoles } from '../registry/platformRoles';
import type { Registry } from '../registry/reads';

export interface PlatformRoleActivityDeps {
  db: Connection;
  registry: Registry;
  /** Absent when this process has no Meta settings: every review stays manual. */
  meta?: { connections: MetaConnections; graph: { baseUrl: string; version: string } };
  /** activities/nameChange.ts: alerts the head once per name or username nobody approved. */
  alertUnapprovedRename: (input: { accountId: string; observed: AccountNames }) => Promise<unknown>;
  now?: () => Date;
}

const UNREADABLE = 'El token de Meta guardado no se puede descifrar con las claves configuradas: la jefatura debe registrarlo de nuevo.';

const attempt = () => {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1; // called outside an activity (a test): one attempt
  }
};

export function createPlatformRoleActivities(deps: PlatformRoleActivityDeps) {
  const clock = deps.now ?? (() => new Date());
  return {
    /**
     * The entity's platform read for the month's review. A token that expired or lacks a permission,
     * or a rate limit that outlasts the attempts, opens the review with the reason instead of holding it.
     */
    async readPlatformRoles(input: { entityId: string }): Promise<PlatformReview> {
      if (!deps.meta) return { state: 'manual' };
      let check;
      try {
        check = await checkPlatformRoles({ db: deps.db, registry: deps.registry, connections: deps.meta.connections, graph: deps.meta.graph }, input.entityId, limaDate(clock()));
      } catch (err) {
        if (err instanceof TokenUnreadable) return { state: 'failed', message: UNREADABLE };
        if (!(err instanceof GraphFailure)) throw err;
        if (err.retryable && attempt() < PLATFORM_READ_ATTEMPTS) throw err;
        return { state: 'failed', message: err.message };
      }
      if (check.state === 'manual') return check;
      const accounts: PlatformAccountRead[] = [];
      for (const a of check.accounts) {
        const base = { accountId: a.accountId, network: a.network as PlatformAccountRead['network'], username: a.username };
        if (a.state === 'read') {
          // PCM 6.1.2.7: the name or username on the platform that nobody approved alerts the head (once per value).
          await deps.alertUnapprovedRename({ accountId: a.accountId, observed: { username: a.reading.username ?? a.username, name: a.reading.name } });
          accounts.push({ ...base, state: 'read' });
        } else if (a.state === 'failed') accounts.push({ ...base, state: 'failed', message: a.message });
        else accounts.push({ ...base, state: a.state, message: a.state === 'no-list' ? NO_LIST_MESSAGE : NO_PLATFORM_ID_MESSAGE });
      }
      return { state: 'checked', accounts, anomalies: check.accounts.flatMap((a) => (a.state === 'read' ? a.anomalies : [])) };
    },

    /**
     * The check at a grant's end (issue 17 §1; PCM 6.1.2.10): whether Meta still lists the agency on the
     * account, kept on the grant's row. A rate limit retries like the review's read; what outlasts the
     * attempts, or needs someone to act (token, permission, id), is recorded as `failed` with its reason.
     * `undefined` when the grant left the registry.
     */
    async checkGrantOnPlatform(input: { grantId: string }): Promise<GrantPlatformCheck | undefined> {
      let check: GrantPlatformCheck | undefined;
      try {
        check = await readGrantOnPlatform({ db: deps.db, ...(deps.meta ? { connections: deps.meta.connections, graph: deps.meta.graph } : {}) }, input.grantId, clock());
      } catch (err) {
        if (!(err instanceof TokenUnreadable) && !(err instanceof GraphFailure)) throw err;
        if (err instanceof GraphFailure && err.retryable && attempt() < PLATFORM_READ_ATTEMPTS) throw err;
        check = { state: 'failed', checkedAt: clock().toISOString(), reason: err instanceof TokenUnreadable ? UNREADABLE : err.message };
      }
      if (!check) return undefined;
      return (await recordGrantPlatformCheck(deps.db, input.grantId, check)) ? check : undefined;
    },
  };
}
