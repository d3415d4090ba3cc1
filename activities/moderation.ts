/**
 * What the head's email about a moderation record says (INPE 5.4.b: the record is supervised by the
 * head), read when the process sends it: the heads on the roster then, the record's facts in words.
 */
import type { Connection } from 'mongoose';
import type { Contact } from '../domain/entity';
import { MODERATION_ACTION_LABELS, MODERATION_REASON_LABELS } from '../domain/moderation';
import { NETWORK_LABELS } from '../domain/networks';
import { writtenInstant } from '../infra/limaTime';
import { accountModel } from '../infra/models/account';
import { moderationRecordModel } from '../infra/models/moderation';
import type { Registry } from '../registry/reads';

export interface ModerationNoticeContext {
  /** False when the record or the entity is gone, or the roster names no head: nothing to send. */
  exists: boolean;
  heads: Contact[];
  words: { entityName: string; account: string; action: string; reason: string; block: boolean; user: string; evidence: string[]; recordedBy: string; recordedAt: string };
}

export function createModerationActivities(deps: { db: Connection; registry: Registry }) {
  return {
    async moderationNoticeContext(input: { entityId: string; recordId: string }): Promise<ModerationNoticeContext> {
      const row = await moderationRecordModel(deps.db).findOne({ _id: input.recordId, entityId: input.entityId }).lean();
      const entity = await deps.registry.entity(input.entityId);
      const heads = entity ? (await deps.registry.roster(entity._id)).filter((p) => p.role === 'head').map((p) => ({ name: p.name, email: p.email })) : [];
      const empty = { entityName: '', account: '', action: '', reason: '', block: false, user: '', evidence: [], recordedBy: '', recordedAt: '' };
      if (!row || !entity) return { exists: false, heads: [], words: empty };
      const account = await accountModel(deps.db).findById(row.accountId).lean();
      return {
        exists: heads.length > 0,
        heads,
        words: {
          entityName: entity.name,
          account: account ? `${NETWORK_LABELS[account.network]} · ${account.username}` : row.accountId,
          action: MODERATION_ACTION_LABELS[row.action],
          reason: MODERATION_REASON_LABELS[row.reason],
          block: row.action === 'bloquear',
          user: row.userHandle,
          evidence: [...(row.evidenceUrls ?? [])],
          recordedBy: row.recordedBy,
          recordedAt: writtenInstant(row.recordedAt.toISOString()),
        },
      };
    },
  };
}
