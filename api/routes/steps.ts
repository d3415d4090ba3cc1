import { Router, type Request, type Response } from 'express';
import { urls } from '../../infra/urls';
import { callerOf, principalOf, requireSignIn } from '../auth';
import { fieldErrors } from '../forms/fields';
import { postForm } from '../forms/submit';
import { messagePage, page } from '../render';
import type { DecisionAction } from '../../domain/decision';
import type { Processes } from '../../contracts/processes';
import type { LinkSigner } from '../../infra/links';
import type { StepsService } from '../services/steps';

/** JSON API: `POST /api/processes/:workflowId/steps/:step/resend` `{ "replace": <address>, "to": <address> }`. */
export function stepsApi(service: StepsService): Router {
  const router = Router();
  router.post('/:workflowId/steps/:step/resend', async (req, res) => {
    res.json(await service.resend(req.params.workflowId, req.params.step, req.body, callerOf(req, res)));
  });
  return router;
}

/** How long the link a button mints lasts: it is followed at once. */
const BUTTON_LINK_MS = 60 * 60_000;
const BACK_HOME = { next: { href: urls.home, label: 'Volver al inicio' } };

/**
 * A signed-in decider's buttons on the home page (issue 15 §2): `GET /pasos/:workflowId/:step/actuar/:action`
 * checks with the process that the step is open, waits for this person and allows the action, then
 * sends them to the confirmation page of a link signed for them and the step's current version, the
 * same page an emailed link opens. It changes nothing by itself; the page's POST decides.
 */
export function stepActions(deps: { processes: Processes; links: LinkSigner }): Router {
  const router = Router();
  router.get('/pasos/:workflowId/:step/actuar/:action', requireSignIn, async (req: Request<{ workflowId: string; step: string; action: string }>, res) => {
    const me = principalOf(res);
    if (me.kind !== 'person') return;
    const { workflowId, step, action } = req.params;
    const view = await deps.processes.decisionStep(workflowId, step);
    if (!view) return messagePage(res, 404, 'Paso no encontrado', 'Este paso no existe o su proceso ya terminó.', BACK_HOME);
    if (view.decision || view.withdrawn) return messagePage(res, 410, 'Paso ya atendido', 'Este paso ya fue atendido o ya no está vigente.', BACK_HOME);
    if (!view.deciders.includes(me.email)) return messagePage(res, 403, 'Paso de otra persona', 'Este paso espera a otra persona.', BACK_HOME);
    if (!(view.actions as string[]).includes(action)) return messagePage(res, 400, 'Acción no disponible', 'Esta acción no está permitida en este paso.', BACK_HOME);
    const token = deps.links.sign({ workflowId, step, version: view.version, email: me.email, action: action as DecisionAction, expiresAt: Date.now() + BUTTON_LINK_MS });
    res.redirect(303, urls.decisionLink(token));
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
