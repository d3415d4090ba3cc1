import { Router } from 'express';
import { urls } from '../../infra/urls';
import { callerOf } from '../auth';
import { idempotencyKey } from '../idempotency';
import { listAnswer, pageQueryOf } from '../paging';
import type { ModerationService } from '../services/moderation';

const accountOf = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** `/api/entities/:id/moderation`: the moderation record (PCM 6.2.2.13, INPE 5.4.b), mounted beside the entities API. */
export function moderationApi(service: ModerationService): Router {
  const router = Router();
  router.post('/:id/moderation', async (req, res) => {
    const recorded = await service.record(req.params.id, req.body, callerOf(req, res), idempotencyKey(req));
    res.status(201).location(urls.moderation.api(recorded.entityId, recorded.id)).json(recorded);
  });
  router.get('/:id/moderation', async (req, res) =>
    void res.json(listAnswer('records', await service.list(req.params.id, accountOf(req.query.accountId), pageQueryOf(req.query), callerOf(req, res)))));
  router.get('/:id/moderation/:recordId', async (req, res) => void res.json(await service.get(req.params.id, req.params.recordId, callerOf(req, res))));
  router.post('/:id/moderation/:recordId/review', async (req, res) => void res.json(await service.review(req.params.id, req.params.recordId, req.body, callerOf(req, res))));
  return router;
}
