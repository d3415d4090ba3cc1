import { Router, type Request, type Response } from 'express';
import { ACTION_EMPHASIS, ACTIONS_NEEDING_REASON, ACTION_LABELS, ACTION_OUTCOMES, MIN_REASON, type DecisionAction, type DecisionStepView } from '../../domain/decision';
import type { LinkClaims, LinkSigner } from '../../infra/links';
import type { Metrics } from '../../infra/metrics';
import type { AuditTrail } from '../../registry/audit';
import type { AuditAction } from '../../infra/models/audit';
import { clientOf, principalOf } from '../auth';
import { processWords } from '../processWords';
import { fmt, messagePage, page } from '../render';
import type { CampaignsService } from '../services/campaigns';
import type { ContentRequestsService } from '../services/contentRequests';
import { linkForms, type Reading, type Shown } from '../linkForms';
import { type Processes, ProcessesUnavailable } from '../../contracts/processes';
import type { DecisionStepAnswer } from '../../contracts/decision';
import { Refusal } from '../../domain/refusal';
import { workflowEntity } from '../../registry/workflowEntity';
import type { Connection } from 'mongoose';
import type { Registry } from '../../registry/reads';
import { urls } from '../../infra/urls';

export interface LinkDeps {
  processes: Processes;
  db: Connection;
  links: LinkSigner;
  audit: AuditTrail;
  registry: Registry;
  /** Campaign steps' forms (RULEBOOK §5): the correction form's option lists. */
  campaigns?: CampaignsService;
  /** Content steps' forms (RULEBOOK §6): a correction stores its new images before the decision is posted. */
  contentRequests?: ContentRequestsService;
  metrics: Pick<Metrics, 'decided'>;
}

const INVALID: Record<'malformed' | 'tampered' | 'expired', [number, string, string]> = {
  malformed: [400, 'Enlace no válido', 'Este enlace está incompleto o dañado. Ábralo directamente desde el correo.'],
  tampered: [400, 'Enlace no válido', 'Este enlace fue modificado y no puede usarse. Ábralo directamente desde el correo.'],
  expired: [410, 'Enlace vencido', 'Este enlace venció.'],
};

const UNAVAILABLE = 'El servicio de procesos no está disponible en este momento. Su enlace sigue siendo válido: intente de nuevo en unos minutos.';
const UNCONFIRMED = 'El servicio de procesos no confirmó su decisión a tiempo. Su enlace sigue siendo válido: ábralo de nuevo en unos minutos; si su decisión alcanzó a registrarse, la página lo indicará.';

/** Where a decision leaves its process, for the page that confirms it; home when the process has no page of its own. */
function processPage(workflowId: string): { href: string; label: string } {
  const href = urls.processPage(workflowId);
  return href ? { href, label: 'Ver el estado del proceso' } : { href: urls.home, label: 'Ir al inicio' };
}

/**
 * Decision links (issue #2 §5). `GET` only shows a confirmation page, because mail scanners open
 * links by themselves; only the page's `POST` acts, through the workflow's `decide` update, whose
 * validator decides at once whether the decision counts. Every opening and decision is recorded in the
 * audit trail. A visitor who is signed in must be the person the link was sent to (issue #3 §3); one
 * who is not signed in is the addressee by possession of the link.
 */
export function linkRoutes(deps: LinkDeps): Router {
  const router = Router();
  const forms = linkForms(deps);
  const entityOf = workflowEntity(deps.db);

  const record = async (req: Request, action: AuditAction, claims?: LinkClaims, detail?: string) => {
    const entityId = claims ? await entityOf(claims.workflowId) : undefined;
    const p = principalOf(req.res!);
    await deps.audit.record({
      action,
      actor: p.kind === 'person' ? { kind: 'person', email: p.email } : claims ? { kind: 'link', email: claims.email } : { kind: 'anonymous' },
      ...clientOf(req),
      ...(entityId ? { entityId } : {}),
      ...(claims ? { workflowId: claims.workflowId, step: claims.step, subject: claims.email } : {}),
      ...(detail ? { detail: detail.slice(0, 500) } : {}),
    });
  };

  /** A visitor signed in as someone else than the link's addressee: refused, with the page that says so. */
  function wrongPerson(req: Request, res: Response, claims: LinkClaims): boolean {
    const visitor = principalOf(res);
    if (visitor.kind !== 'person' || visitor.email === claims.email.toLowerCase()) return false;
    void record(req, 'link.refused', claims, `wrong person: signed in as ${visitor.email}`).catch((err: unknown) => req.log.error({ err }, 'audit write failed'));
    messagePage(res, 403, 'Enlace de otra persona',
      `Este enlace fue enviado a ${claims.email} y usted inició sesión como ${visitor.email}. Solo su destinatario puede usarlo: ` +
      'si le corresponde atender este paso, pida que se lo asignen; si es suyo, cierre sesión y ábralo de nuevo.');
    return true;
  }

  /** Verifies the token and reads the step; renders the refusal page itself and returns undefined when it cannot go on. */
  async function open(req: Request, res: Response): Promise<{ claims: LinkClaims; view: DecisionStepAnswer } | undefined> {
    const checked = deps.links.verify(String(req.params.token));
    if (!checked.ok) {
      await record(req, 'link.invalid', checked.reason === 'expired' ? checked.claims : undefined, checked.reason);
      if (checked.reason === 'expired') {
        // Its addressee may ask for fresh links, which go to the step's registered address only.
        if (wrongPerson(req, res, checked.claims)) return undefined;
        page(res, 410, 'linkExpired', { title: 'Enlace vencido', email: checked.claims.email, renew: `${req.baseUrl}/${String(req.params.token)}/renovar` });
        return undefined;
      }
      const [status, title, message] = INVALID[checked.reason];
      messagePage(res, status, title, message);
      return undefined;
    }
    const { claims } = checked;
    if (wrongPerson(req, res, claims)) return undefined;
    let view: DecisionStepAnswer | null;
    try {
      view = await deps.processes.decisionStep(claims.workflowId, claims.step);
    } catch (err) {
      if (!(err instanceof ProcessesUnavailable)) throw err;
      messagePage(res, 503, 'Intente de nuevo', UNAVAILABLE);
      return undefined;
    }
    if (!view) {
      await record(req, 'link.invalid', claims, 'unknown step');
      messagePage(res, 404, 'Proceso no encontrado', 'Este enlace corresponde a un proceso que ya no existe.');
      return undefined;
    }
    if (view.decision) {
      await record(req, 'link.refused', claims, 'already decided');
      const { decision } = view;
      const entityId = await entityOf(claims.workflowId);
      const who = entityId ? (await processWords(deps.registry, entityId)).who : (e: string) => e;
      // Two tabs, one person: the second learns it was their own decision, not someone else's.
      const by = decision.by.toLowerCase() === claims.email.toLowerCase() ? 'usted mismo(a)' : who(decision.by);
      messagePage(res, 410, 'Paso ya atendido', `Este paso ya fue atendido por ${by} el ${fmt(decision.at)}: ${ACTION_OUTCOMES[decision.action]}. Este enlace ya no puede usarse.`, { next: processPage(claims.workflowId) });
      return undefined;
    }
    if (view.withdrawn) {
      await record(req, 'link.refused', claims, 'withdrawn');
      messagePage(res, 410, 'Paso sin efecto', `Este paso ya no está vigente: ${view.withdrawn.reason} Su enlace ya no puede usarse.`);
      return undefined;
    }
    if (claims.version < view.version) {
      await record(req, 'link.refused', claims, 'superseded');
      messagePage(res, 410, 'Enlace reemplazado', 'Este enlace fue reemplazado por uno más reciente. Use el último correo que recibió para este paso.');
      return undefined;
    }
    return { claims, view };
  }

  /** The page of a step: its summary, the action's button, and the step's own form (linkForms.ts) with what was sent. */
  async function render(res: Response, status: number, claims: LinkClaims, view: DecisionStepView, sent: Shown & { errors?: Array<{ message: string; rule?: string; field?: string }>; reason?: string } = {}) {
    const form = view.form ? forms[view.form] : undefined;
    page(res, status, 'link', {
      title: view.title,
      view,
      email: claims.email,
      actionLabel: ACTION_LABELS[claims.action],
      emphasis: ACTION_EMPHASIS(claims.action),
      needsReason: ACTIONS_NEEDING_REASON.includes(claims.action),
      others: view.actions.filter((a) => a !== claims.action).map((a) => ({ label: ACTION_LABELS[a], emphasis: ACTION_EMPHASIS(a), href: `${urls.decisionLink(String(res.req.params.token))}/otra/${a}` })),
      ...(form ? await form.context(view, claims.action, sent) : {}),
      ...(sent.errors ? { errors: sent.errors } : {}),
      ...(sent.reason ? { reason: sent.reason } : {}),
    });
  }

  /**
   * "Reenviar enlace" from the expired-link page (issue 14 §1.5): the step emails fresh links to the
   * address the link was sent to, never to one typed here, at most once an hour (the workflow refuses
   * more), and the trail records the request.
   */
  router.post('/:token/renovar', async (req, res) => {
    const checked = deps.links.verify(String(req.params.token));
    if (checked.ok) {
      res.redirect(303, `${req.baseUrl}/${String(req.params.token)}`);
      return;
    }
    if (checked.reason !== 'expired') {
      await record(req, 'link.invalid', undefined, checked.reason);
      const [status, title, message] = INVALID[checked.reason];
      messagePage(res, status, title, message);
      return;
    }
    const { claims } = checked;
    if (wrongPerson(req, res, claims)) return;
    try {
      await deps.processes.renewLink(claims.workflowId, { step: claims.step, email: claims.email });
    } catch (err) {
      if (err instanceof Refusal && err.code === 'decision_refused') {
        await record(req, 'link.refused', claims, `renewal: ${err.message}`);
        messagePage(res, 409, 'No se enviaron enlaces nuevos', err.message);
        return;
      }
      if (err instanceof ProcessesUnavailable) {
        messagePage(res, 503, 'Intente de nuevo', 'El servicio de procesos no está disponible en este momento. Vuelva a pedir el enlace en unos minutos.');
        return;
      }
      throw err;
    }
    await record(req, 'link.renewed', claims, claims.action);
    messagePage(res, 200, 'Enlaces enviados', `Le enviamos enlaces nuevos a ${claims.email}. Llegarán en unos minutos; los anteriores ya no sirven.`, { kind: 'ok' });
  });

  /**
   * «Otra decisión» on a step's page: the same person's link for another action of the same step, as
   * the email gave them side by side (same step, version, addressee and expiry), so whoever opened
   * «Aprobar» by mistake can still observe or reject without going back to the email.
   */
  router.get('/:token/otra/:action', async (req, res) => {
    const opened = await open(req, res);
    if (!opened) return;
    const action = req.params.action as DecisionAction;
    if (!opened.view.actions.includes(action)) {
      messagePage(res, 404, 'Acción no disponible', 'Este paso no admite esa decisión. Use los botones de la página o del correo.');
      return;
    }
    res.redirect(303, urls.decisionLink(deps.links.sign({ ...opened.claims, action })));
  });

  router.get('/:token', async (req, res) => {
    const opened = await open(req, res);
    if (!opened) return;
    await record(req, 'link.opened', opened.claims, opened.claims.action);
    await render(res, 200, opened.claims, opened.view);
  });

  router.post('/:token', async (req, res) => {
    const opened = await open(req, res);
    if (!opened) return;
    const { claims, view } = opened;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const reason = typeof body.reason === 'string' ? body.reason.trim() : undefined;

    // A missing reason is answered here, in Spanish and at its field, before any process is asked.
    if (ACTIONS_NEEDING_REASON.includes(claims.action) && (reason ?? '').length < MIN_REASON) {
      await render(res, 400, claims, view, { errors: [{ field: 'reason', message: `Escriba el motivo (al menos ${MIN_REASON} caracteres): quien propuso lo leerá para corregir.` }], reason });
      return;
    }
    const reading: Reading = view.form ? await forms[view.form].read(view, claims.action, req) : {};
    if ('violations' in reading) {
      await render(res, 400, claims, view, { ...reading, errors: reading.violations, reason });
      return;
    }
    const { payload } = reading;

    try {
      const signedIn = principalOf(res).kind === 'person';
      const actor = { email: claims.email, ...(req.ip ? { ip: req.ip } : {}), userAgent: req.get('user-agent')?.slice(0, 300) ?? '', ...(signedIn ? { signedIn } : {}) };
      const input = { step: claims.step, version: claims.version, action: claims.action, ...(reason ? { reason } : {}), ...(payload !== undefined ? { payload } : {}), actor };
      await deps.processes.decide(claims.workflowId, input, view.runId);
      deps.metrics.decided(claims.workflowId, claims.action);
    } catch (err) {
      if (err instanceof Refusal && err.code === 'decision_refused') {
        await record(req, 'link.refused', claims, err.message);
        await render(res, 409, claims, view, { values: reading.values, errors: [{ message: err.message }], reason });
        return;
      }
      if (err instanceof ProcessesUnavailable) {
        // The process may still take the decision once it answers again; opening the link shows which.
        messagePage(res, 503, 'Intente de nuevo', UNCONFIRMED);
        return;
      }
      throw err;
    }
    // The process itself writes the decision's audit row (activities/decisions.ts), retrying until it
    // holds, so nothing here can lose or double it.
    messagePage(res, 200, 'Registrado', `Gracias. Quedó registrado: ${ACTION_OUTCOMES[claims.action]} — ${view.title}.`, { kind: 'ok', next: processPage(claims.workflowId) });
  });

  return router;
}
