import { Router, type Request, type Response } from 'express';
import { limaTimestamp } from '../../domain/businessDays';
import { peruvianDate } from '../../domain/dates';
import { NETWORK_LABELS } from '../../domain/networks';
import { metricsTemplateCsv } from '../../infra/platformExports/template';
import { urls } from '../../infra/urls';
import { callerOf, requireSignIn } from '../auth';
import { fieldErrors } from '../forms/fields';
import { postForm } from '../forms/submit';
import { page } from '../render';
import type { PostMetricsImportService } from '../services/postMetricsImport';

/**
 * JSON API for an account's metrics (issue 16 §1): `POST /api/accounts/:id/metrics` (multipart, field
 * `archivo`) reads a platform's export into a preview; `GET …/metrics/:importId` shows it again;
 * `POST …/metrics/:importId/confirm` stores it.
 */
export function postMetricsApi(service: PostMetricsImportService): Router {
  const router = Router();
  router.post('/:id/metrics', async (req, res) => void res.json(await service.read(req.params.id, req.file, callerOf(req, res))));
  router.get('/:id/metrics/:importId', async (req, res) => void res.json(await service.preview(req.params.id, req.params.importId, callerOf(req, res))));
  router.post('/:id/metrics/:importId/confirm', async (req, res) => void res.json(await service.confirm(req.params.id, req.params.importId, callerOf(req, res))));
  return router;
}

/** An instant as a table cell shows it, in Lima: «02/10/2026 10:00». */
const short = (iso: string) => {
  const t = limaTimestamp(new Date(iso));
  return `${peruvianDate(t.slice(0, 10))} ${t.slice(11, 16)}`;
};

/** The metrics template and how to fill it, for anyone (they hold no data). */
export function metricsTemplateRoutes(): Router {
  const router = Router();
  router.get(urls.metricsTemplate.csv, (_req, res) => void res.attachment('plantilla-metricas-custodio.csv').type('text/csv; charset=utf-8').send(metricsTemplateCsv()));
  router.get(urls.metricsTemplate.guide, (_req, res) => page(res, 200, 'metricsTemplate', { title: 'Plantilla de métricas' }));
  return router;
}

/** Pages: uploading an account's export, its preview, and the confirmation (the head and the CM; PCM 6.3.2). */
export function postMetricsPages(service: PostMetricsImportService): Router {
  const router = Router();
  router.use('/cuentas', requireSignIn);

  const accountOf = async (req: Request<{ id: string }>, res: Response) => {
    const { account, entity } = await service.guarded(req.params.id, callerOf(req, res), 'account.manage');
    return { account: { id: account._id, username: account.username, network: account.network }, networkLabel: NETWORK_LABELS[account.network], entity: { id: entity._id, name: entity.name } };
  };

  const showUpload = async (req: Request<{ id: string }>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    page(res, status, 'metricsUpload', { title: 'Subir métricas', ...(await accountOf(req, res)), ...extra });
  };
  router.get('/cuentas/:id/metricas', async (req, res) => showUpload(req, res, 200));
  router.post('/cuentas/:id/metricas', async (req, res) => {
    await postForm(
      res,
      async () => urls.account.metricsPreview(req.params.id, (await service.read(req.params.id, req.file, callerOf(req, res))).importId),
      (status, errors) => showUpload(req, res, status, { errors, fieldErrors: fieldErrors(errors) }),
    );
  });

  const showPreview = async (req: Request<{ id: string; importId: string }>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const preview = await service.preview(req.params.id, req.params.importId, callerOf(req, res));
    page(res, status, 'metricsPreview', { title: 'Vista previa de las métricas', ...(await accountOf(req, res)), preview, networkLabels: NETWORK_LABELS, short, ...extra });
  };
  router.get('/cuentas/:id/metricas/:importId', async (req, res) => showPreview(req, res, 200));
  router.post('/cuentas/:id/metricas/:importId', async (req, res) => {
    await postForm(
      res,
      async () => {
        await service.confirm(req.params.id, req.params.importId, callerOf(req, res));
        return urls.account.metricsPreview(req.params.id, req.params.importId);
      },
      (status, errors) => showPreview(req, res, status, { errors }),
    );
  });
  return router;
}
