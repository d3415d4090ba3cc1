import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { can } from '../../domain/access';
import { NETWORK_LABELS } from '../../domain/networks';
import { AGENCY_ROLES, AGENCY_ROLE_LABELS } from '../../domain/pageRoles';
import { urls } from '../../infra/urls';
import type { Registry } from '../../registry/reads';
import { callerOf, requireSignIn } from '../auth';
import { grantEndFromForm, grantFromForm } from '../forms/agencyGrant';
import { fieldErrors } from '../forms/fields';
import { postForm } from '../forms/submit';
import { idempotencyKey } from '../idempotency';
import { processWords } from '../processWords';
import { page } from '../render';
import type { AccountsService } from '../services/accounts';
import type { AgencyGrantsService, GrantEnded } from '../services/agencyGrants';

const ROLE_OPTIONS = AGENCY_ROLES.map((r) => ({
  value: r,
  label: AGENCY_ROLE_LABELS[r],
  hint: r === 'advertiser' ? 'Crea y paga anuncios; no publica ni administra la página.' : 'A través de Business Manager: requiere el ID de la agencia.',
}));

/** The confirmation after each form, by what the early end did (`GrantEnded['effect']`) or `otorgado`. */
const DONE: Record<string, string> = {
  otorgado: 'Se registró el acceso. La agencia puede tener el rol desde el primer día de la campaña; cuando termine, Custodio pedirá al custodio que se lo retire.',
  cancelled: 'Se anuló el acceso: la campaña aún no empezaba, así que la agencia no debe recibir el rol.',
  'removal-now': 'Se registró el término anticipado: Custodio pide al custodio que retire el rol de la agencia.',
  'removal-scheduled': 'Se registró el término anticipado: el retiro del rol se pedirá el día hábil siguiente al nuevo último día.',
};

/** How long ending a grant early waits for its process to apply the end before showing the grant. */
const APPLYING_WAIT_MS = 5_000;

/** The grant can still be ended early: it has not reached its removal (the service refuses the rest). */
const endable = (state: string) => state === 'scheduled' || state === 'active';

/**
 * Agency grants as pages (PCM 6.1.2.10; issue 15 §2): the form that opens one on an account, for whoever
 * may manage the account's page roles (head, CM), and a grant's page: its dates and state, who must
 * confirm the removal and since when, and the form that ends it early with a reason.
 */
export function grantPages(grants: AgencyGrantsService, accounts: AccountsService, registry: Registry): Router {
  const router = Router();
  router.use(['/agencias', '/cuentas/:id/agencias'], requireSignIn);

  const showForm = async (req: Request<{ id: string }>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const { account, entity } = await accounts.guarded(req.params.id, callerOf(req, res), 'account.manage');
    page(res, status, 'grantForm', {
      title: `Acceso de una agencia · ${account.username}`,
      account: { id: account._id, label: `${NETWORK_LABELS[account.network]} · ${account.username}`, active: account.status === 'active' },
      entity: { id: entity._id, name: entity.name },
      roles: ROLE_OPTIONS,
      values: {},
      idempotencyKey: randomUUID(),
      ...extra,
    });
  };
  router.get('/cuentas/:id/agencias/nueva', async (req, res) => showForm(req, res, 200));
  router.post('/cuentas/:id/agencias/nueva', async (req: Request<{ id: string }>, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const input = grantFromForm(body);
    let key: string | undefined;
    await postForm(
      res,
      async () => {
        key = idempotencyKey(req);
        const { grant } = await grants.create(req.params.id, input, key, callerOf(req, res));
        return `${urls.agencyGrant.page(grant.id)}?hecho=otorgado`;
      },
      // A refused grant opened nothing, so the same key serves the corrected one.
      (status, errors) => showForm(req, res, status, { errors, fieldErrors: fieldErrors(errors), values: input, idempotencyKey: key ?? randomUUID() }),
    );
  });

  const show = async (req: Request<{ grantId: string }>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const caller = callerOf(req, res);
    const grant = await grants.get(req.params.grantId, caller);
    const [{ account, entity }, warnings, words] = await Promise.all([
      accounts.guarded(grant.accountId, caller, 'account.read'),
      grants.warnings(grant.id, caller),
      processWords(registry, grant.entityId),
    ]);
    const done = typeof req.query.hecho === 'string' ? DONE[req.query.hecho] : undefined;
    page(res, status, 'grant', {
      title: `Acceso de ${grant.agencyName}`,
      grant,
      account: { id: account._id, label: `${NETWORK_LABELS[account.network]} · ${account.username}` },
      entity: { id: entity._id, name: entity.name },
      warnings,
      who: words.who,
      mayEnd: endable(grant.state) && can(caller.principal, 'account.manage', { id: entity._id, profile: entity.profile }),
      values: {},
      done,
      ...extra,
    });
  };
  router.get('/agencias/:grantId', async (req, res) => show(req, res, 200));
  router.post('/agencias/:grantId/terminar', async (req: Request<{ grantId: string }>, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    await postForm(
      res,
      async () => {
        const ended: GrantEnded = await grants.end(req.params.grantId, grantEndFromForm(body), callerOf(req, res));
        // The page shows the new dates once the process applied them; after the wait it says what it knows.
        await grants.endApplied(ended, APPLYING_WAIT_MS);
        return `${urls.agencyGrant.page(ended.grantId)}?hecho=${ended.effect}`;
      },
      (status, errors) => show(req, res, status, { errors, fieldErrors: fieldErrors(errors), values: body }),
    );
  });
  return router;
}
