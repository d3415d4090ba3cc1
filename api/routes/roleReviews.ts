import { Router } from 'express';
import { callerOf } from '../auth';
import type { RoleReviewsService } from '../services/roleReviews';

/** `/api/entities/:id/role-reviews`: the monthly reviews of page roles (PCM 6.1.2.11), mounted beside the entities API. */
export function roleReviewsApi(service: RoleReviewsService): Router {
  const router = Router();
  router.get('/:id/role-reviews', async (req, res) => void res.json({ reviews: await service.list(req.params.id, callerOf(req, res)) }));
  router.get('/:id/role-reviews/:month', async (req, res) => void res.json(await service.get(req.params.id, req.params.month, callerOf(req, res))));
  router.post('/:id/role-reviews', async (req, res) => {
    const result = await service.start(req.params.id, callerOf(req, res));
    res.status(result.started ? 202 : 200).json(result);
  });
  return router;
}
