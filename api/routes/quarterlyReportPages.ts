import { Router, type Request, type Response } from 'express';
import { ANEXO3_TABLES, NOT_AVAILABLE, accountTitle } from '../../domain/anexo3';
import { monthLabel } from '../../domain/roleReview';
import type { RuleViolation } from '../../domain/validation';
import { countText, durationText, rateText } from '../../infra/documents/anexo3Text';
import { urls } from '../../infra/urls';
import { callerOf, requireSignIn } from '../auth';
import { fieldErrors, rows, str } from '../forms/fields';
import { postForm } from '../forms/submit';
import { page } from '../render';
import type { QuarterlyReportsService } from '../services/quarterlyReports';

type Params = { id: string; quarter: string };

/** Where a report stands, in words (the row's state; the page adds the live step). */
export const REPORT_STATE_LABELS: Record<string, string> = {
  'waiting-data': 'Esperando las exportaciones del trimestre',
  drafted: 'Borrador en aprobación del/la titular',
  correcting: 'Observado: en corrección',
  sent: 'Enviado a la SCS: espera el acuse de recibo',
  acknowledged: 'Enviado y recibido por la SCS',
  rejected: 'Rechazado por el/la titular (no se envió)',
};

/** How long starting a report waits for its row before answering with the list instead. */
const OPENING_WAIT_MS = 5_000;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * JSON API of the quarterly reports (PCM 6.3.2): the entity's reports, one report with its live
 * status and draft, a start on demand, and the follower counts typed by hand.
 */
export function quarterlyReportApi(service: QuarterlyReportsService): Router {
  const router = Router();
  router.get('/:id/quarterly-reports', async (req, res) => void res.json(await service.list(req.params.id, callerOf(req, res))));
  router.post('/:id/quarterly-reports', async (req, res) => {
    const started = await service.start(req.params.id, (req.body as { quarter?: unknown })?.quarter, callerOf(req, res));
    res.status(started.started ? 201 : 200).json(started);
  });
  router.get('/:id/quarterly-reports/:quarter', async (req, res) => void res.json(await service.page(req.params.id, req.params.quarter, callerOf(req, res))));
  router.put('/:id/quarterly-reports/:quarter/followers', async (req, res) => {
    res.json({ followers: await service.setFollowers(req.params.id, req.params.quarter, req.body, callerOf(req, res)) });
  });
  return router;
}

/** The pages: the entity's reports (and starting one), one quarter's report with its draft, follower counts and files. */
export function quarterlyReportPages(service: QuarterlyReportsService): Router {
  const router = Router();
  router.use('/entidades/:id/informes', requireSignIn);

  router.get('/entidades/:id/informes', async (req: Request<{ id: string }>, res) => {
    const list = await service.list(req.params.id, callerOf(req, res));
    page(res, 200, 'quarterlyReports', { title: `Informes trimestrales · ${list.entity.name}`, ...list, stateLabels: REPORT_STATE_LABELS, started: req.query.iniciado === '1' });
  });

  router.post('/entidades/:id/informes', async (req: Request<{ id: string }>, res) => {
    const body = req.body as Record<string, unknown>;
    await postForm(
      res,
      async () => {
        const started = await service.start(req.params.id, str(body.quarter), callerOf(req, res));
        if (!(await service.opened(started.entityId, started.quarter, OPENING_WAIT_MS))) return `${urls.entity.reports(started.entityId)}?iniciado=1`;
        return `${urls.entity.report(started.entityId, started.quarter)}${started.started ? '?hecho=iniciado' : ''}`;
      },
      async (status, errors) => {
        const list = await service.list(req.params.id, callerOf(req, res));
        page(res, status, 'quarterlyReports', { title: `Informes trimestrales · ${list.entity.name}`, ...list, stateLabels: REPORT_STATE_LABELS, errors, fieldErrors: fieldErrors(errors), values: body });
      },
    );
  });

  const show = async (req: Request<Params>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const report = await service.page(req.params.id, req.params.quarter, callerOf(req, res));
    page(res, status, 'quarterlyReport', {
      title: `Informe trimestral del ${report.label} · ${report.entity.name}`,
      report,
      stateLabel: REPORT_STATE_LABELS[report.state],
      tables: ANEXO3_TABLES,
      notAvailable: NOT_AVAILABLE,
      monthLabel,
      accountTitle,
      text: { count: countText, rate: rateText, duration: durationText },
      done: req.query.hecho,
      ...extra,
    });
  };

  router.get('/entidades/:id/informes/:quarter', (req: Request<Params>, res) => show(req, res, 200));

  router.post('/entidades/:id/informes/:quarter/seguidores', async (req: Request<Params>, res) => {
    const body = req.body as Record<string, unknown>;
    await postForm(
      res,
      async () => {
        await service.setFollowers(req.params.id, req.params.quarter, { followers: rows(body.followers) }, callerOf(req, res));
        return `${urls.entity.report(req.params.id, req.params.quarter)}?hecho=seguidores`;
      },
      (status, errors: RuleViolation[]) => show(req, res, status, { errors, fieldErrors: fieldErrors(errors), values: body }),
    );
  });

  for (const format of ['pdf', 'xlsx'] as const) {
    router.get(`/entidades/:id/informes/:quarter/anexo3.${format}`, async (req: Request<Params>, res) => {
      const file = await service.document(req.params.id, req.params.quarter, format, callerOf(req, res));
      res.attachment(file.filename).type(format === 'pdf' ? 'application/pdf' : XLSX).send(file.content);
    });
  }
  return router;
}
