import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { ENTITY_ROLE_SHORT, type Permission } from '../../domain/access';
import { HANDOVER_STEPS, HANDOVER_STEP_LABELS, handoverStepName, mayTakeOver } from '../../domain/handover';
import { NETWORK_LABELS } from '../../domain/networks';
import { PAGE_SIZE_ON_PAGES } from '../../domain/paging';
import { Refusal } from '../../domain/refusal';
import type { HandoverPhase } from '../../contracts/handover';
import { urls } from '../../infra/urls';
import { pageEntity } from '../pageEntity';
import type { Registry } from '../../registry/reads';
import { callerOf, requireSignIn } from '../auth';
import { fieldErrors } from '../forms/fields';
import { handoverFromForm } from '../forms/handover';
import { postForm } from '../forms/submit';
import { idempotencyKey } from '../idempotency';
import { pageQueryOf, pagerOf } from '../paging';
import { processWords } from '../processWords';
import { messagePage, page } from '../render';
import type { AccountsService } from '../services/accounts';
import type { HandoverDetail, HandoversService } from '../services/handovers';

type Params = { id: string };
type HandoverParams = Params & { handoverId: string };

const PHASE_LABELS: Record<HandoverPhase, string> = {
  iniciando: 'Iniciando',
  ...HANDOVER_STEP_LABELS,
  'sin-titular': 'En espera: la entidad no tiene titular en la nómina',
  cierre: 'Actualizando el registro',
  completado: 'Concluido',
  'sin-registro': 'Sin registro: no se pidió nada',
};

/** Each step of PCM 6.2.3 as done, current or to come, from where the handover stands. */
function stepsOf(h: HandoverDetail) {
  const phase = h.live?.phase;
  const finished = h.state === 'completed' || phase === 'cierre' || phase === 'completado';
  const at = HANDOVER_STEPS.findIndex((s) => s === phase);
  return HANDOVER_STEPS.map((step, i) => ({
    label: HANDOVER_STEP_LABELS[step],
    state: finished || (at >= 0 && i < at) ? 'Hecho' : i === at ? 'En curso' : h.state === 'interrupted' ? 'No se hizo' : 'Pendiente',
  }));
}

/**
 * Handovers of administration as pages (PCM 6.2.3; issue 15 §2): the entity's handovers a page at a time
 * for whoever reads its accounts, the form where the head starts one (PCM 6.2.3.1) choosing from the
 * roster who leaves and who takes over, and a handover's page with its steps, whom it waits for, and
 * the decisions taken.
 */
export function handoverPages(handovers: HandoversService, accounts: AccountsService, registry: Registry): Router {
  const router = Router();
  router.use('/entidades/:id/traspasos', requireSignIn);

  /** The entity, refused as the service would before it is asked (the form is read before any call). */
  async function entityOf(entityId: string, res: Response, permission: Permission) {
    const { entity, may } = await pageEntity(registry, entityId, res, permission);
    return { id: entity._id, name: entity.name, mayStart: may('account.lifecycle') };
  }

  router.get('/entidades/:id/traspasos', async (req: Request<Params>, res) => {
    const entity = await entityOf(req.params.id, res, 'account.read');
    const path = urls.handover.list(entity.id);
    try {
      const { cursor } = pageQueryOf({ cursor: req.query.cursor || undefined });
      const found = await handovers.list(entity.id, { limit: PAGE_SIZE_ON_PAGES, ...(cursor ? { cursor } : {}) }, callerOf(req, res), true);
      page(res, 200, 'handovers', { title: `Traspasos de administración · ${entity.name}`, entity, handovers: found.rows, pager: pagerOf(path, {}, found, found.counts!, cursor) });
    } catch (err) {
      if (!(err instanceof Refusal) || err.code !== 'validation_failed') throw err;
      messagePage(res, 400, 'Traspasos de administración', err.message, { next: { href: path, label: 'Volver al inicio' } });
    }
  });

  const showForm = async (req: Request<Params>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const entity = await entityOf(req.params.id, res, 'account.lifecycle');
    const roster = await registry.roster(entity.id);
    const option = (r: (typeof roster)[number]) => ({ value: r.email, label: `${r.name} (${ENTITY_ROLE_SHORT[r.role]}), ${r.email}` });
    const inService = (await accounts.list(entity.id, callerOf(req, res))).filter((a) => a.status !== 'retired');
    page(res, status, 'handoverForm', {
      title: `Iniciar un traspaso · ${entity.name}`,
      entity,
      outgoing: roster.filter((r) => r.role === 'cm').map(option),
      incoming: roster.filter((r) => mayTakeOver(r.role)).map(option),
      head: roster.find((r) => r.role === 'head'),
      accounts: inService.map((a) => `${NETWORK_LABELS[a.network]} · ${a.username}`),
      values: {},
      idempotencyKey: randomUUID(),
      ...extra,
    });
  };
  router.get('/entidades/:id/traspasos/nuevo', async (req: Request<Params>, res) => showForm(req, res, 200));
  router.post('/entidades/:id/traspasos/nuevo', async (req: Request<Params>, res) => {
    const input = handoverFromForm((req.body ?? {}) as Record<string, unknown>);
    let key: string | undefined;
    await postForm(
      res,
      async () => {
        key = idempotencyKey(req);
        const started = await handovers.start(req.params.id, input, callerOf(req, res), key);
        return `${urls.handover.page(started.entityId, started.id)}?hecho=iniciado`;
      },
      // A refused start left nothing, so the same key serves the corrected one.
      (status, errors) => showForm(req, res, status, { errors, fieldErrors: fieldErrors(errors), values: input, idempotencyKey: key ?? randomUUID() }),
    );
  });

  router.get('/entidades/:id/traspasos/:handoverId', async (req: Request<HandoverParams>, res) => {
    const caller = callerOf(req, res);
    const handover = await handovers.get(req.params.id, req.params.handoverId, caller);
    const [words, all] = await Promise.all([processWords(registry, handover.entityId), accounts.list(handover.entityId, caller)]);
    const labels = new Map(all.map((a) => [a.id, `${NETWORK_LABELS[a.network]} · ${a.username}`]));
    const live = handover.live;
    page(res, 200, 'handover', {
      title: `Traspaso de administración · ${words.entityName}`,
      handover,
      entityName: words.entityName,
      phase: live ? PHASE_LABELS[live.phase] : undefined,
      steps: stepsOf(handover),
      // While it runs, the accounts in service the process follows; once done, those the registry kept.
      accounts: live ? live.accounts.map((a) => ({ id: a.accountId, label: labels.get(a.accountId) ?? a.label })) : handover.accountIds.map((id) => ({ id, label: labels.get(id) ?? id })),
      who: words.who,
      outcome: words.outcome,
      stepName: handoverStepName,
      started: req.query.hecho === 'iniciado',
    });
  });
  return router;
}
