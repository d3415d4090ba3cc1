import { Router } from 'express';
import { urls } from '../../infra/urls';
import { listAnswer, listQueryOf } from '../paging';
import { callerOf } from '../auth';
import { idempotencyKey } from '../idempotency';
import type { ContentRequestsService } from '../services/contentRequests';

/** JSON API: content publication requests (RULEBOOK §6); images travel in base64. */
export function contentRequestsApi(service: ContentRequestsService): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json(listAnswer('requests', await service.list(callerOf(req, res).principal, listQueryOf(req.query))));
  });
  router.post('/', async (req, res) => {
    const { requestId } = await service.submit(req.body, undefined, idempotencyKey(req), callerOf(req, res));
    res.status(202).location(urls.contentRequest.api(requestId)).json({ id: requestId, statusUrl: urls.contentRequest.api(requestId), page: urls.contentRequest.page(requestId) });
  });
  router.get('/:id', async (req, res) => {
    res.json(await service.status(req.params.id, callerOf(req, res)));
  });
  return router;
}
