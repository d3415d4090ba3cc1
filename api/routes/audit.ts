import { Router, type Response } from 'express';
import { limaDate } from '../../domain/businessDays';
import { callerOf } from '../auth';
import { page } from '../render';
import type { AuditService } from '../services/audit';
import { Refusal } from '../../domain/refusal';

const sendCsv = (res: Response, csv: string) =>
  void res.type('text/csv; charset=utf-8').attachment(`auditoria-${limaDate(new Date())}.csv`).set('Cache-Control', 'no-store').send(csv);

/** `GET /api/audit`: JSON, or CSV with `format=csv`. */
export function auditApi(service: AuditService): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const { query, rows } = await service.search(req.query, callerOf(req, res));
    if (query.format === 'csv') sendCsv(res, service.csv(rows));
    else res.set('Cache-Control', 'no-store').json({ events: rows, ...(rows.length === query.limit ? { next: rows.at(-1)!.id } : {}) });
  });
  return router;
}

/** `/auditoria`: the same search as a Spanish page with a CSV link. */
export function auditPages(service: AuditService): Router {
  const router = Router();
  router.get('/auditoria', async (req, res) => {
    const caller = callerOf(req, res);
    const entities = await service.scope(caller);
    const platform = caller.principal.kind === 'person' && caller.principal.platformAdmin;
    if (!entities.length && !platform) throw new Refusal('forbidden', 'Solo el titular de la Oficina de Comunicaciones y la SCS consultan la auditoría.');
    const filters = Object.fromEntries(Object.entries(req.query).filter(([, v]) => typeof v === 'string' && v !== ''));
    try {
      const { rows } = await service.search({ ...filters, format: 'json' }, caller);
      page(res, 200, 'audit', { title: 'Auditoría', entities, filters, rows, csvHref: `/api/audit?${new URLSearchParams({ ...filters, format: 'csv' } as Record<string, string>)}` });
    } catch (err) {
      if (!(err instanceof Refusal) || err.code !== 'validation_failed') throw err;
      page(res, 400, 'audit', { title: 'Auditoría', entities, filters, rows: [], errors: err.violations });
    }
  });
  return router;
}
