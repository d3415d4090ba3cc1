import { Router, type Request, type Response } from 'express';
import { can } from '../../domain/access';
import { limaDate } from '../../domain/businessDays';
import { NETWORK_LABELS } from '../../domain/networks';
import { GRANT_STATE_LABELS, PAGE_ROLES, PAGE_ROLE_LABELS } from '../../domain/pageRoles';
import { previousMonth } from '../../domain/postingFrequency';
import { followingMonth, monthLabel } from '../../domain/roleReview';
import { unlessUnavailable } from '../../contracts/processes';
import { urls } from '../../infra/urls';
import type { Caller } from '../../registry/audit';
import { callerOf, requireSignIn } from '../auth';
import { pageReads } from '../../registry/guards';
import { fieldErrors, filled, list, rows, str } from '../forms/fields';
import { postForm } from '../forms/submit';
import { page } from '../render';
import type { AccountCustodyService } from '../services/accountCustody';
import type { AccountsService } from '../services/accounts';
import type { AgencyGrantsService } from '../services/agencyGrants';
import { mayRequestRename } from '../services/nameChanges';
import { mayRequestClosure } from '../services/accountClosures';
import type { PostMetricsImportService } from '../services/postMetricsImport';
import { frequencyView, PERIOD_STATUS_LABELS } from '../frequencyCalendar';

/** What the rotation process is doing, in words (its `state`). */
const ROTATION_STATES: Record<string, string> = {
  iniciando: 'Iniciando',
  esperando: 'Al día: espera el próximo cambio',
  pendiente: 'Cambio pedido: espera la confirmación del custodio',
  pausada: 'Pausada con la cuenta',
  'sin-custodio': 'Sin custodio en la nómina: espera que se registre uno',
  retirada: 'Terminada: la cuenta fue dada de baja',
  'sin-proceso': 'Sin proceso en curso: se iniciará al arrancar el servicio',
};

const DONE: Record<string, string> = {
  roles: 'Se guardaron los roles de página. El proceso de rotación ya los conoce.',
  estado: 'Se cambió el estado de la cuenta.',
  rotar: 'Se pidió el cambio de contraseña: el custodio recibirá el pedido por correo.',
  contrasenas: 'Se guardó a quiénes se entrega la contraseña. Reciben el aviso de cada cambio (CONGRESO 6.2.5).',
  recuperacion: 'Se registró el equipo de recuperación.',
};

/**
 * The posting frequency shown (PCM 6.2.2.4, issue 16 §4): `?mes=YYYY-MM` and the month before it,
 * by default this month and the last; never a month still to come.
 */
async function frequencyOf(metrics: PostMetricsImportService, accountId: string, caller: Caller, asked: unknown) {
  const now = new Date();
  const current = limaDate(now).slice(0, 7);
  const month = typeof asked === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) && asked < current ? asked : current;
  const { months, imports } = await metrics.overview(accountId, caller, [month, previousMonth(month)], now);
  const later = followingMonth(followingMonth(month));
  return {
    months: months.map(frequencyView), statusLabels: PERIOD_STATUS_LABELS,
    imports: imports.map((i) => {
      const last = i.lastPublishedAt && limaDate(new Date(i.lastPublishedAt)).slice(0, 7);
      return { ...i, ...(last ? { lastMonth: last, lastMonthLabel: monthLabel(last) } : {}) };
    }),
    earlier: previousMonth(previousMonth(month)), later: month === current ? undefined : later > current ? current : later,
  };
}

/**
 * An account's page (issue 15 §2): what it is, its password changes (the process's state, the
 * confirmed ones), its page roles, and the actions each role may take here: the head and the CM edit
 * page roles (PCM 6.1.2.11) and upload its metrics, whose posting frequency everyone who reads it sees
 * (PCM 6.2.2.4); the head pauses, resumes or retires it with a reason and asks for a change
 * of password now (PCM 6.1.2.5, 6.2.3.1); the agencies with access for a campaign (PCM 6.1.2.10); under
 * CONGRESO, to whom the head hands the password (6.1.7) and the recovery phone (6.2.3). Each form answers with this page and a Spanish confirmation,
 * or again with what was typed and every error.
 */
export function accountPages(accounts: AccountsService, agencyGrants: AgencyGrantsService, metrics: PostMetricsImportService, custody: AccountCustodyService): Router {
  const router = Router();
  router.use('/cuentas', requireSignIn);

  const show = async (req: Request<{ id: string }>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    // Every service below guards the account again: they share one read of it and its entity.
    const caller = pageReads(callerOf(req, res));
    const { account, entity } = await accounts.guarded(req.params.id, caller, 'account.read');
    const view = await accounts.get(account._id, caller);
    const grants = await agencyGrants.list(account._id, caller);
    const frequency = await frequencyOf(metrics, account._id, caller, req.query.mes);
    const custodyView = await custody.get(account._id, caller);
    const continuity = await accounts.continuity(account._id, caller);
    const rotation = await unlessUnavailable(() => accounts.rotation(account._id, caller));
    const scope = { id: entity._id, profile: entity.profile };
    const done = typeof req.query.hecho === 'string' ? DONE[req.query.hecho] : undefined;
    page(res, status, 'account', {
      title: `${NETWORK_LABELS[view.network]} ${view.username}`,
      account: view, entity: { id: entity._id, name: entity.name }, networkLabel: NETWORK_LABELS[view.network],
      rotation, rotationState: rotation ? ROTATION_STATES[rotation.state] : undefined,
      frequency,
      custody: custodyView,
      continuity,
      may: { metrics: can(caller.principal, 'account.manage', scope), roles: can(caller.principal, 'account.manage', scope), lifecycle: can(caller.principal, 'account.lifecycle', scope), audit: can(caller.principal, 'audit.read', scope), grant: can(caller.principal, 'account.manage', scope), rename: mayRequestRename(caller.principal, entity), closure: mayRequestClosure(caller.principal, entity) },
      grants, grantStateLabels: GRANT_STATE_LABELS,
      pageRoles: PAGE_ROLES.map((r) => ({ value: r, label: PAGE_ROLE_LABELS[r] })),
      roleLabels: PAGE_ROLE_LABELS,
      done,
      ...extra,
    });
  };

  const form = (
    path: string,
    act: (req: Request<{ id: string }>, res: Response, body: Record<string, unknown>) => Promise<unknown>,
    done: string,
    form: string,
    rename: (field: string) => string = (f) => f,
  ) =>
    router.post(path, async (req: Request<{ id: string }>, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      await postForm(
        res,
        async () => {
          await act(req, res, body);
          return `${urls.account.page(req.params.id)}?hecho=${done}`;
        },
        (status, refused) => {
          const errors = refused.map((e) => ({ ...e, field: rename(e.field) }));
          return show(req, res, status, { errors, fieldErrors: fieldErrors(errors), values: body, form });
        },
      );
    });

  router.get('/cuentas/:id', async (req, res) => show(req, res, 200));
  form('/cuentas/:id/roles', (req, res, body) => accounts.setRoles(req.params.id, { roles: rows(body.roles) }, callerOf(req, res)), 'roles', 'roles');
  form('/cuentas/:id/estado', (req, res, body) => accounts.setStatus(req.params.id, { status: str(body.status), reason: str(body.reason) }, callerOf(req, res)), 'estado', 'estado');
  // CONGRESO 6.1.7: a refusal about one of the ticked people is shown at the list.
  form('/cuentas/:id/contrasenas', (req, res, body) => custody.setPasswordHolders(req.params.id, { holders: list(body.holders) }, callerOf(req, res)), 'contrasenas', 'contrasenas', (f) => f.replace(/^holders\..*/, 'holders'));
  form(
    '/cuentas/:id/recuperacion',
    (req, res, body) =>
      custody.setRecoveryDevice(
        req.params.id,
        {
          device: str(body.device), phone: str(body.phone), holderEmail: str(body.holderEmail),
          ...(filled(body.recoveryEmail) ? { recoveryEmail: str(body.recoveryEmail) } : {}),
          ...(body.institutionOwned ? { institutionOwned: true } : {}),
        },
        callerOf(req, res),
      ),
    'recuperacion',
    'recuperacion',
  );
  form('/cuentas/:id/rotar', (req, res, body) => accounts.rotateNow(req.params.id, { reason: str(body.reason) }, callerOf(req, res)), 'rotar', 'rotar');
  return router;
}
