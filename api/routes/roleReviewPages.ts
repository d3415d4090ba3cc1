import { Router, type Request, type Response } from 'express';
import { can } from '../../domain/access';
import { ACTION_LABELS } from '../../domain/decision';
import { NETWORK_LABELS } from '../../domain/networks';
import { AGENCY_ROLE_LABELS, GRANT_STATE_LABELS, PAGE_ROLES, PAGE_ROLE_LABELS } from '../../domain/pageRoles';
import { isPlatformAnomaly, type ReviewAnomaly } from '../../domain/platformRoles';
import { Refusal } from '../../domain/refusal';
import type { RuleViolation } from '../../domain/validation';
import { REVIEW_STEP } from '../../contracts/roleReview';
import { urls } from '../../infra/urls';
import { callerOf, principalOf, requireSignIn } from '../auth';
import { fieldErrors, rows } from '../forms/fields';
import { postForm } from '../forms/submit';
import { page } from '../render';
import type { AccountsService } from '../services/accounts';
import type { RoleReviewsService } from '../services/roleReviews';
import type { Registry } from '../../registry/reads';

type ReviewParams = { id: string; month: string };
type RolesParams = ReviewParams & { accountId: string };

/** Where a review stands, in words. */
const STATE_LABELS: Record<string, string> = { open: 'Abierta: espera la conformidad', attested: 'Conforme' };

/** What a form just did, by its `hecho`. */
const DONE: Record<string, string> = {
  roles: 'Se guardaron los roles. La situación de hoy ya los considera.',
  iniciada: 'Se inició la revisión del mes: la persona que revisa recibirá un correo.',
  correcta: 'Se registró que la anomalía es correcta.',
  retirada: 'Se comprobó en Meta que ya no figura y se registró el retiro.',
};

/** A platform anomaly's answer, in words. */
const ANSWER_LABELS: Record<string, string> = { correct: 'Es correcto', removed: 'Ya lo retiré (comprobado en Meta)' };

/** How long opening a review waits for its row before answering with the list instead. */
const OPENING_WAIT_MS = 5_000;

/** The key that names one account's roles form on the review page (field names in errors, element ids). */
const formKey = (accountId: string) => `c-${accountId}`;

/**
 * The monthly review of page roles as pages (PCM 6.1.2.11; issue 15 §2): the entity's reviews, and
 * one month's review where the reviewer reads what was found when it opened and what holds today,
 * corrects an account's roles in place, and then gives conformity with the same button the email has.
 */
export function roleReviewPages(reviews: RoleReviewsService, accounts: AccountsService, registry: Registry): Router {
  const router = Router();
  router.use('/entidades/:id/revisiones', requireSignIn);

  router.get('/entidades/:id/revisiones', async (req: Request<{ id: string }>, res) => {
    const caller = callerOf(req, res);
    const list = await reviews.list(req.params.id, caller);
    const { entity, mayStart } = await entityOf(req.params.id, res);
    page(res, 200, 'roleReviews', { title: `Revisiones de roles · ${entity.name}`, entity, reviews: list, mayStart, stateLabels: STATE_LABELS, started: req.query.iniciada === '1' });
  });

  router.post('/entidades/:id/revisiones', async (req: Request<{ id: string }>, res) => {
    const started = await reviews.start(req.params.id, callerOf(req, res));
    // Its page once the process wrote the review's row; the list says it is coming when that takes long.
    if (!(await reviews.opened(started.entityId, started.month, OPENING_WAIT_MS))) return res.redirect(303, `${urls.entity.reviews(started.entityId)}?iniciada=1`);
    res.redirect(303, `${urls.entity.review(started.entityId, started.month)}${started.started ? '?hecho=iniciada' : ''}`);
  });

  const show = async (req: Request<ReviewParams>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const caller = callerOf(req, res);
    const review = await reviews.page(req.params.id, req.params.month, caller);
    const principal = principalOf(res);
    const me = principal.kind === 'person' ? principal.email.toLowerCase() : undefined;
    const scope = (await entityOf(review.entityId, res)).scope;
    const byAccount = (list: ReviewAnomaly[]) => (accountId: string) => list.filter((a) => a.accountId === accountId);
    const answerOf = (accountId: string, key: string) => review.answers.find((a) => a.accountId === accountId && a.key === key);
    page(res, status, 'roleReview', {
      title: `Revisión de roles de ${review.monthLabel} · ${review.entityName}`,
      review,
      stateLabel: STATE_LABELS[review.state],
      networkLabels: NETWORK_LABELS,
      roleLabels: PAGE_ROLE_LABELS,
      agencyRoleLabels: AGENCY_ROLE_LABELS,
      grantStateLabels: GRANT_STATE_LABELS,
      pageRoles: PAGE_ROLES.map((r) => ({ value: r, label: PAGE_ROLE_LABELS[r] })),
      anomaliesThen: byAccount(review.anomalies),
      // Issue 17 §1: what Meta showed when the review opened, each with its answer or the two buttons.
      platformAnomalies: review.anomalies.filter(isPlatformAnomaly).map((a) => ({ ...a, answered: answerOf(a.accountId, a.key) })),
      mayAnswer: review.state === 'open' && (Boolean(me && [review.reviewer, ...review.escalateTo].some((c) => c.email.toLowerCase() === me)) || can(principal, 'account.lifecycle', scope)),
      answerLabels: ANSWER_LABELS,
      anomaliesNow: byAccount(review.now.anomalies),
      formKey,
      // Whom the step waits for, by name: the reviewer and those it escalates to are the only ones asked.
      who: (email: string) => {
        const c = [review.reviewer, ...review.escalateTo].find((x) => x.email.toLowerCase() === email.toLowerCase());
        return c ? `${c.name} (${c.email})` : email;
      },
      mayEdit: can(principal, 'account.manage', scope),
      // The conformity button only for whom the step waits: anyone else would be refused by the link.
      attest: me && review.live?.waitingFor.includes(me) ? { href: urls.stepAction(review.workflowId, REVIEW_STEP, 'attest'), label: ACTION_LABELS.attest } : undefined,
      done: DONE[String(req.query.hecho)],
      ...extra,
    });
  };
  router.get('/entidades/:id/revisiones/:month', async (req: Request<ReviewParams>, res) => show(req, res, 200));

  router.post('/entidades/:id/revisiones/:month/cuentas/:accountId/roles', async (req: Request<RolesParams>, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const { id, month, accountId } = req.params;
    const key = formKey(accountId);
    await postForm(
      res,
      async () => {
        const { account } = await accounts.guarded(accountId, callerOf(req, res), 'account.manage');
        if (account.entityId !== id) throw new Refusal('not_found', 'Esa cuenta no es de esta entidad.');
        await accounts.setRoles(accountId, { roles: rows(body.roles) }, callerOf(req, res));
        return `${urls.entity.review(id, month)}?hecho=roles#${key}`;
      },
      (status, errors: RuleViolation[]) => {
        const named = errors.map((e) => (e.field.startsWith('(') ? e : { ...e, field: `${key}.${e.field}` }));
        return show(req, res, status, { errors: named, fieldErrors: fieldErrors(named), values: body, form: accountId });
      },
    );
  });
  router.post('/entidades/:id/revisiones/:month/anomalias', async (req: Request<ReviewParams>, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const { id, month } = req.params;
    await postForm(
      res,
      async () => {
        const done = await reviews.answer(id, month, body, callerOf(req, res));
        return `${urls.entity.review(id, month)}?hecho=${done.answer === 'correct' ? 'correcta' : 'retirada'}#plataforma`;
      },
      (status, errors: RuleViolation[]) => show(req, res, status, { errors, fieldErrors: fieldErrors(errors), answering: { accountId: body.accountId, key: body.key } }),
    );
  });
  return router;

  async function entityOf(entityId: string, res: Response) {
    const entity = await registry.entity(entityId);
    // The service read it a moment ago, under the caller's permission.
    if (!entity) throw new Refusal('not_found', 'No existe esa entidad.');
    const scope = { id: entity._id, profile: entity.profile };
    return { entity: { id: entity._id, name: entity.name }, scope, mayStart: can(principalOf(res), 'account.lifecycle', scope) };
  }
}
