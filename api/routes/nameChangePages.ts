import { Router, type Request, type Response } from 'express';
import type { NameChangeStage } from '../../contracts/nameChange';
import { NETWORK_LABELS } from '../../domain/networks';
import type { NameChangeState } from '../../infra/models/nameChange';
import { urls } from '../../infra/urls';
import { callerOf, requireSignIn } from '../auth';
import { fieldErrors, str } from '../forms/fields';
import { postForm } from '../forms/submit';
import { page } from '../render';
import type { AccountsService } from '../services/accounts';
import { mayRequestRename, type NameChangesService } from '../services/nameChanges';

/** Where an open request stands, in words: what its process says, or its row while Temporal is silent. */
const STAGES: Partial<Record<NameChangeStage, string>> = {
  iniciando: 'Iniciando',
  'en-aprobacion': 'En aprobación del/de la titular',
  'en-correccion': 'Observado: espera la corrección de quien lo pidió',
  'por-confirmar': 'Aprobado: espera que el community manager lo haga en la red y lo confirme',
};
const STATES: Record<NameChangeState, string> = {
  pending: 'En aprobación del/de la titular',
  correcting: 'Observado: espera la corrección de quien lo pidió',
  approved: 'Aprobado: espera que el community manager lo haga en la red y lo confirme',
  done: 'Realizado',
  rejected: 'Rechazado',
};

const DONE = 'Se envió el pedido de cambio: el/la titular lo recibirá por correo para aprobarlo, observarlo o rechazarlo. No cambie nada en la red todavía.';

/**
 * `/cuentas/:id/cambio-de-nombre` (PCM 6.1.2.7): the head or the CM asks for a new page name and/or
 * username with a reason; everyone who reads the account sees the open request (where it stands, whom
 * it waits for) and the history of names (old → new, who approved and when, who confirmed).
 */
export function nameChangePages(service: NameChangesService, accounts: AccountsService): Router {
  const router = Router();
  router.use('/cuentas', requireSignIn);

  const show = async (req: Request<{ id: string }>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const caller = callerOf(req, res);
    const { account, entity } = await accounts.guarded(req.params.id, caller, 'account.read');
    const { open, history } = await service.ofAccount(account._id, caller);
    const openState = open ? (open.live && STAGES[open.live.stage]) ?? STATES[open.state] : undefined;
    res.set('Cache-Control', 'no-store');
    page(res, status, 'nameChange', {
      title: `Cambio de nombre o usuario: ${NETWORK_LABELS[account.network]} ${account.username}`,
      account: { id: account._id, username: account.username, name: account.name, network: NETWORK_LABELS[account.network] },
      entity: { id: entity._id, name: entity.name },
      open, openState, history,
      may: { request: mayRequestRename(caller.principal, entity) },
      done: req.query.hecho === 'pedido' ? DONE : undefined,
      ...extra,
    });
  };

  router.get('/cuentas/:id/cambio-de-nombre', (req, res) => show(req, res, 200));
  router.post('/cuentas/:id/cambio-de-nombre', async (req: Request<{ id: string }>, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = { name: str(body.name), username: str(body.username), reason: str(body.reason) };
    await postForm(
      res,
      async () => {
        await service.request(req.params.id, values, callerOf(req, res));
        return `${urls.account.rename(req.params.id)}?hecho=pedido`;
      },
      (status, errors) => show(req, res, status, { errors, fieldErrors: fieldErrors(errors), values }),
    );
  });
  return router;
}
