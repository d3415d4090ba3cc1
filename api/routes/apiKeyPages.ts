import { Router, type Request, type Response } from 'express';
import { Refusal } from '../../domain/refusal';
import type { RuleViolation } from '../../domain/validation';
import { urls } from '../../infra/urls';
import { callerOf } from '../auth';
import { fieldErrors, str } from '../forms/fields';
import { postForm } from '../forms/submit';
import { page } from '../render';
import type { EntitiesService } from '../services/entities';

/**
 * The head's API keys (issue #3 §2, issue 15 §2): the list, a new key, whose secret is shown once on the
 * answer to its form (never in an address, a redirect or a log, and not kept by the browser's cache),
 * and revoking one after a confirmation.
 */
export function apiKeyPages(entities: EntitiesService): Router {
  const router = Router();

  const show = async (req: Request<{ id: string }>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const caller = callerOf(req, res);
    const keys = await entities.apiKeys(req.params.id, caller);
    const entity = await entities.get(req.params.id, caller);
    page(res, status, 'apiKeys', { title: `Claves de API de ${entity.name}`, entity, keys, revoked: req.query.hecho === 'revocada', ...extra });
  };

  router.get('/entidades/:id/claves', async (req, res) => show(req, res, 200));
  router.post('/entidades/:id/claves', async (req, res) => {
    const label = (str((req.body as Record<string, unknown> | undefined)?.label) ?? '').trim();
    const caller = callerOf(req, res);
    try {
      const { key, apiKey } = await entities.createApiKey(req.params.id, { label }, caller);
      const entity = await entities.get(req.params.id, caller);
      // The one answer that holds the secret: no redirect (it would need the secret in the address) and no cache.
      res.set('Cache-Control', 'no-store');
      page(res, 201, 'apiKeyCreated', { title: 'Clave de API creada', entity, key, apiKey });
    } catch (err) {
      if (!(err instanceof Refusal) || err.code !== 'validation_failed') throw err;
      await show(req, res, 400, { errors: err.violations, fieldErrors: fieldErrors(err.violations), values: { label } });
    }
  });

  const confirmRevoke = async (req: Request<{ id: string; keyId: string }>, res: Response, status: number, errors?: RuleViolation[]) => {
    const caller = callerOf(req, res);
    const key = (await entities.apiKeys(req.params.id, caller)).find((k) => k.id === req.params.keyId && !k.revokedAt);
    if (!key) throw new Refusal('not_found', 'No existe esa clave activa.');
    page(res, status, 'confirm', {
      title: 'Revocar una clave de API',
      question: `¿Revocar la clave «${key.label}» (${key.id})?`,
      consequences: ['Deja de valer en el acto: los sistemas que la usen recibirán 401 hasta que usen otra clave.', 'No se puede deshacer: para volver a conectar un sistema, cree una clave nueva.'],
      button: 'Sí, revocar la clave',
      back: { href: urls.entity.apiKeys(req.params.id), label: 'No, volver a las claves' },
      errors,
    });
  };
  router.get('/entidades/:id/claves/:keyId/revocar', async (req, res) => confirmRevoke(req, res, 200));
  router.post('/entidades/:id/claves/:keyId/revocar', async (req, res) => {
    await postForm(
      res,
      async () => {
        await entities.revokeApiKey(req.params.id, req.params.keyId, callerOf(req, res));
        return `${urls.entity.apiKeys(req.params.id)}?hecho=revocada`;
      },
      (status, errors) => confirmRevoke(req, res, status, errors),
    );
  });
  return router;
}
