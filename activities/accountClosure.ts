/**
 * The I/O of «cierre de cuenta» (workflows/accountClosure.ts; PCM 5.2.5, SENACE 7.2): the request's row
 * and account, the row's moves (each a `$set`, so a retry writes the same thing), and the closure itself
 * once the CM confirmed it on the platform: the account retired through its retirement row (final, like
 * every retirement), its page roles and password holders cleared, the last change of password in the
 * rotation history, and the status change in the audit trail (which tells SCS's daily directory digest).
 */
import type { Connection } from 'mongoose';
import { closureClause, closureRotationReason } from '../domain/accountClosure';
import type { Contact, EntityPolicy } from '../domain/entity';
import { accountModel } from '../infra/models/account';
import { accountClosureModel, type AccountClosureState } from '../infra/models/accountClosure';
import { rotationModel } from '../infra/models/rotation';
import type { AuditTrail } from '../registry/audit';
import { PROFILES, type PolicyProfileId } from '../domain/policyProfiles';
import type { PolicyLookup, Registry } from '../registry/reads';
import { retireAccount } from '../registry/retirement';
import { accountLabel } from './nameChange';

export interface AccountClosureContext {
  /** False when the request's row, its account or its entity is gone: the process closes. */
  exists: boolean;
  /** Absent while the roster lacks a head, second or CM. */
  entity?: EntityPolicy;
  accountId: string;
  /** e.g. `CulturaPeru (Facebook)`. */
  label: string;
  requester: Contact;
  reason: string;
  inactivity?: string;
  requestedAt: string;
  /** The clause the closure answers to under the entity's profile (domain/accountClosure.ts). */
  clause: string;
  /** Where the acta goes: SCS for the profiles it supervises (PCM 2). */
  supervised: boolean;
  /** The governing document's title, for the acta. */
  document: string;
}

export interface RecordAccountClosureInput {
  requestId: string;
  state: AccountClosureState;
  decidedBy?: string;
  decidedAt?: string;
  decisionReason?: string;
  recordCode?: string;
}

export interface CloseAccountInput {
  requestId: string;
  /** Who confirmed the closure on the platform, and when. */
  by: string;
  at: string;
  note?: string;
}

export interface AccountClosureActivityDeps {
  db: Connection;
  registry: Pick<Registry, 'policy' | 'roster'>;
  audit: Pick<AuditTrail, 'recordOnce'>;
}

/** The entity's profile whether or not its roster is complete; PCM's for an entity that is gone. */
const profileOf = (p: PolicyLookup | undefined): PolicyProfileId => (p && 'doc' in p ? p.doc.profile : 'PCM');

export function createAccountClosureActivities(deps: AccountClosureActivityDeps) {
  const closures = accountClosureModel(deps.db);
  const accounts = accountModel(deps.db);
  const rotations = rotationModel(deps.db);

  return {
    async accountClosureContext(input: { requestId: string }): Promise<AccountClosureContext> {
      const row = await closures.findById(input.requestId).lean();
      const account = row ? await accounts.findById(row.accountId).lean() : null;
      const policy = row ? await deps.registry.policy(row.entityId) : undefined;
      const profile = profileOf(policy);
      const base = {
        accountId: row?.accountId ?? '',
        label: account ? accountLabel(account) : '',
        reason: row?.reason ?? '',
        ...(row?.inactivity ? { inactivity: row.inactivity } : {}),
        requestedAt: (row?.requestedAt ?? new Date(0)).toISOString(),
        clause: closureClause(profile),
        supervised: PROFILES[profile].supervisedByScs,
        document: PROFILES[profile].document,
      };
      if (!row || !account || !policy || (!policy.ok && policy.reason === 'unknown')) {
        return { exists: false, requester: { name: row?.requestedBy ?? '', email: row?.requestedBy ?? '' }, ...base };
      }
      const person = (await deps.registry.roster(row.entityId)).find((r) => r.email === row.requestedBy);
      return { exists: true, ...(policy.ok ? { entity: policy.policy } : {}), requester: { name: person?.name ?? row.requestedBy, email: row.requestedBy }, ...base };
    },

    async recordAccountClosure(input: RecordAccountClosureInput): Promise<void> {
      const { requestId, decidedAt, ...rest } = input;
      await closures.updateOne({ _id: requestId }, { $set: { ...rest, ...(decidedAt ? { decidedAt: new Date(decidedAt) } : {}) } });
    },

    /**
     * The CM confirmed the account closed on the platform: the registry follows. Run twice, it changes
     * nothing: the retirement row, the rotation row and the audit entry are each written once.
     */
    async closeAccount(input: CloseAccountInput): Promise<{ closed: boolean }> {
      const row = await closures.findById(input.requestId).lean();
      const account = row ? await accounts.findById(row.accountId).lean() : null;
      if (!row || !account) return { closed: false };
      const policy = await deps.registry.policy(row.entityId);
      const clause = closureClause(profileOf(policy));
      const at = new Date(input.at);
      const before = account.status;
      const { retirement } = await retireAccount(deps.db, { accountId: account._id, reason: `${closureRotationReason(clause)}: ${row.reason}`, by: row.decidedBy ?? input.by, at });
      await accounts.updateOne({ _id: account._id }, { $set: { roles: [] }, $unset: { passwordHolders: 1 } });
      const last = await rotations.find({ accountId: account._id }, { cycle: 1 }).sort({ cycle: -1 }).limit(1).lean();
      await rotations.updateOne(
        { _id: `${account._id}:cierre` },
        {
          $setOnInsert: {
            accountId: account._id, entityId: account.entityId, cycle: (last[0]?.cycle ?? 0) + 1, dueAt: at, confirmedAt: at, confirmedBy: input.by, reason: closureRotationReason(clause),
          },
        },
        { upsert: true },
      );
      if (row.state !== 'closed') {
        await closures.updateOne({ _id: row._id }, { $set: { state: 'closed', closedBy: input.by, closedAt: at, ...(input.note ? { note: input.note } : {}) } });
      }
      await deps.audit.recordOnce(
        `account.closed/${row._id}`,
        {
          action: 'account.status.changed', actor: { kind: 'process', email: input.by }, entityId: row.entityId, accountId: row.accountId, workflowId: row.workflowId,
          detail: `${before === 'retired' ? 'retired' : before} → retired: ${retirement.reason}; aprobó: ${row.decidedBy ?? '—'}; cerró en la red: ${input.by}`,
        },
        at,
      );
      return { closed: true };
    },
  };
}
