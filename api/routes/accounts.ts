import { Router } from 'express';
import { callerOf } from '../auth';
import type { AccountsService } from '../services/accounts';

/** JSON API: an entity's accounts, their page roles, status and rotation process. */
export function accountsApi(service: AccountsService): Router {
  const router = Router();
  router.get('/:id', async (req, res) => void res.json(await service.get(req.params.id, callerOf(req, res))));
  router.put('/:id/roles', async (req, res) => void res.json(await service.setRoles(req.params.id, req.body, callerOf(req, res))));
  router.post('/:id/status', async (req, res) => void res.json(await service.setStatus(req.params.id, req.body, callerOf(req, res))));
  router.get('/:id/rotation', async (req, res) => void res.json(await service.rotation(req.params.id, callerOf(req, res))));
  router.post('/:id/rotation/now', async (req, res) => void res.status(202).json(await service.rotateNow(req.params.id, req.body, callerOf(req, res))));
  return router;
}

/** `GET /api/entities/:id/accounts`, mounted beside the entities API. */
export function entityAccountsApi(service: AccountsService): Router {
  const router = Router();
  router.get('/:id/accounts', async (req, res) => void res.json({ accounts: await service.list(req.params.id, callerOf(req, res)) }));
  return router;
}
