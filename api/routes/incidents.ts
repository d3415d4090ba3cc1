import { Router } from 'express';
import { urls } from '../../infra/urls';
import { listAnswer, pageQueryOf } from '../paging';
import { callerOf } from '../auth';
import type { IncidentsService } from '../services/incidents';

/** `/api/entities/:id/incidents`: security incidents (PCM 6.1.1.7), mounted beside the entities API. */
export function incidentsApi(service: IncidentsService): Router {
  const router = Router();
  router.post('/:id/incidents', async (req, res) => {
    const reported = await service.report(req.params.id, req.body, callerOf(req, res));
    res.status(201).location(urls.incident.api(reported.entityId, reported.id)).json(reported);
  });
  router.get('/:id/incidents', async (req, res) => void res.json(listAnswer('incidents', await service.list(req.params.id, pageQueryOf(req.query), callerOf(req, res)))));
  router.get('/:id/incidents/:incidentId', async (req, res) => void res.json(await service.get(req.params.id, req.params.incidentId, callerOf(req, res))));
  return router;
}
