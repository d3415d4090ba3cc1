import { Router } from 'express';
import { callerOf } from '../auth';
import type { AccountRequestsService } from '../services/accountRequests';

/** JSON API: account-creation requests. */
export function accountRequestsApi(service: AccountRequestsService): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const entity = typeof req.query.entity === 'string' ? req.query.entity : undefined;
    res.json({ requests: await service.list(callerOf(req, res).principal, entity) });
  });
  router.post('/', async (req, res) => {
    const body: unknown = req.body;
    const key = req.get('Idempotency-Key') ?? (typeof (body as { idempotencyKey?: unknown })?.idempotencyKey === 'string' ? (body as { idempotencyKey: string }).idempotencyKey : undefined);
    const { requestId } = await service.submit(body, key, callerOf(req, res));
    res.status(202).location(`/api/account-requests/${requestId}`).json({ id: requestId, statusUrl: `/api/account-requests/${requestId}`, page: `/solicitudes/${requestId}` });
  });
  router.get('/:id', async (req, res) => {
    res.json(await service.status(req.params.id, callerOf(req, res)));
  });
  return router;
}
