import { Router, type Request, type Response } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Model } from 'mongoose';
import { validateAccountProposal } from '../../domain/accountProposal';
import { ACTIONS_NEEDING_REASON, ACTION_LABELS, type DecisionStepView } from '../../domain/decision';
import type { LinkClaims, LinkSigner } from '../../infra/links';
import type { LinkEventDoc } from '../../infra/models/linkEvent';
import { decideUpdate, decisionStepQuery } from '../../workflows/decision';
import { isUnavailable } from '../errors';
import { checklistFromForm, fieldErrors, proposalFromForm } from '../forms';
import { messagePage, page } from '../render';
import type { AccountRequestsService } from '../services/accountRequests';
import { proposalFormContext } from './pages';

export interface LinkDeps {
  temporal: Client;
  links: LinkSigner;
  linkEvents: Model<LinkEventDoc>;
  accountRequests: AccountRequestsService;
  deadlineMs: number;
}

const INVALID: Record<'malformed' | 'tampered' | 'expired', [number, string, string]> = {
  malformed: [400, 'Enlace no válido', 'Este enlace está incompleto o dañado. Ábralo directamente desde el correo.'],
  tampered: [400, 'Enlace no válido', 'Este enlace fue modificado y no puede usarse. Ábralo directamente desde el correo.'],
  expired: [410, 'Enlace vencido', 'Este enlace venció. Recibirá un recordatorio con un enlace nuevo, o pida a la Oficina de Comunicaciones que se lo reenvíe.'],
};

const UNAVAILABLE = 'El servicio de procesos no está disponible en este momento. Su enlace sigue siendo válido: intente de nuevo en unos minutos.';

/**
 * Decision links (issue #2 §5). `GET` only shows a confirmation page, because mail scanners open
 * links by themselves; only the page's `POST` acts, through the workflow's `decide` update, whose
 * validator decides at once whether the decision counts. Every opening and decision is recorded.
 */
export function linkRoutes(deps: LinkDeps): Router {
  const router = Router();

  const record = (req: Request, kind: LinkEventDoc['kind'], claims?: LinkClaims, detail?: string) =>
    deps.linkEvents.create({
      kind,
      at: new Date(),
      ip: req.ip,
      userAgent: req.get('user-agent')?.slice(0, 300),
      ...(claims ? { workflowId: claims.workflowId, step: claims.step, action: claims.action, email: claims.email } : {}),
      ...(detail ? { detail: detail.slice(0, 500) } : {}),
    });

  /** Verifies the token and reads the step; renders the refusal page itself and returns undefined when it cannot go on. */
  async function open(req: Request, res: Response): Promise<{ claims: LinkClaims; view: DecisionStepView } | undefined> {
    const checked = deps.links.verify(String(req.params.token));
    if (!checked.ok) {
      await record(req, 'invalid', undefined, checked.reason);
      const [status, title, message] = INVALID[checked.reason];
      messagePage(res, status, title, message);
      return undefined;
    }
    const { claims } = checked;
    let view: DecisionStepView | null;
    try {
      view = await deps.temporal.withDeadline(Date.now() + deps.deadlineMs, () =>
        deps.temporal.workflow.getHandle(claims.workflowId).query(decisionStepQuery, claims.step),
      );
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) view = null;
      else if (isUnavailable(err)) {
        messagePage(res, 503, 'Intente de nuevo', UNAVAILABLE);
        return undefined;
      } else throw err;
    }
    if (!view) {
      await record(req, 'invalid', claims, 'unknown step');
      messagePage(res, 404, 'Solicitud no encontrada', 'Este enlace corresponde a un proceso que ya no existe.');
      return undefined;
    }
    if (view.decision) {
      await record(req, 'refused', claims, 'already decided');
      messagePage(res, 410, 'Paso ya atendido', `Este paso ya fue atendido: ${ACTION_LABELS[view.decision.action].toLowerCase()}, por ${view.decision.by}. Su enlace ya no puede usarse.`);
      return undefined;
    }
    if (claims.version < view.version) {
      await record(req, 'refused', claims, 'superseded');
      messagePage(res, 410, 'Enlace reemplazado', 'Este enlace fue reemplazado por uno más reciente. Use el último correo que recibió para este paso.');
      return undefined;
    }
    return { claims, view };
  }

  async function formContext(view: DecisionStepView) {
    return view.form === 'proposal' ? { ...(await proposalFormContext(deps.accountRequests)), lockEntity: true } : {};
  }

  function render(res: Response, status: number, claims: LinkClaims, view: DecisionStepView, extra: Record<string, unknown>) {
    page(res, status, 'link', {
      title: view.title,
      view,
      email: claims.email,
      actionLabel: ACTION_LABELS[claims.action],
      needsReason: ACTIONS_NEEDING_REASON.includes(claims.action),
      values: view.form === 'proposal' ? view.formData : undefined,
      ...extra,
    });
  }

  router.get('/:token', async (req, res) => {
    const opened = await open(req, res);
    if (!opened) return;
    await record(req, 'open', opened.claims);
    render(res, 200, opened.claims, opened.view, await formContext(opened.view));
  });

  router.post('/:token', async (req, res) => {
    const opened = await open(req, res);
    if (!opened) return;
    const { claims, view } = opened;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const reason = typeof body.reason === 'string' ? body.reason.trim() : undefined;

    let payload: unknown;
    if (view.form === 'proposal') {
      const proposal = proposalFromForm({ ...body, entityId: (view.formData as { entityId: string }).entityId });
      const entity = await deps.accountRequests.loadEntity(proposal.entityId);
      const checked = validateAccountProposal(proposal, entity);
      if (!checked.ok) {
        render(res, 400, claims, view, { ...(await formContext(view)), values: proposal, errors: checked.errors, fieldErrors: fieldErrors(checked.errors) });
        return;
      }
      payload = checked.value;
    } else if (view.form === 'checklist') {
      payload = checklistFromForm(body);
    }

    try {
      const actor = { email: claims.email, ...(req.ip ? { ip: req.ip } : {}), userAgent: req.get('user-agent')?.slice(0, 300) ?? '' };
      const input = { step: claims.step, version: claims.version, action: claims.action, ...(reason ? { reason } : {}), ...(payload !== undefined ? { payload } : {}), actor };
      await deps.temporal.withDeadline(Date.now() + deps.deadlineMs, () =>
        deps.temporal.workflow.getHandle(claims.workflowId).executeUpdate(decideUpdate, { args: [input] }),
      );
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        const message = err.cause?.message ?? 'La decisión no pudo registrarse.';
        await record(req, 'refused', claims, message);
        render(res, 409, claims, view, { ...(await formContext(view)), errors: [{ message }], reason, values: view.form === 'proposal' ? payload ?? view.formData : undefined });
        return;
      }
      if (isUnavailable(err)) {
        messagePage(res, 503, 'Intente de nuevo', UNAVAILABLE);
        return;
      }
      throw err;
    }
    await record(req, 'decision', claims, reason);
    messagePage(res, 200, 'Registrado', `Gracias. Quedó registrado: ${ACTION_LABELS[claims.action].toLowerCase()} — ${view.title}.`, { kind: 'ok' });
  });

  return router;
}
