import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { Permission } from '../../domain/access';
import { INCIDENT_CLOSING_STEP, INCIDENT_KINDS, INCIDENT_KIND_LABELS } from '../../domain/incident';
import { NETWORK_LABELS } from '../../domain/networks';
import { PAGE_SIZE_ON_PAGES } from '../../domain/paging';
import { Refusal } from '../../domain/refusal';
import { urls } from '../../infra/urls';
import { pageEntity } from '../pageEntity';
import type { Registry } from '../../registry/reads';
import { callerOf, principalOf, requireSignIn } from '../auth';
import { fieldErrors } from '../forms/fields';
import { incidentFromForm } from '../forms/incident';
import { postForm } from '../forms/submit';
import { idempotencyKey } from '../idempotency';
import { pageQueryOf, pagerOf } from '../paging';
import { processWords } from '../processWords';
import { messagePage, page } from '../render';
import type { AccountsService } from '../services/accounts';
import type { IncidentsService } from '../services/incidents';

type Params = { id: string };
type IncidentParams = Params & { incidentId: string };

/**
 * Security incidents as pages (PCM 6.1.1.7): the entity's incidents for whoever reads its accounts, the
 * form where the CM or the head reports one, and an incident's page with its timeline, its checklist
 * (with the signed-in decider's buttons) and its closing report.
 */
export function incidentPages(incidents: IncidentsService, accounts: AccountsService, registry: Registry): Router {
  const router = Router();
  router.use('/entidades/:id/incidentes', requireSignIn);

  /** The entity, refused as the service would before it is asked (the form is read before any call). */
  async function entityOf(entityId: string, res: Response, permission: Permission) {
    const { entity, may } = await pageEntity(registry, entityId, res, permission);
    return { id: entity._id, name: entity.name, mayReport: may('account.manage') };
  }

  router.get('/entidades/:id/incidentes', async (req: Request<Params>, res) => {
    const entity = await entityOf(req.params.id, res, 'account.read');
    const path = urls.incident.list(entity.id);
    try {
      const { cursor } = pageQueryOf({ cursor: req.query.cursor || undefined });
      const found = await incidents.list(entity.id, { limit: PAGE_SIZE_ON_PAGES, ...(cursor ? { cursor } : {}) }, callerOf(req, res), true);
      const words = await processWords(registry, entity.id);
      page(res, 200, 'incidents', { title: `Incidentes de seguridad · ${entity.name}`, entity, incidents: found.rows, who: words.who, pager: pagerOf(path, {}, found, found.counts!, cursor) });
    } catch (err) {
      if (!(err instanceof Refusal) || err.code !== 'validation_failed') throw err;
      messagePage(res, 400, 'Incidentes de seguridad', err.message, { next: { href: path, label: 'Volver al inicio' } });
    }
  });

  const showForm = async (req: Request<Params>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const entity = await entityOf(req.params.id, res, 'account.manage');
    const inService = (await accounts.list(entity.id, callerOf(req, res))).filter((a) => a.status !== 'retired');
    page(res, status, 'incidentForm', {
      title: `Reportar un incidente de seguridad · ${entity.name}`,
      entity,
      kinds: INCIDENT_KINDS.map((k) => ({ value: k, label: INCIDENT_KIND_LABELS[k] })),
      accounts: inService.map((a) => ({ id: a.id, label: `${NETWORK_LABELS[a.network]} · ${a.username}` })),
      values: { accountIds: [] },
      idempotencyKey: randomUUID(),
      ...extra,
    });
  };
  router.get('/entidades/:id/incidentes/nuevo', async (req: Request<Params>, res) => showForm(req, res, 200));
  router.post('/entidades/:id/incidentes/nuevo', async (req: Request<Params>, res) => {
    const input = incidentFromForm((req.body ?? {}) as Record<string, unknown>);
    let key: string | undefined;
    await postForm(
      res,
      async () => {
        key = idempotencyKey(req);
        const reported = await incidents.report(req.params.id, input, callerOf(req, res), key);
        return `${urls.incident.page(reported.entityId, reported.id)}?hecho=reportado`;
      },
      // A refused report left nothing, so the same key serves the corrected one.
      (status, errors) => showForm(req, res, status, { errors, fieldErrors: fieldErrors(errors), values: input, idempotencyKey: key ?? randomUUID() }),
    );
  });

  router.get('/entidades/:id/incidentes/:incidentId', async (req: Request<IncidentParams>, res) => {
    const caller = callerOf(req, res);
    const incident = await incidents.get(req.params.id, req.params.incidentId, caller);
    const [words, all] = await Promise.all([processWords(registry, incident.entityId), accounts.list(incident.entityId, caller)]);
    const labels = new Map(all.map((a) => [a.id, `${NETWORK_LABELS[a.network]} · ${a.username}`]));
    const me = principalOf(res);
    const email = me.kind === 'person' ? me.email.toLowerCase() : undefined;
    const open = new Map((incident.live?.waiting ?? []).map((w) => [w.step, w]));
    // A signed-in decider acts from here through the same confirmation page an emailed link opens.
    const action = (step: string, act: string) => (email && open.get(step)?.waitingFor.some((a) => a.toLowerCase() === email) ? urls.stepAction(incident.workflowId, step, act) : undefined);
    page(res, 200, 'incident', {
      title: `Incidente de seguridad · ${words.entityName}`,
      incident,
      entityName: words.entityName,
      accounts: incident.accountIds.map((id) => ({ id, label: labels.get(id) ?? id, rotationAsked: incident.live ? incident.live.rotationsRequested.includes(id) : incident.state === 'closed' })),
      checklist: incident.checklist.map((c) => ({ ...c, waitingFor: open.get(c.item)?.waitingFor ?? [], href: action(c.item, 'confirm') })),
      closingStep: open.get(INCIDENT_CLOSING_STEP),
      closingHref: action(INCIDENT_CLOSING_STEP, 'report'),
      who: words.who,
      reported: req.query.hecho === 'reportado',
    });
  });
  return router;
}
