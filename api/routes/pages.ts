import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { ADMIN_ROLES, ADMIN_ROLE_LABELS, proposalSummary } from '../../domain/accountProposal';
import { ACTION_LABELS, type DecisionAction } from '../../domain/decision';
import { NETWORKS, NETWORK_LABELS } from '../../domain/networks';
import type { AccountCreationStage } from '../../workflows/accountCreation';
import { AppError } from '../errors';
import { fieldErrors, proposalFromForm } from '../forms';
import { page } from '../render';
import type { AccountRequestsService } from '../services/accountRequests';

const STAGE_LABELS: Record<AccountCreationStage, string> = {
  aprobacion: 'En aprobación del titular',
  correccion: 'Observada: en corrección',
  creacion: 'Aprobada: en creación',
  activa: 'Cuenta activa',
  rechazada: 'Rechazada',
};

/** What the proposal form needs besides the values: option lists. */
export async function proposalFormContext(service: AccountRequestsService) {
  return {
    entities: await service.listEntities(),
    networks: NETWORKS.map((id) => ({ id, label: NETWORK_LABELS[id] })),
    adminRoles: ADMIN_ROLES.map((id) => ({ id, label: ADMIN_ROLE_LABELS[id] })),
  };
}

/** Server-rendered Spanish pages: the request form and the status page. */
export function accountRequestPages(service: AccountRequestsService, opts: { devMailbox: boolean }): Router {
  const router = Router();

  router.get('/', (_req, res) => page(res, 200, 'home', { title: 'Inicio', devMailbox: opts.devMailbox }));

  router.get('/solicitudes/nueva', async (_req, res) => {
    page(res, 200, 'accountForm', { title: 'Nueva solicitud', ...(await proposalFormContext(service)), values: {}, idempotencyKey: randomUUID() });
  });

  router.post('/solicitudes', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const proposal = proposalFromForm(body);
    const key = typeof body.idempotencyKey === 'string' ? body.idempotencyKey : undefined;
    try {
      const { requestId } = await service.submit(proposal, key);
      res.redirect(303, `/solicitudes/${requestId}`);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      const errors = err.details.length ? err.details : [{ field: '(formulario)', rule: '—', message: err.message }];
      page(res, err.status === 409 ? 409 : 400, 'accountForm', {
        title: 'Nueva solicitud',
        ...(await proposalFormContext(service)),
        values: proposal,
        errors,
        fieldErrors: fieldErrors(errors),
        // A refused submission started nothing, so the same key can be reused for the corrected one.
        idempotencyKey: key ?? randomUUID(),
      });
    }
  });

  router.get('/solicitudes/:id', async (req, res) => {
    const status = await service.status(req.params.id);
    const entity = await service.loadEntity(status.entityId).catch(() => undefined);
    page(res, 200, 'status', {
      title: 'Estado de la solicitud',
      status,
      stageLabel: STAGE_LABELS[status.stage],
      summary: proposalSummary(status.proposal, entity?.name ?? status.entityId),
      actionLabel: (a: DecisionAction) => ACTION_LABELS[a],
    });
  });

  return router;
}
