import { Router, type Request, type Response } from 'express';
import type { RuleViolation } from '../../domain/validation';
import { urls } from '../../infra/urls';
import { callerOf } from '../auth';
import { fieldErrors } from '../forms/fields';
import { postForm } from '../forms/submit';
import { page } from '../render';
import type { MetaConnectionService } from '../services/metaConnection';

/** JSON API: `GET|PUT|DELETE /api/entities/:id/meta-connection` (issue 17 §1). No answer carries the token. */
export function metaConnectionApi(service: MetaConnectionService): Router {
  const router = Router();
  const noStore = (res: Response) => res.set('Cache-Control', 'no-store');
  router.get('/:id/meta-connection', async (req, res) => {
    const { entityName: _n, ...view } = await service.view(req.params.id, callerOf(req, res));
    noStore(res).json(view);
  });
  router.put('/:id/meta-connection', async (req, res) => void noStore(res).json(await service.connect(req.params.id, req.body, callerOf(req, res))));
  router.delete('/:id/meta-connection', async (req, res) => {
    await service.revoke(req.params.id, callerOf(req, res));
    res.status(204).end();
  });
  return router;
}

const DONE = {
  conectado: 'Se guardó el token. Custodio lo usará para leer los roles de las páginas en la revisión mensual.',
  revocado: 'Se revocó el token. La revisión mensual vuelve a ser manual para esta entidad.',
} as const;

/**
 * `/entidades/:id/meta`: the head connects the entity with a system-user token, replaces it or revokes it.
 * The field is a password input that is never filled back in, not even after a refusal.
 */
export function metaConnectionPages(service: MetaConnectionService): Router {
  const router = Router();
  const show = async (req: Request<{ id: string }>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const view = await service.view(req.params.id, callerOf(req, res));
    const done = typeof req.query.hecho === 'string' && req.query.hecho in DONE ? DONE[req.query.hecho as keyof typeof DONE] : undefined;
    res.set('Cache-Control', 'no-store');
    page(res, status, 'metaConnection', { title: `Conexión con Meta de ${view.entityName}`, view, done, ...extra });
  };
  router.get('/entidades/:id/meta', (req, res) => show(req, res, 200));
  router.post('/entidades/:id/meta', async (req: Request<{ id: string }>, res) => {
    await postForm(
      res,
      async () => {
        await service.connect(req.params.id, { token: (req.body as Record<string, unknown> | undefined)?.token }, callerOf(req, res));
        return `${urls.entity.meta(req.params.id)}?hecho=conectado`;
      },
      (status, errors: RuleViolation[]) => show(req, res, status, { errors, fieldErrors: fieldErrors(errors) }),
    );
  });
  router.post('/entidades/:id/meta/revocar', async (req: Request<{ id: string }>, res) => {
    await postForm(
      res,
      async () => {
        await service.revoke(req.params.id, callerOf(req, res));
        return `${urls.entity.meta(req.params.id)}?hecho=revocado`;
      },
      (status, errors: RuleViolation[]) => show(req, res, status, { errors }),
    );
  });
  return router;
}
