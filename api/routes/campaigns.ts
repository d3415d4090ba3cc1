import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { processWords, reference } from '../processWords';
import { CANCELLABLE_STAGES, ENDABLE_STAGES, campaignSummary, opinionRows } from '../../domain/campaign';
import { can } from '../../domain/access';
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
  router.post('/:id/end', async (req, res) => void res.status(202).json(await service.end(req.params.id, req.body, callerOf(req, res))));
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

  const showCampaign = async (req: Request<{ id: string }>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const detail = await service.get(req.params.id, callerOf(req, res));
    const stage = detail.live?.stage ?? detail.state;
    const entity = await registry.entity(detail.entityId);
    const mayEnd = Boolean(entity) && can(principalOf(res), 'campaign.end', { id: detail.entityId, profile: entity!.profile }) && ENDABLE_STAGES.includes(stage);
    page(res, status, 'campaignStatus', {
      title: `Campaña ${detail.name}`,
      detail,
      summary: detail.live ? campaignSummary(detail.live.proposal, detail.entityName) : [],
      opinions: (detail.live?.opinions ?? []).map((o) => ({ ...o, rows: opinionRows(o.opinion) })),
      ...(await processWords(registry, detail.entityId)),
      reference: reference(detail.id),
      sent: req.query.enviada === '1',
      end: mayEnd ? { cancels: CANCELLABLE_STAGES.includes(stage) } : undefined,
      done: req.query.hecho === 'terminada' ? 'Se pidió terminar la campaña: el estado se actualizará en unos instantes y las personas involucradas recibirán un correo.' : undefined,
      ...extra,
    });
  };
  router.get('/campanas/:id', async (req, res) => showCampaign(req, res, 200));
  // The head cancels a campaign before its diffusion or ends it early (issue 15 §2), with a reason.
  router.post('/campanas/:id/terminar', async (req: Request<{ id: string }>, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    await postForm(
      res,
      async () => {
        await service.end(req.params.id, { reason: typeof body.reason === 'string' ? body.reason : '' }, callerOf(req, res));
        return `${urls.campaign.page(req.params.id)}?hecho=terminada`;
      },
      (status, errors) => showCampaign(req, res, status, { errors, fieldErrors: fieldErrors(errors), values: body }),
    );
  });
  return router;
}
