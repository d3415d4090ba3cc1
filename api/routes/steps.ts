import { Router, type Request, type Response } from 'express';
import { urls } from '../../infra/urls';
import { callerOf, requireSignIn } from '../auth';
import { fieldErrors } from '../forms/fields';
import { postForm } from '../forms/submit';
import { page } from '../render';
import type { StepsService } from '../services/steps';

/** JSON API: `POST /api/processes/:workflowId/steps/:step/resend` `{ "replace": <address>, "to": <address> }`. */
export function stepsApi(service: StepsService): Router {
  const router = Router();
  router.post('/:workflowId/steps/:step/resend', async (req, res) => {
    res.json(await service.resend(req.params.workflowId, req.params.step, req.body, callerOf(req, res)));
  });
  return router;
}

/** The page a refused-email notice links to: send an open step to someone of the roster instead. */
export function stepPages(service: StepsService): Router {
  const router = Router();
  const path = '/pasos/:workflowId/:step/reenviar';
  router.use('/pasos', requireSignIn);

  const show = async (req: Request<{ workflowId: string; step: string }>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const found = await service.guarded(req.params.workflowId, req.params.step, callerOf(req, res));
    page(res, status, 'resendStep', { title: 'Reenviar un paso', ...found, ...extra });
  };

  router.get(path, async (req, res) => show(req, res, 200, { done: req.query.reenviado === '1' }));

  router.post(path, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    await postForm(
      res,
      async () => {
        await service.resend(req.params.workflowId, req.params.step, { replace: body.replace, to: body.to }, callerOf(req, res));
        return `${urls.resendStep(req.params.workflowId, req.params.step)}?reenviado=1`;
      },
      (status, errors) => show(req, res, status, { errors, fieldErrors: fieldErrors(errors), values: body }),
    );
  });
  return router;
}
