import { Router, type Response } from 'express';
import { limaDate } from '../../domain/businessDays';
import { PAGE_SIZE_ON_PAGES } from '../../domain/paging';
import { callerOf } from '../auth';
import { filtersOf, listHref, pagerOf } from '../paging';
import { page } from '../render';
import type { AuditService } from '../services/audit';
import { Refusal } from '../../domain/refusal';
import { auditRow } from '../auditWords';

/** Streams the CSV; a reader who hangs up midway ends the export, which is no error of ours. */
async function sendCsv(res: Response, write: (out: Response) => Promise<void>): Promise<void> {
  res.type('text/csv; charset=utf-8').attachment(`auditoria-${limaDate(new Date())}.csv`).set('Cache-Control', 'no-store');
  await write(res).catch((err: { code?: string }) => {
    if (err.code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err;
  });
}

/** `GET /api/audit`: a page of JSON (`nextCursor` while more follow), or every matching row as CSV with `format=csv`. */
export function auditApi(service: AuditService): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const caller = callerOf(req, res);
    if (req.query.format === 'csv') return sendCsv(res, await service.csv(req.query, caller));
    const { page: found } = await service.search(req.query, caller);
    // `next` is the older cursor (the last row's id, for `before`), kept for clients written before `nextCursor`.
    const more = found.nextCursor ? { nextCursor: found.nextCursor, next: found.rows.at(-1)!.id } : {};
    res.set('Cache-Control', 'no-store').json({ events: found.rows, ...more });
  });
  return router;
}

/** `/auditoria`: the same search as a Spanish page, in pages, with a CSV link for every matching row. */
export function auditPages(service: AuditService): Router {
  const router = Router();
  router.get('/auditoria', async (req, res) => {
    const caller = callerOf(req, res);
    const entities = await service.scope(caller);
    const platform = caller.principal.kind === 'person' && caller.principal.platformAdmin;
    if (!entities.length && !platform) throw new Refusal('forbidden', 'Solo el titular de la Oficina de Comunicaciones y la SCS consultan la auditoría.');
    const filters = filtersOf(req.query);
    const cursor = typeof req.query.cursor === 'string' && req.query.cursor !== '' ? req.query.cursor : undefined;
    const csvHref = `/api/audit?${new URLSearchParams({ ...filters, format: 'csv' })}`;
    try {
      const { page: found, counts } = await service.search({ ...filters, ...(cursor ? { cursor } : {}), format: 'json', limit: PAGE_SIZE_ON_PAGES }, caller, true);
      const pager = pagerOf('/auditoria', filters, found, counts!, cursor);
      const names = new Map(entities.map((e) => [e.id, e.name]));
      const rows = found.rows.map((r) => auditRow(r, (id) => names.get(id) ?? id));
      page(res, 200, 'audit', { title: 'Auditoría', entities, filters, rows, pager, csvHref });
    } catch (err) {
      if (!(err instanceof Refusal) || err.code !== 'validation_failed') throw err;
      // A cut or edited page link: the same filters from their first page.
      const restart = err.violations.every((v) => v.field === 'cursor') ? listHref('/auditoria', filters) : undefined;
      page(res, 400, 'audit', { title: 'Auditoría', entities, filters, rows: [], errors: err.violations, restart });
    }
  });
  return router;
}
