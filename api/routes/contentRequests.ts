import { Router } from 'express';
import { callerOf } from '../auth';
import type { ContentRequestsService } from '../services/contentRequests';

/** JSON API: content publication requests (RULEBOOK §6); images travel in base64. */
export function contentRequestsApi(service: ContentRequestsService): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const entity = typeof req.query.entity === 'string' ? req.query.entity : undefined;
    res.json({ requests: await service.list(callerOf(req, res).principal, entity) });
  });
  router.post('/', async (req, res) => {
    const body: unknown = req.body;
    const key = req.get('Idempotency-Key');
    const { requestId } = await service.submit(body, undefined, key, callerOf(req, res));
    res.status(202).location(`/api/content-requests/${requestId}`).json({ id: requestId, statusUrl: `/api/content-requests/${requestId}`, page: `/contenidos/${requestId}` });
  });
  router.get('/:id', async (req, res) => {
    res.json(await service.status(req.params.id, callerOf(req, res)));
  });
  return router;
}
