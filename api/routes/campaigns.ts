import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { ACTION_LABELS, type DecisionAction } from '../../domain/decision';
import { CAMPAIGN_MODES, MINIMUM_ACTIONS, MINIMUM_ACTION_LABELS, MODE_LABELS, campaignSummary, opinionRows } from '../../domain/campaign';
import type { EntityPolicy } from '../../domain/entity';
import { NETWORKS, NETWORK_LABELS } from '../../domain/networks';
import { AGENCY_ROLES, AGENCY_ROLE_LABELS } from '../../domain/pageRoles';
import { callerOf, principalOf, requireSignIn } from '../auth';
import { campaignFromForm } from '../campaignForms';
import { REFUSAL_STATUS } from '../errors';
import { fieldErrors } from '../forms';
import { page } from '../render';
import type { CampaignsService } from '../services/campaigns';
import { Refusal } from '../../domain/refusal';
import type { Registry } from '../../registry/reads';

/** JSON API: campaigns (RULEBOOK §5). */
export function campaignsApi(service: CampaignsService): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const entity = typeof req.query.entity === 'string' ? req.query.entity : undefined;
    res.json({ campaigns: await service.list(callerOf(req, res).principal, entity) });
  });
  router.post('/', async (req, res) => {
    const body: unknown = req.body;
    const inBody = (body as { idempotencyKey?: unknown } | null)?.idempotencyKey;
    const key = req.get('Idempotency-Key') ?? (typeof inBody === 'string' ? inBody : undefined);
    const { campaignId } = await service.submit(body, key, callerOf(req, res));
    res.status(202).location(`/api/campaigns/${campaignId}`).json({ id: campaignId, statusUrl: `/api/campaigns/${campaignId}`, page: `/campanas/${campaignId}` });
  });
  router.get('/:id', async (req, res) => {
    res.json(await service.get(req.params.id, callerOf(req, res)));
  });
  return router;
}

/** What the campaign form needs besides the values: option lists (also the correction link's form). */
export async function campaignFormContext(service: CampaignsService, entities: EntityPolicy[]) {
  return {
    entities,
    networks: NETWORKS.map((id) => ({ id, label: NETWORK_LABELS[id] })),
    modes: CAMPAIGN_MODES.map((id) => ({ id, label: MODE_LABELS[id] })),
    minimumActions: MINIMUM_ACTIONS.map((id) => ({ id, label: MINIMUM_ACTION_LABELS[id] })),
    agencyRoles: AGENCY_ROLES.map((id) => ({ id, label: AGENCY_ROLE_LABELS[id] })),
    accounts: await service.accountsFor(entities.map((e) => e.id)),
  };
}

/** Spanish pages: the campaign form and a campaign's status. */
export function campaignPages(service: CampaignsService, registry: Registry): Router {
  const router = Router();
  router.use('/campanas', requireSignIn);

  const entitiesOf = async (res: Parameters<typeof principalOf>[0]) => {
    const entities = await registry.entitiesForSubmission(principalOf(res));
    if (!entities.length) throw new Refusal('forbidden', 'Su rol no le permite proponer campañas en ninguna entidad.');
    return entities;
  };

  router.get('/campanas/nueva', async (_req, res) => {
    const entities = await entitiesOf(res);
    const p = principalOf(res);
    const values = { entityId: entities.length === 1 ? entities[0]!.id : undefined, mode: 'organic', proposer: p.kind === 'person' ? { name: p.name, email: p.email } : {} };
    page(res, 200, 'campaignForm', { title: 'Nueva campaña', ...(await campaignFormContext(service, entities)), values, idempotencyKey: randomUUID() });
  });

  router.post('/campanas/nueva', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const proposal = campaignFromForm(body);
    const key = typeof body.idempotencyKey === 'string' && body.idempotencyKey ? body.idempotencyKey : undefined;
    const caller = callerOf(req, res);
    try {
      const { campaignId } = await service.submit(proposal, key, caller);
      res.redirect(303, `/campanas/${campaignId}`);
    } catch (err) {
      if (!(err instanceof Refusal) || err.code === 'unauthenticated' || err.code === 'forbidden') throw err;
      const errors = err.violations.length ? err.violations : [{ field: '(formulario)', rule: '—', message: err.message }];
      const p = caller.principal;
      page(res, REFUSAL_STATUS[err.code] === 409 ? 409 : 400, 'campaignForm', {
        title: 'Nueva campaña',
        ...(await campaignFormContext(service, await entitiesOf(res))),
        values: { ...proposal, proposer: p.kind === 'person' ? { name: p.name, email: p.email } : proposal.proposer },
        errors,
        fieldErrors: fieldErrors(errors),
        // A refused proposal started nothing, so the same key serves the corrected one.
        idempotencyKey: key ?? randomUUID(),
      });
    }
  });

  router.get('/campanas/:id', async (req, res) => {
    const detail = await service.get(req.params.id, callerOf(req, res));
    page(res, 200, 'campaignStatus', {
      title: `Campaña ${detail.name}`,
      detail,
      summary: detail.live ? campaignSummary(detail.live.proposal, detail.entityName) : [],
      opinions: (detail.live?.opinions ?? []).map((o) => ({ ...o, rows: opinionRows(o.opinion) })),
      actionLabel: (a: DecisionAction) => ACTION_LABELS[a],
    });
  });
  return router;
}
