import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { Permission } from '../../domain/access';
import { MODERATION_REASONS, MODERATION_REASON_LABELS, NO_DELETION, moderationActionRefusal } from '../../domain/moderation';
import { NETWORK_LABELS } from '../../domain/networks';
import { PAGE_SIZE_ON_PAGES } from '../../domain/paging';
import type { RuleViolation } from '../../domain/validation';
import { urls } from '../../infra/urls';
import { pageEntity } from '../pageEntity';
import type { Registry } from '../../registry/reads';
import { callerOf, requireSignIn } from '../auth';
import { fieldErrors } from '../forms/fields';
import { moderationFromForm, moderationReviewFromForm } from '../forms/moderation';
import { postForm } from '../forms/submit';
import { idempotencyKey } from '../idempotency';
import { pageQueryOf, pagerOf } from '../paging';
import { processWords } from '../processWords';
import { page } from '../render';
import type { AccountsService } from '../services/accounts';
import type { ModerationService } from '../services/moderation';

type Params = { id: string };
type RecordParams = Params & { recordId: string };

/** `evidenceUrls.1` is shown at the evidence field. */
const atFields = (errors: RuleViolation[]) => errors.map((e) => ({ ...e, field: e.field.replace(/\.\d+$/, '') }));

/**
 * The moderation record as pages (PCM 6.2.2.13, INPE 5.4.b): the entity's records with the blocks
 * waiting for the head first and the form where the CM or the head records one, and a record's page
 * where the head marks a block «Revisado» or «Observado».
 */
export function moderationPages(moderation: ModerationService, accounts: AccountsService, registry: Registry): Router {
  const router = Router();
  router.use('/entidades/:id/moderacion', requireSignIn);

  async function entityOf(entityId: string, res: Response, permission: Permission) {
    const { entity, may } = await pageEntity(registry, entityId, res, permission);
    return {
      id: entity._id, name: entity.name, profile: entity.profile,
      mayRecord: may('moderation.record'), mayReview: may('moderation.review'), blocks: !moderationActionRefusal(entity.profile, 'bloquear'),
    };
  }

  const showList = async (req: Request<Params>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const entity = await entityOf(req.params.id, res, 'account.read');
    const caller = callerOf(req, res);
    const accountId = typeof req.query.cuenta === 'string' && req.query.cuenta ? req.query.cuenta : undefined;
    const { cursor } = pageQueryOf({ cursor: req.query.cursor || undefined });
    const inService = (await accounts.list(entity.id, caller)).filter((a) => a.status !== 'retired');
    const [found, pending, words] = await Promise.all([
      moderation.list(entity.id, accountId, { limit: PAGE_SIZE_ON_PAGES, ...(cursor ? { cursor } : {}) }, caller, true),
      moderation.pending(entity.id, accountId, caller),
      processWords(registry, entity.id),
    ]);
    const filters: Record<string, string> = accountId ? { cuenta: accountId } : {};
    page(res, status, 'moderation', {
      title: `Registro de moderación · ${entity.name}`,
      entity,
      accountId,
      accounts: inService.map((a) => ({ id: a.id, label: `${NETWORK_LABELS[a.network]} · ${a.username}` })),
      actions: [
        { value: 'ocultar', label: 'Ocultar el comentario' },
        { value: 'denunciar', label: 'Denunciar el comentario en la plataforma' },
        ...(entity.blocks ? [{ value: 'bloquear', label: 'Bloquear al seguidor reincidente (INPE 5.4.b)' }] : []),
      ],
      reasons: MODERATION_REASONS.map((r) => ({ value: r, label: MODERATION_REASON_LABELS[r] })),
      noDeletion: NO_DELETION,
      records: found.rows,
      pending: pending.rows,
      morePending: pending.more,
      who: words.who,
      pager: pagerOf(urls.moderation.list(entity.id), filters, found, found.counts!, cursor),
      values: { evidenceUrls: '' },
      idempotencyKey: randomUUID(),
      ...extra,
    });
  };
  router.get('/entidades/:id/moderacion', async (req: Request<Params>, res) => showList(req, res, 200));
  router.post('/entidades/:id/moderacion', async (req: Request<Params>, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const input = moderationFromForm(body);
    let key: string | undefined;
    await postForm(
      res,
      async () => {
        key = idempotencyKey(req);
        const recorded = await moderation.record(req.params.id, input, callerOf(req, res), key);
        return `${urls.moderation.page(recorded.entityId, recorded.id)}?hecho=registrado`;
      },
      // A refused record left nothing, so the same key serves the corrected one.
      (status, errors) => showList(req, res, status, { errors: atFields(errors), fieldErrors: fieldErrors(atFields(errors)), values: { ...input, evidenceUrls: typeof body.evidenceUrls === 'string' ? body.evidenceUrls : '' }, idempotencyKey: key ?? randomUUID() }),
    );
  });

  const showRecord = async (req: Request<RecordParams>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const entity = await entityOf(req.params.id, res, 'account.read');
    const record = await moderation.get(entity.id, req.params.recordId, callerOf(req, res));
    const words = await processWords(registry, entity.id);
    page(res, status, 'moderationRecord', {
      title: `Registro de moderación · ${entity.name}`,
      entity,
      record,
      who: words.who,
      done: typeof req.query.hecho === 'string' ? req.query.hecho : undefined,
      values: {},
      ...extra,
    });
  };
  router.get('/entidades/:id/moderacion/:recordId', async (req: Request<RecordParams>, res) => showRecord(req, res, 200));
  router.post('/entidades/:id/moderacion/:recordId/revision', async (req: Request<RecordParams>, res) => {
    const input = moderationReviewFromForm((req.body ?? {}) as Record<string, unknown>);
    await postForm(
      res,
      async () => {
        const reviewed = await moderation.review(req.params.id, req.params.recordId, input, callerOf(req, res));
        return `${urls.moderation.page(reviewed.entityId, reviewed.id)}?hecho=revisado`;
      },
      (status, errors) => showRecord(req, res, status, { errors: atFields(errors), fieldErrors: fieldErrors(atFields(errors)), values: input }),
    );
  });
  return router;
}
