import { Router } from 'express';
import { urls } from '../../infra/urls';
import { listAnswer, pageQueryOf } from '../paging';
import { callerOf } from '../auth';
import type { HandoversService } from '../services/handovers';

/** `/api/entities/:id/handovers`: handovers of administration (PCM 6.2.3), mounted beside the entities API. */
export function handoversApi(service: HandoversService): Router {
  const router = Router();
  router.post('/:id/handovers', async (req, res) => {
    const started = await service.start(req.params.id, req.body, callerOf(req, res));
    res.status(201).location(urls.handover.api(started.entityId, started.id)).json(started);
  });
  router.get('/:id/handovers', async (req, res) => void res.json(listAnswer('handovers', await service.list(req.params.id, pageQueryOf(req.query), callerOf(req, res)))));
  router.get('/:id/handovers/:handoverId', async (req, res) => void res.json(await service.get(req.params.id, req.params.handoverId, callerOf(req, res))));
  return router;
}
