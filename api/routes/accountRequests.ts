import { Router } from 'express';
import type { AccountRequestsService } from '../services/accountRequests';

/** JSON API: `POST /api/account-requests` and `GET /api/account-requests/:id`. */
export function accountRequestsApi(service: AccountRequestsService): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const body: unknown = req.body;
    const key = req.get('Idempotency-Key') ?? (typeof (body as { idempotencyKey?: unknown })?.idempotencyKey === 'string' ? (body as { idempotencyKey: string }).idempotencyKey : undefined);
    const { requestId } = await service.submit(body, key);
    res.status(202).location(`/api/account-requests/${requestId}`).json({ id: requestId, statusUrl: `/api/account-requests/${requestId}`, page: `/solicitudes/${requestId}` });
  });
  router.get('/:id', async (req, res) => {
    res.json(await service.status(req.params.id));
  });
  return router;
}
