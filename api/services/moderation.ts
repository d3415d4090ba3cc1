import type { Connection } from 'mongoose';
import { can, principalLabel } from '../../domain/access';
import {
  INPE_BLOCK_RULE,
  MODERATION_ACTION_LABELS,
  MODERATION_REASON_LABELS,
  MODERATION_VERDICT_LABELS,
  PCM_MODERATION_RULE,
  type ModerationAction,
  type ModerationReason,
  type ModerationVerdict,
} from '../../domain/moderation';
import { NETWORK_LABELS } from '../../domain/networks';
import type { Page, PageCounts, PageQuery } from '../../domain/paging';
import { Refusal } from '../../domain/refusal';
import type { EntityDoc } from '../../infra/models/entity';
import type { Processes } from '../../contracts/processes';
import { moderationNoticeKey } from '../../contracts/moderationNotice';
import { accountModel } from '../../infra/models/account';
import { moderationRecordModel, type ModerationRecordDoc, type ModerationReviewDoc } from '../../infra/models/moderation';
import type { AuditTrail, Caller } from '../../registry/audit';
import { guardedEntity } from '../../registry/guards';
import { MODERATION_ORDER, moderationRegistry } from '../../registry/moderation';
import { noticeSent } from '../../registry/outboxSent';
import { countOf } from '../../registry/paging';
import type { Registry } from '../../registry/reads';
import { rowIdFor } from '../idempotency';

export interface ModerationDeps {
  db: Connection;
  registry: Registry;
  audit: AuditTrail;
  processes: Processes;
}

/**
 * A moderation record as the API and the pages show it. `userHandle`, `evidenceUrls` and `note` are
 * personal data (Ley 29733): present only for the entity's office (`moderation.personal`).
 */
export interface ModerationView {
  id: string;
  entityId: string;
  accountId: string;
  accountLabel: string;
  action: ModerationAction;
  actionLabel: string;
  reason: ModerationReason;
  reasonLabel: string;
  userHandle?: string;
  evidenceUrls?: string[];
  note?: string;
  recordedBy: string;
  recordedAt: string;
  /** A block waits for the head's review (INPE 5.4.b); hides and reports do not. */
  needsReview: boolean;
  review?: { verdict: ModerationVerdict; verdictLabel: string; note?: string; by: string; at: string };
}


/**
 * The moderation record (PCM 6.2.2.13, INPE 5.4.b): the CM or the head records a hidden or reported
 * comment, or under INPE a blocked repeat offender; every record is emailed to the head once by its
 * process (workflows/moderationNotice.ts), and the head reviews each block. Rows are only inserted; the audit trail holds who did what, without the user.
 */
export function moderationService(deps: ModerationDeps) {
  const reg = moderationRegistry(deps.db);
  const accounts = accountModel(deps.db);
  const records = moderationRecordModel(deps.db);

  async function labels(entityId: string): Promise<Map<string, string>> {
    const all = await accounts.find({ entityId }).lean();
    return new Map(all.map((a) => [a._id, `${NETWORK_LABELS[a.network]} · ${a.username}`]));
  }

  function toView(r: ModerationRecordDoc, review: ModerationReviewDoc | undefined, accountLabels: Map<string, string>, personal: boolean): ModerationView {
    return {
      id: r._id,
      entityId: r.entityId,
      accountId: r.accountId,
      accountLabel: accountLabels.get(r.accountId) ?? r.accountId,
      action: r.action,
      actionLabel: MODERATION_ACTION_LABELS[r.action],
      reason: r.reason,
      reasonLabel: MODERATION_REASON_LABELS[r.reason],
      ...(personal ? { userHandle: r.userHandle, evidenceUrls: [...(r.evidenceUrls ?? [])], ...(r.note ? { note: r.note } : {}) } : {}),
      recordedBy: r.recordedBy,
      recordedAt: r.recordedAt.toISOString(),
      needsReview: r.action === 'bloquear' && !review,
      ...(review
        ? { review: { verdict: review.verdict, verdictLabel: MODERATION_VERDICT_LABELS[review.verdict], ...(personal && review.note ? { note: review.note } : {}), by: review.reviewedBy, at: review.reviewedAt.toISOString() } }
        : {}),
    };
  }

  const personalFor = (caller: Caller, entity: EntityDoc) => can(caller.principal, 'moderation.personal', { id: entity._id, profile: entity.profile });

  async function views(entity: EntityDoc, rows: ModerationRecordDoc[], caller: Caller): Promise<ModerationView[]> {
    const [reviews, accountLabels] = await Promise.all([reg.reviewsOf(entity._id, rows.map((r) => r._id)), labels(entity._id)]);
    const personal = personalFor(caller, entity);
    return rows.map((r) => toView(r, reviews.get(r._id), accountLabels, personal));
  }

  return {
    /**
     * `POST /api/entities/:id/moderation`: records a hide, a report or (INPE only) a block. The same
     * `idempotencyKey` (the form's hidden field) answers with the record it made.
     */
    async record(entityId: string, body: unknown, caller: Caller, idempotencyKey?: string): Promise<ModerationView> {
      const entity = await guardedEntity(deps.registry, entityId, caller, 'moderation.record');
      const id = rowIdFor(idempotencyKey, entity._id, 'moderacion');
      const { row, created } = await reg.record(entity, body, principalLabel(caller.principal), id);
      const [view] = await views(entity, [row], caller);
      if (created) {
        await deps.audit.recordBy(caller, {
          action: 'moderation.recorded', entityId: entity._id, subject: view!.accountLabel,
          detail: `${view!.actionLabel} (${row.action === 'bloquear' ? INPE_BLOCK_RULE : PCM_MODERATION_RULE}): ${view!.reasonLabel}`,
        });
      }
      // Also when the record came before (the same key posted again): the process starts once, and a
      // Temporal that was down at the first post gets it now. The record itself never depends on it.
      await deps.processes.startModerationNotice({ entityId: entity._id, recordId: row._id });
      return view!;
    },

    /** `POST /api/entities/:id/moderation/:recordId/review`: the head marks a block «Revisado» or «Observado»; a second review is refused (409). */
    async review(entityId: string, recordId: string, body: unknown, caller: Caller): Promise<ModerationView> {
      const entity = await guardedEntity(deps.registry, entityId, caller, 'moderation.review');
      const row = await reg.get(entity._id, recordId);
      if (!row) throw new Refusal('not_found', 'No existe ese registro de moderación en esta entidad.');
      const { review, first } = await reg.review(row, body, principalLabel(caller.principal));
      if (!first) throw new Refusal('conflict', `Este bloqueo ya fue revisado: ${MODERATION_VERDICT_LABELS[review.verdict]}, por ${review.reviewedBy}.`);
      const [view] = await views(entity, [row], caller);
      await deps.audit.recordBy(caller, {
        action: 'moderation.reviewed', entityId: entity._id, subject: view!.accountLabel,
        detail: `Bloqueo ${MODERATION_VERDICT_LABELS[review.verdict].toLowerCase()} (${INPE_BLOCK_RULE})`,
      });
      return view!;
    },

    /** `GET /api/entities/:id/moderation`: the records (of one account, if given), newest first, a page at a time. */
    async list(entityId: string, accountId: string | undefined, q: PageQuery, caller: Caller, counted = false): Promise<Page<ModerationView> & { counts?: PageCounts }> {
      const entity = await guardedEntity(deps.registry, entityId, caller, 'account.read');
      const page = await reg.page(entity._id, accountId, q);
      const filter = { entityId: entity._id, ...(accountId ? { accountId } : {}) };
      return { ...page, rows: await views(entity, page.rows, caller), ...(counted ? { counts: await countOf(records, filter, MODERATION_ORDER, q.cursor) } : {}) };
    },

    /** Blocks waiting for the head's review, the longest waiting first. */
    async pending(entityId: string, accountId: string | undefined, caller: Caller): Promise<{ rows: ModerationView[]; more: boolean }> {
      const entity = await guardedEntity(deps.registry, entityId, caller, 'account.read');
      const found = await reg.pending(entity._id, accountId);
      return { rows: await views(entity, found.rows, caller), more: found.more };
    },

    /** `GET /api/entities/:id/moderation/:recordId`: one record, its review, and whether the head was emailed. */
    async get(entityId: string, recordId: string, caller: Caller): Promise<ModerationView & { headNotified: boolean }> {
      const entity = await guardedEntity(deps.registry, entityId, caller, 'account.read');
      const row = await reg.get(entity._id, recordId);
      if (!row) throw new Refusal('not_found', 'No existe ese registro de moderación en esta entidad.');
      const [view] = await views(entity, [row], caller);
      return { ...view!, headNotified: await noticeSent(deps.db, moderationNoticeKey(entity._id, row._id)) };
    },
  };
}

export type ModerationService = ReturnType<typeof moderationService>;
