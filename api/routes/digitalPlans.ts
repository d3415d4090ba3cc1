import { Router } from 'express';
import { callerOf } from '../auth';
import type { DigitalPlansService } from '../services/digitalPlans';

/** `GET|PUT /api/entities/:id/digital-plans/:year`, `POST …/:year/submit` (PCM 6.2.2.1, Anexo 2), mounted beside the entities API. */
export function digitalPlansApi(service: DigitalPlansService): Router {
  const router = Router();
  router.get('/:id/digital-plans/:year', async (req, res) => void res.json(await service.get(req.params.id, Number(req.params.year), callerOf(req, res))));
  router.put('/:id/digital-plans/:year', async (req, res) => void res.json(await service.save(req.params.id, Number(req.params.year), req.body, callerOf(req, res))));
  router.post('/:id/digital-plans/:year/submit', async (req, res) => void res.status(202).json(await service.submit(req.params.id, Number(req.params.year), callerOf(req, res))));
  return router;
}
