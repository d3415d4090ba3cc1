/**
 * The moderation record's rules against the registry (PCM 6.2.2.13, INPE 5.4.b): which account, which
 * action the entity's profile allows, a block's earlier occurrences, and the head's review, first one
 * wins. Rows are only inserted. Who may call is the service's business (api/services/moderation.ts).
 */
import type { Connection } from 'mongoose';
import type { PolicyProfileId } from '../domain/policyProfiles';
import {
  blockLacksRepetition,
  INPE_BLOCK_RULE,
  moderationActionRefusal,
  moderationRecordSchema,
  moderationReviewSchema,
  PCM_MODERATION_RULE,
  userKeyOf,
  type ModerationRecordInput,
  type ModerationReviewInput,
} from '../domain/moderation';
import type { PageQuery, Page } from '../domain/paging';
import { Refusal } from '../domain/refusal';
import { validate, type RuleViolation } from '../domain/validation';
import { insertOnce, trusted } from '../infra/db';
import { accountModel, LIVE_STATUSES } from '../infra/models/account';
import { moderationRecordModel, moderationReviewModel, type ModerationRecordDoc, type ModerationReviewDoc } from '../infra/models/moderation';
import { newestFirst, pageOf } from './paging';

export const MODERATION_ORDER = newestFirst('moderation', 'recordedAt');

const invalid = (rule: string, errors: RuleViolation[]) => new Refusal('validation_failed', `Datos no válidos (${rule}).`, errors);

/** Block records waiting for the head's review are few (repeat offenders); more than this is a page's worth. */
export const PENDING_SHOWN = 100;

export function moderationRegistry(db: Connection) {
  const records = moderationRecordModel(db);
  const reviews = moderationReviewModel(db);
  const accounts = accountModel(db);

  /** The reviews of the given records, by record id. */
  async function reviewsOf(entityId: string, ids: string[]): Promise<Map<string, ModerationReviewDoc>> {
    if (!ids.length) return new Map();
    const found = await reviews.find({ entityId, _id: trusted({ $in: ids }) }).lean();
    return new Map(found.map((r) => [r._id, r]));
  }

  return {
    /**
     * Inserts one record for the entity, or refuses it whole with every violation at its field. `id`
     * is the record's id (derived from the form's idempotency key, so a double click records once):
     * `created` is false when it was recorded before.
     */
    async record(entity: { _id: string; profile: PolicyProfileId }, body: unknown, recordedBy: string, id: string): Promise<{ row: ModerationRecordDoc; created: boolean }> {
      const checked = validate(moderationRecordSchema, body, PCM_MODERATION_RULE);
      if (!checked.ok) throw invalid(PCM_MODERATION_RULE, checked.errors);
      const input: ModerationRecordInput = checked.value;
      const problems: RuleViolation[] = [];
      const refusal = moderationActionRefusal(entity.profile, input.action);
      if (refusal) problems.push({ field: 'action', ...refusal });
      const account = await accounts.findOne({ _id: input.accountId, entityId: entity._id, status: trusted({ $in: LIVE_STATUSES }) }).lean();
      if (!account) problems.push({ field: 'accountId', rule: PCM_MODERATION_RULE, message: 'Elija una cuenta en servicio de esta entidad.' });
      const userKey = userKeyOf(input.userHandle);
      const evidenceUrls = [...new Set(input.evidenceUrls)];
      if (!refusal && account && input.action === 'bloquear') {
        const earlier = await records.countDocuments({ accountId: account._id, userKey });
        if (blockLacksRepetition(earlier, evidenceUrls.length)) {
          problems.push({
            field: 'evidenceUrls',
            rule: INPE_BLOCK_RULE,
            message: `Un bloqueo requiere que el seguidor haya incumplido en reiteradas oportunidades (${INPE_BLOCK_RULE}): no hay un registro anterior de este usuario en esta cuenta; indique al menos dos enlaces de comentarios.`,
          });
        }
      }
      if (problems.length) throw invalid(problems.some((p) => p.rule === INPE_BLOCK_RULE) ? INPE_BLOCK_RULE : PCM_MODERATION_RULE, problems);

      const row: ModerationRecordDoc = {
        _id: id, entityId: entity._id, accountId: input.accountId, action: input.action, reason: input.reason, userHandle: input.userHandle, userKey, evidenceUrls,
        ...(input.note ? { note: input.note } : {}), recordedBy, recordedAt: new Date(),
      };
      if (await insertOnce(records, row)) return { row, created: true };
      const before = await records.findOne({ _id: id, entityId: entity._id }).lean();
      if (!before) throw new Refusal('conflict', 'Ese registro ya existe en otra entidad.');
      return { row: before, created: false };
    },

    /** The head's review of a block (INPE 5.4.b); the first review inserted stands, `first` says whether it was this one. */
    async review(record: ModerationRecordDoc, body: unknown, reviewedBy: string): Promise<{ review: ModerationReviewDoc; first: boolean }> {
      if (record.action !== 'bloquear') throw new Refusal('conflict', `Solo los bloqueos esperan la revisión del/de la titular (${INPE_BLOCK_RULE}).`);
      const checked = validate(moderationReviewSchema, body, INPE_BLOCK_RULE);
      if (!checked.ok) throw invalid(INPE_BLOCK_RULE, checked.errors);
      const input: ModerationReviewInput = checked.value;
      const review: ModerationReviewDoc = {
        _id: record._id, entityId: record.entityId, verdict: input.verdict, ...(input.verdict === 'observado' && input.note ? { note: input.note } : {}), reviewedBy, reviewedAt: new Date(),
      };
      if (await insertOnce(reviews, review)) return { review, first: true };
      return { review: (await reviews.findById(record._id).lean())!, first: false };
    },

    /** One record of the entity, or undefined. */
    async get(entityId: string, id: string): Promise<ModerationRecordDoc | undefined> {
      if (!/^[0-9a-f]{24}$/.test(String(id))) return undefined;
      return (await records.findOne({ _id: String(id), entityId }).lean()) ?? undefined;
    },

    /** The reviews of the given records, by record id. */
    reviewsOf,

    /** The entity's records (of one account, if given), newest first, a page at a time. */
    async page(entityId: string, accountId: string | undefined, q: PageQuery): Promise<Page<ModerationRecordDoc>> {
      return pageOf(records, { entityId, ...(accountId ? { accountId } : {}) }, MODERATION_ORDER, q);
    },

    /** Blocks still waiting for the head's review, oldest first (the longest waiting on top); at most `PENDING_SHOWN`, and whether more wait. */
    async pending(entityId: string, accountId: string | undefined): Promise<{ rows: ModerationRecordDoc[]; more: boolean }> {
      const blocks = await records.find({ entityId, action: 'bloquear', ...(accountId ? { accountId } : {}) }).sort({ recordedAt: 1, _id: 1 }).lean();
      const reviewed = await reviewsOf(entityId, blocks.map((b) => b._id));
      const waiting = blocks.filter((b) => !reviewed.has(b._id));
      return { rows: waiting.slice(0, PENDING_SHOWN), more: waiting.length > PENDING_SHOWN };
    },
  };
}

export type ModerationRegistry = ReturnType<typeof moderationRegistry>;
