import { Router } from 'express';
import { urls } from '../../infra/urls';
import { callerOf, principalOf } from '../auth';
import type { EntitiesService } from '../services/entities';

/** JSON API: the registry of entities, their roster and their API keys. */
export function entitiesApi(service: EntitiesService): Router {
  const router = Router();
  router.get('/', async (req, res) => void res.json({ entities: await service.list(callerOf(req, res)) }));
  router.post('/', async (req, res) => {
    const entity = await service.create(req.body, callerOf(req, res));
    res.status(201).location(urls.entity.api(entity.id)).json(entity);
  });
  router.get('/:id', async (req, res) => void res.json(await service.get(req.params.id, callerOf(req, res))));
  router.patch('/:id', async (req, res) => void res.json(await service.update(req.params.id, req.body, callerOf(req, res))));
  router.get('/:id/people', async (req, res) => void res.json({ people: await service.roster(req.params.id, callerOf(req, res)) }));
  router.post('/:id/people', async (req, res) => void res.status(201).json(await service.addPerson(req.params.id, req.body, callerOf(req, res))));
  router.patch('/:id/people/:personId', async (req, res) => void res.json(await service.updatePerson(req.params.id, req.params.personId, req.body, callerOf(req, res))));
  router.get('/:id/api-keys', async (req, res) => void res.json({ apiKeys: await service.apiKeys(req.params.id, callerOf(req, res)) }));
  router.post('/:id/api-keys', async (req, res) => {
    const { key, apiKey } = await service.createApiKey(req.params.id, req.body, callerOf(req, res));
    // The only time the key is ever shown.
    res.status(201).set('Cache-Control', 'no-store').json({ ...apiKey, key });
  });
  router.delete('/:id/api-keys/:keyId', async (req, res) => {
    await service.revokeApiKey(req.params.id, req.params.keyId, callerOf(req, res));
    res.status(204).end();
  });
  return router;
}

/** `GET /api/me`: who the caller is and what roles they hold. */
export function meApi(): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    const p = principalOf(res);
    res.json(p.kind === 'person' ? { kind: p.kind, name: p.name, email: p.email, memberships: p.memberships, supervisor: p.supervisor, platformAdmin: p.platformAdmin } : p);
  });
  return router;
}
