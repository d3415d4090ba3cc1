import { randomUUID } from 'node:crypto';
import { Router, type Response } from 'express';
import { processWords, reference } from '../processWords';
import { campaignSummary, opinionRows } from '../../domain/campaign';
import { Refusal } from '../../domain/refusal';
import { urls } from '../../infra/urls';
import type { Registry } from '../../registry/reads';
import { listAnswer, listQueryOf } from '../paging';
import { callerOf, principalOf, requireSignIn } from '../auth';
import { campaignFormContext, campaignFromForm } from '../forms/campaign';
import { fieldErrors } from '../forms/fields';
import { postForm } from '../forms/submit';
import { idempotencyKey } from '../idempotency';
import { page } from '../render';
import type { CampaignsService } from '../services/campaigns';

/** JSON API: campaigns (RULEBOOK §5). */
export function campaignsApi(service: CampaignsService): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json(listAnswer('campaigns', await service.list(callerOf(req, res).principal, listQueryOf(req.query))));
  });
  router.post('/', async (req, res) => {
    const { campaignId } = await service.submit(req.body, idempotencyKey(req), callerOf(req, res));
    res.status(202).location(urls.campaign.api(campaignId)).json({ id: campaignId, statusUrl: urls.campaign.api(campaignId), page: urls.campaign.page(campaignId) });
  });
  router.get('/:id', async (req, res) => {
    res.json(await service.get(req.params.id, callerOf(req, res)));
  });
  return router;
}

/** Spanish pages: the campaign form and a campaign's status. */
export function campaignPages(service: CampaignsService, registry: Registry): Router {
  const router = Router();
  router.use('/campanas', requireSignIn);

  const entitiesOf = async (res: Response) => {
    const entities = await registry.entitiesForSubmission(principalOf(res));
    if (!entities.length) throw new Refusal('forbidden', 'Su rol no le permite proponer campañas en ninguna entidad.');
    return entities;
  };

  router.get('/campanas/nueva', async (_req, res) => {
    const entities = await entitiesOf(res);
    const p = principalOf(res);
    const values = { entityId: entities.length === 1 ? entities[0]!.id : undefined, mode: 'organic', proposer: p.kind === 'person' ? { name: p.name, email: p.email } : {} };
    page(res, 200, 'campaignForm', { title: 'Nueva campaña', ...(await campaignFormContext(service.accountsFor, entities)), values, idempotencyKey: randomUUID() });
  });

  router.post('/campanas/nueva', async (req, res) => {
    const proposal = campaignFromForm(req.body as Record<string, unknown>);
    const caller = callerOf(req, res);
    let key: string | undefined;
    await postForm(
      res,
      async () => {
        key = idempotencyKey(req);
        return `${urls.campaign.page((await service.submit(proposal, key, caller)).campaignId)}?enviada=1`;
      },
      async (status, errors) => {
        const p = caller.principal;
        page(res, status, 'campaignForm', {
          title: 'Nueva campaña',
          ...(await campaignFormContext(service.accountsFor, await entitiesOf(res))),
          values: { ...proposal, proposer: p.kind === 'person' ? { name: p.name, email: p.email } : proposal.proposer },
          errors,
          fieldErrors: fieldErrors(errors),
          // A refused proposal started nothing, so the same key serves the corrected one.
          idempotencyKey: key ?? randomUUID(),
        });
      },
    );
  });

  router.get('/campanas/:id', async (req, res) => {
    const detail = await service.get(req.params.id, callerOf(req, res));
    page(res, 200, 'campaignStatus', {
      title: `Campaña ${detail.name}`,
      detail,
      summary: detail.live ? campaignSummary(detail.live.proposal, detail.entityName) : [],
      opinions: (detail.live?.opinions ?? []).map((o) => ({ ...o, rows: opinionRows(o.opinion) })),
      ...(await processWords(registry, detail.entityId)),
      reference: reference(detail.id),
      sent: req.query.enviada === '1',
    });
  });
  return router;
}
