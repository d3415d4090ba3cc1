import { Router, type Request, type Response } from 'express';
import { PAGE_ROLES, PAGE_ROLE_LABELS } from '../../domain/pageRoles';
import { REGISTRABLE_NETWORKS } from '../../domain/existingAccount';
import { INVENTORY_COLUMNS } from '../../domain/inventory';
import { NETWORK_LABELS } from '../../domain/networks';
import { urls } from '../../infra/urls';
import { callerOf, requireSignIn } from '../auth';
import { fieldErrors, rows, str } from '../forms/fields';
import { postForm } from '../forms/submit';
import { page } from '../render';
import { sendSheet } from '../sheets';
import type { AccountBoardService } from '../services/accountBoard';
import { accountsSheet } from '../services/listExports';
import type { InventoryService } from '../services/inventory';
import { inventoryTemplateCsv, inventoryTemplateXlsx } from '../services/inventoryTemplate';

/**
 * JSON API for bringing in existing accounts (issue 15 §1): `POST /api/entities/:id/accounts` registers
 * one; `POST /api/entities/:id/inventory` (multipart, field `archivo`) reads a spreadsheet into a
 * preview; `GET …/inventory/:importId` shows it again; `POST …/inventory/:importId/confirm` imports it.
 */
export function inventoryApi(service: InventoryService): Router {
  const router = Router();
  router.post('/:id/accounts', async (req, res) => {
    const done = await service.register(req.params.id, req.body, callerOf(req, res));
    res.status(done.created ? 201 : 200).json(done);
  });
  router.post('/:id/inventory', async (req, res) => void res.json(await service.read(req.params.id, req.file, callerOf(req, res))));
  router.get('/:id/inventory/:importId', async (req, res) => void res.json(await service.preview(req.params.id, req.params.importId, callerOf(req, res))));
  router.post('/:id/inventory/:importId/confirm', async (req, res) => void res.json(await service.confirm(req.params.id, req.params.importId, callerOf(req, res))));
  return router;
}

/** The inventory template, for anyone (it holds no data). */
export function templateRoutes(): Router {
  const router = Router();
  router.get('/plantillas/inventario.xlsx', async (_req, res) => {
    res.attachment('inventario-cuentas-anexo4.xlsx').type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await inventoryTemplateXlsx());
  });
  router.get('/plantillas/inventario.csv', (_req, res) => void res.attachment('inventario-cuentas-anexo4.csv').type('text/csv; charset=utf-8').send(inventoryTemplateCsv()));
  return router;
}

const FORM_OPTIONS = {
  networks: REGISTRABLE_NETWORKS.map((n) => ({ value: n, label: NETWORK_LABELS[n] })),
  pageRoles: PAGE_ROLES.map((r) => ({ value: r, label: PAGE_ROLE_LABELS[r] })),
  columns: INVENTORY_COLUMNS,
};

/** Form fields of the registration page as the service takes them: blank optional fields left out, blank rows dropped. */
function registrationOf(body: Record<string, unknown>) {
  const text = (k: string) => (str(body[k]) ?? '').trim();
  const optional = (k: string) => (text(k) ? { [k]: text(k) } : {});
  return {
    network: text('network'),
    username: text('username'),
    ...optional('url'),
    managingEmail: text('managingEmail'),
    responsibles: rows(body.responsibles),
    description: text('description'),
    contentType: text('contentType'),
    ...optional('lastRotatedOn'),
    ...optional('platformId'),
    roles: rows(body.roles),
  };
}

/**
 * Pages: the entity's accounts (all, or `?vencidas=1` only overdue rotations; also as `.csv` and `.xlsx`,
 * same permission), registering one, and the inventory's upload → preview → confirmation.
 */
export function inventoryPages(service: InventoryService, board: AccountBoardService): Router {
  const router = Router();
  router.use('/entidades', requireSignIn);

  const filterOf = (req: Request) => ({ overdueOnly: req.query.vencidas === '1' });
  router.get('/entidades/:id/cuentas', async (req, res) => {
    const found = await board(req.params.id, callerOf(req, res), filterOf(req));
    page(res, 200, 'accounts', { title: `Cuentas de ${found.entity.name}`, board: found, registered: req.query.registrada });
  });
  for (const format of ['csv', 'xlsx'] as const) {
    router.get(`/entidades/:id/cuentas.${format}`, async (req, res) => sendSheet(res, format, accountsSheet(await board(req.params.id, callerOf(req, res), filterOf(req)))));
  }

  const showRegister = async (req: Request<{ id: string }>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const entity = await service.managed(req.params.id, callerOf(req, res));
    page(res, status, 'accountRegister', { title: 'Registrar una cuenta existente', entity: { id: entity._id, name: entity.name }, ...FORM_OPTIONS, ...extra });
  };
  router.get('/entidades/:id/cuentas/registrar', async (req, res) => showRegister(req, res, 200));
  router.post('/entidades/:id/cuentas/registrar', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const input = registrationOf(body);
    await postForm(
      res,
      async () => {
        const done = await service.register(req.params.id, input, callerOf(req, res));
        return `${urls.entity.accounts(req.params.id)}?registrada=${encodeURIComponent(done.accountId)}`;
      },
      (status, errors) => showRegister(req, res, status, { errors, fieldErrors: fieldErrors(errors), values: input }),
    );
  });

  const showUpload = async (req: Request<{ id: string }>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const entity = await service.managed(req.params.id, callerOf(req, res));
    page(res, status, 'inventory', { title: 'Importar el inventario de cuentas', entity: { id: entity._id, name: entity.name }, ...FORM_OPTIONS, ...extra });
  };
  router.get('/entidades/:id/inventario', async (req, res) => showUpload(req, res, 200));
  router.post('/entidades/:id/inventario', async (req, res) => {
    await postForm(
      res,
      async () => urls.entity.inventoryPreview(req.params.id, (await service.read(req.params.id, req.file, callerOf(req, res))).importId),
      (status, errors) => showUpload(req, res, status, { errors }),
    );
  });

  const showPreview = async (req: Request<{ id: string; importId: string }>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const caller = callerOf(req, res);
    const entity = await service.managed(req.params.id, caller);
    const preview = await service.preview(req.params.id, req.params.importId, caller);
    page(res, status, 'inventoryPreview', { title: 'Vista previa del inventario', entity: { id: entity._id, name: entity.name }, preview, networkLabels: NETWORK_LABELS, imported: req.query.importado === '1', ...extra });
  };
  router.get('/entidades/:id/inventario/:importId', async (req, res) => showPreview(req, res, 200));
  router.post('/entidades/:id/inventario/:importId', async (req, res) => {
    await postForm(
      res,
      async () => {
        await service.confirm(req.params.id, req.params.importId, callerOf(req, res));
        return `${urls.entity.inventoryPreview(req.params.id, req.params.importId)}?importado=1`;
      },
      (status, errors) => showPreview(req, res, status, { errors }),
    );
  });
  return router;
}
