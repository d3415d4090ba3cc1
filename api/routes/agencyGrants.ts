import { Router } from 'express';
import { urls } from '../../infra/urls';
import { callerOf } from '../auth';
import { idempotencyKey } from '../idempotency';
import type { AgencyGrantsService } from '../services/agencyGrants';

/** `/api/accounts/:id/agency-grants`, mounted beside the accounts API: open and list an account's agency grants (PCM 6.1.2.10). */
export function accountAgencyGrantsApi(service: AgencyGrantsService): Router {
  const router = Router();
  router.post('/:id/agency-grants', async (req, res) => {
    const { grant, warnings, created } = await service.create(req.params.id, req.body, idempotencyKey(req), callerOf(req, res));
    res.status(created ? 201 : 200).location(urls.agencyGrant.api(grant.id)).json({ grant, warnings });
  });
  router.get('/:id/agency-grants', async (req, res) => void res.json({ grants: await service.list(req.params.id, callerOf(req, res)) }));
  return router;
}

/** `/api/agency-grants/:grantId`: one grant with its live process, and its early end. */
export function agencyGrantsApi(service: AgencyGrantsService): Router {
  const router = Router();
  router.get('/:grantId', async (req, res) => void res.json(await service.get(req.params.grantId, callerOf(req, res))));
  router.post('/:grantId/end', async (req, res) => void res.status(202).json(await service.end(req.params.grantId, req.body, callerOf(req, res))));
  return router;
}
