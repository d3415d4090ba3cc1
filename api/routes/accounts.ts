import { Router } from 'express';
import { callerOf } from '../auth';
import type { AccountCustodyService } from '../services/accountCustody';
import type { AccountsService } from '../services/accounts';
import type { NameChangesService } from '../services/nameChanges';
import type { AccountClosuresService } from '../services/accountClosures';

/** JSON API: an entity's accounts, their page roles, status and rotation process. */
export function accountsApi(service: AccountsService): Router {
  const router = Router();
  router.get('/:id', async (req, res) => void res.json(await service.get(req.params.id, callerOf(req, res))));
  router.put('/:id/roles', async (req, res) => void res.json(await service.setRoles(req.params.id, req.body, callerOf(req, res))));
  router.post('/:id/status', async (req, res) => void res.json(await service.setStatus(req.params.id, req.body, callerOf(req, res))));
  router.get('/:id/continuity', async (req, res) => void res.json(await service.continuity(req.params.id, callerOf(req, res))));
  router.post('/:id/continuity/reactivation', async (req, res) => void res.json(await service.reactivate(req.params.id, req.body, callerOf(req, res))));
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

/** `GET|POST /api/accounts/:id/name-changes`: «cambio de nombre o usuario» (PCM 6.1.2.7), mounted beside the accounts API. */
export function accountNameChangesApi(service: NameChangesService): Router {
  const router = Router();
  router.get('/:id/name-changes', async (req, res) => void res.json(await service.ofAccount(req.params.id, callerOf(req, res))));
  router.post('/:id/name-changes', async (req, res) => void res.status(201).json(await service.request(req.params.id, req.body, callerOf(req, res))));
  return router;
}

/** `GET /api/accounts/:id/custody`, `PUT …/password-holders` (CONGRESO 6.1.7), `PUT …/recovery-device` (CONGRESO 6.2.3). */
export function accountCustodyApi(service: AccountCustodyService): Router {
  const router = Router();
  router.get('/:id/custody', async (req, res) => void res.json(await service.get(req.params.id, callerOf(req, res))));
  router.put('/:id/password-holders', async (req, res) => void res.json(await service.setPasswordHolders(req.params.id, req.body, callerOf(req, res))));
  router.put('/:id/recovery-device', async (req, res) => void res.json(await service.setRecoveryDevice(req.params.id, req.body, callerOf(req, res))));
  return router;
}

/** `GET|POST /api/accounts/:id/closures`: «cierre de cuenta» (PCM 5.2.5, SENACE 7.2), mounted beside the accounts API. */
export function accountClosuresApi(service: AccountClosuresService): Router {
  const router = Router();
  router.get('/:id/closures', async (req, res) => void res.json(await service.ofAccount(req.params.id, callerOf(req, res))));
  router.post('/:id/closures', async (req, res) => void res.status(201).json(await service.request(req.params.id, req.body, callerOf(req, res))));
  return router;
}
