import { Router } from 'express';
import { urls } from '../../infra/urls';
import { listAnswer, listQueryOf } from '../paging';
import { callerOf } from '../auth';
import { idempotencyKey } from '../idempotency';
import type { AccountRequestsService } from '../services/accountRequests';

/** JSON API: account-creation requests. */
export function accountRequestsApi(service: AccountRequestsService): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json(listAnswer('requests', await service.list(callerOf(req, res).principal, listQueryOf(req.query))));
  });
  router.post('/', async (req, res) => {
    const { requestId } = await service.submit(req.body, idempotencyKey(req), callerOf(req, res));
    res.status(202).location(urls.accountRequest.api(requestId)).json({ id: requestId, statusUrl: urls.accountRequest.api(requestId), page: urls.accountRequest.page(requestId) });
  });
  router.get('/:id', async (req, res) => {
    res.json(await service.status(req.params.id, callerOf(req, res)));
  });
  return router;
}
