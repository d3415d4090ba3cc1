import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { proposalSummary } from '../../domain/accountProposal';
import { processWords, reference } from '../processWords';
import { callerOf, principalOf, requireSignIn } from '../auth';
import { fieldErrors } from '../forms/fields';
import { proposalFormContext, proposalFromForm } from '../forms/proposal';
import { postForm } from '../forms/submit';
import { idempotencyKey } from '../idempotency';
import { urls } from '../../infra/urls';
import { page } from '../render';
import type { AccountRequestsService } from '../services/accountRequests';
import { type AccountCreationStage, accountCreationWorkflowId } from '../../contracts/accountCreation';
import { Refusal } from '../../domain/refusal';
import { can, canGlobally } from '../../domain/access';
import type { Registry } from '../../registry/reads';
import type { MyWork } from '../services/myWork';
import { REVIEW_STATE_LABELS, type EntityGlance, type entityGlance } from '../services/entityGlance';
import { monthLabel, reviewMonthOf } from '../../domain/roleReview';
import { homeEntityLinks } from './entityPages';

const STAGE_LABELS: Record<AccountCreationStage, string> = {
  aprobacion: 'En aprobación del titular',
  correccion: 'Observada: en corrección',
  gerencia: 'Evaluada: en decisión de la Gerencia General',
  creacion: 'Aprobada: en creación',
  activa: 'Cuenta activa',
  rechazada: 'Rechazada',
};

/** Server-rendered Spanish pages: home, the request form and the status page (the list: routes/processLists.ts). */
export function accountRequestPages(service: AccountRequestsService, opts: { devMailbox: boolean; registry: Registry; myWork: MyWork; glance: ReturnType<typeof entityGlance> }): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    const p = principalOf(res);
    const audit = p.kind === 'person' && (p.supervisor || p.platformAdmin || p.memberships.some((m) => m.role === 'head'));
    // The accounts of each entity the person works for, where their role may read them.
    // …and each at a glance: accounts, overdue changes, open steps, this month's review (issue 15 §2).
    const accountLists: Array<{ href: string; name: string }> = [];
    const glances: EntityGlance[] = [];
    if (p.kind === 'person') {
      const now = new Date();
      for (const entityId of new Set(p.memberships.map((m) => m.entityId))) {
        const entity = await opts.registry.entity(entityId);
        if (!entity || !can(p, 'account.read', { id: entity._id, profile: entity.profile })) continue;
        accountLists.push({ href: urls.entity.accounts(entity._id), name: entity.name });
        glances.push(await opts.glance(entity, reviewMonthOf(now), now));
      }
    }
    const work = await opts.myWork(p);
    const entityLinks = await homeEntityLinks(p, opts.registry);
    page(res, 200, 'home', { title: 'Inicio', devMailbox: opts.devMailbox, signedIn: p.kind === 'person', audit, accountLists, entityLinks, work, glances, reviewLabels: REVIEW_STATE_LABELS, monthLabel, supervision: canGlobally(p, 'supervision.read') });
  });

  router.use('/solicitudes', requireSignIn);

  router.get('/solicitudes/nueva', async (req, res) => {
    const p = principalOf(res);
    const entities = await opts.registry.entitiesForSubmission(p);
    if (!entities.length) throw new Refusal('forbidden', 'Su rol no le permite solicitar cuentas en ninguna entidad.');
    const values = { entityId: entities.length === 1 ? entities[0]!.id : undefined, requester: p.kind === 'person' ? { name: p.name, email: p.email } : {} };
    page(res, 200, 'accountForm', { title: 'Nueva solicitud', ...proposalFormContext(entities), values, lockRequester: true, idempotencyKey: randomUUID() });
  });

  router.post('/solicitudes', async (req, res) => {
    const caller = callerOf(req, res);
    const entities = await opts.registry.entitiesForSubmission(caller.principal);
    const proposal = proposalFromForm(req.body as Record<string, unknown>, entities);
    let key: string | undefined;
    await postForm(
      res,
      async () => {
        key = idempotencyKey(req);
        return `${urls.accountRequest.page((await service.submit(proposal, key, caller)).requestId)}?enviada=1`;
      },
      async (status, errors) => {
        const p = caller.principal;
        page(res, status, 'accountForm', {
          title: 'Nueva solicitud',
          ...proposalFormContext(entities),
          values: { ...proposal, requester: p.kind === 'person' ? { name: p.name, email: p.email } : proposal.requester },
          lockRequester: true,
          errors,
          fieldErrors: fieldErrors(errors),
          // A refused submission started nothing, so the same key can be reused for the corrected one.
          idempotencyKey: key ?? randomUUID(),
        });
      },
    );
  });

  router.get('/solicitudes/:id', async (req, res) => {
    const caller = callerOf(req, res);
    const status = await service.status(req.params.id, caller);
    const words = await processWords(opts.registry, status.entityId);
    page(res, 200, 'status', {
      title: 'Estado de la solicitud',
      status,
      workflowId: accountCreationWorkflowId(status.requestId),
      stageLabel: STAGE_LABELS[status.stage],
      summary: proposalSummary(status.proposal, words.entityName),
      ...words,
      reference: reference(status.requestId),
      sent: req.query.enviada === '1',
    });
  });

  return router;
}
