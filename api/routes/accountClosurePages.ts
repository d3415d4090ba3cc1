import { Router, type Request, type Response } from 'express';
import type { AccountClosureStage } from '../../contracts/accountClosure';
import { can } from '../../domain/access';
import { NETWORK_LABELS } from '../../domain/networks';
import type { AccountClosureState } from '../../infra/models/accountClosure';
import { urls } from '../../infra/urls';
import { callerOf, requireSignIn } from '../auth';
import { fieldErrors, str } from '../forms/fields';
import { postForm } from '../forms/submit';
import { page } from '../render';
import { isHeadOf, mayRequestClosure, type AccountClosuresService } from '../services/accountClosures';
import type { AccountsService } from '../services/accounts';

/** Where an open closure stands, in words: what its process says, or its row while Temporal is silent. */
const STAGES: Partial<Record<AccountClosureStage, string>> = {
  iniciando: 'Iniciando',
  'en-aprobacion': 'En aprobación del/de la titular',
  'por-cerrar': 'Aprobado: espera que el community manager cierre la cuenta en la red y lo confirme',
  cerrada: 'Cerrada: se envía el acta de cierre',
};
const STATES: Record<AccountClosureState, string> = {
  pending: 'En aprobación del/de la titular',
  approved: 'Aprobado: espera que el community manager cierre la cuenta en la red y lo confirme',
  closed: 'Cerrada',
  rejected: 'Rechazado',
};

const DONE: Record<string, string> = {
  pedido: 'Se envió el pedido de cierre: el/la titular lo recibirá por correo para aprobarlo o rechazarlo. No cierre nada en la red todavía.',
  aprobado: 'Cierre decidido: el community manager recibirá por correo qué hacer en la red y lo confirmará. La cuenta sigue en el registro hasta entonces.',
  reactivada: 'Se registró la reactivación: la cuenta sigue y la evaluación mensual dirá lo decidido mientras no haya publicaciones nuevas.',
};

/**
 * `/cuentas/:id/cierre` (issue 19 §5; PCM 5.2.5, SENACE 7.2): the head or the CM asks to close an account
 * with a reason (the head's own request is the decision); everyone who reads the account sees the open
 * closure (where it stands, whom it waits for), how the account ended, and the closures rejected.
 */
export function accountClosurePages(service: AccountClosuresService, accounts: AccountsService): Router {
  const router = Router();
  router.use('/cuentas', requireSignIn);

  const show = async (req: Request<{ id: string }>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const caller = callerOf(req, res);
    const { account, entity } = await accounts.guarded(req.params.id, caller, 'account.read');
    const { clause, open, closed, rejected } = await service.ofAccount(account._id, caller);
    const continuity = account.status === 'retired' ? undefined : await accounts.continuity(account._id, caller);
    const lifecycle = can(caller.principal, 'account.lifecycle', { id: entity._id, profile: entity.profile });
    res.set('Cache-Control', 'no-store');
    page(res, status, 'accountClosure', {
      title: `Cierre de cuenta: ${NETWORK_LABELS[account.network]} ${account.username}`,
      account: { id: account._id, username: account.username, name: account.name, network: NETWORK_LABELS[account.network], retired: account.status === 'retired', statusReason: account.statusReason },
      entity: { id: entity._id, name: entity.name },
      clause, open, closed, rejected,
      openState: open ? (open.live && STAGES[open.live.stage]) ?? STATES[open.state] : undefined,
      continuity: continuity?.message,
      // PCM 5.2.5: the head decides to reactivate a silent account or to close it.
      mayReactivate: lifecycle && continuity?.state === 'inactive' && !open && !continuity.reactivation?.stands,
      may: { request: mayRequestClosure(caller.principal, entity) && account.status !== 'retired' && !open, decides: isHeadOf(caller.principal, entity) },
      done: typeof req.query.hecho === 'string' ? DONE[req.query.hecho] : undefined,
      ...extra,
    });
  };

  router.get('/cuentas/:id/cierre', (req, res) => show(req, res, 200));
  router.post('/cuentas/:id/reactivacion', async (req: Request<{ id: string }>, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = { plan: str(body.plan) };
    await postForm(
      res,
      async () => {
        await accounts.reactivate(req.params.id, values, callerOf(req, res));
        return `${urls.account.closure(req.params.id)}?hecho=reactivada`;
      },
      (status, errors) => show(req, res, status, { errors, fieldErrors: fieldErrors(errors), reactivation: values }),
    );
  });
  router.post('/cuentas/:id/cierre', async (req: Request<{ id: string }>, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = { reason: str(body.reason) };
    await postForm(
      res,
      async () => {
        const made = await service.request(req.params.id, values, callerOf(req, res));
        return `${urls.account.closure(req.params.id)}?hecho=${made.headAsked ? 'aprobado' : 'pedido'}`;
      },
      (status, errors) => show(req, res, status, { errors, fieldErrors: fieldErrors(errors), values }),
    );
  });
  return router;
}
