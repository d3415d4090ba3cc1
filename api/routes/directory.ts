import { Router, type Request, type Response } from 'express';
import { DIRECTORY_STATES, DIRECTORY_STATE_LABELS } from '../../domain/directory';
import { NETWORKS, NETWORK_LABELS } from '../../domain/networks';
import { PAGE_SIZE_ON_PAGES } from '../../domain/paging';
import { Refusal } from '../../domain/refusal';
import { urls } from '../../infra/urls';
import { callerOf, requireSignIn } from '../auth';
import { listHref, pageQueryOf, pagerOf } from '../paging';
import { messagePage, page } from '../render';
import { sendSheet } from '../sheets';
import type { DirectoryScope, DirectoryService } from '../services/directory';
import { directorySheet } from '../services/directorySheet';

const FILTER_KEYS = ['entity', 'network', 'state', 'q'] as const;
const CHOICES = {
  networks: NETWORKS.map((n) => ({ value: n, label: NETWORK_LABELS[n] })),
  states: DIRECTORY_STATES.map((s) => ({ value: s, label: DIRECTORY_STATE_LABELS[s] })),
};

/** The filters as typed (text only), which the page shows again and its links keep. */
const typed = (q: Request['query']): Record<string, string> =>
  Object.fromEntries(FILTER_KEYS.flatMap((k) => (typeof q[k] === 'string' && q[k] !== '' ? [[k, q[k] as string]] : [])));

/**
 * The Anexo 4 directory (issue 16 §5; PCM 6.3.5, 7.3): `/directorio` for SCS (every entity it
 * supervises) and `/entidades/<id>/directorio` for the entity's own readers, filtered by entity, network,
 * state and a search over account and entity names, 100 to a page; each also as `.csv` and `.xlsx` with
 * the same filters and every matching row. Phones only for SCS and the entity's head.
 */
export function directoryPages(directory: DirectoryService): Router {
  const router = Router();

  async function show(req: Request, res: Response, scope: DirectoryScope, path: string): Promise<void> {
    const filters = typed(req.query);
    const caller = callerOf(req, res);
    const common = { path, filters, exports: { csv: listHref(`${path}.csv`, filters), xlsx: listHref(`${path}.xlsx`, filters) }, ...CHOICES };
    try {
      const { cursor } = pageQueryOf({ cursor: req.query.cursor || undefined });
      const found = await directory.page(caller, scope, filters, { limit: PAGE_SIZE_ON_PAGES, ...(cursor ? { cursor } : {}) });
      const title = found.entity ? `Directorio de cuentas de ${found.entity.name}` : 'Directorio de cuentas de las entidades';
      page(res, 200, 'directory', { ...common, title, found, pager: pagerOf(path, filters, found, found.counts, cursor) });
    } catch (err) {
      if (!(err instanceof Refusal) || err.code !== 'validation_failed') throw err;
      if (err.violations.every((v) => v.field === 'cursor')) {
        messagePage(res, 400, 'Directorio de cuentas', err.message, { next: { href: listHref(path, filters), label: 'Volver al inicio' } });
        return;
      }
      // A filter nobody can apply is shown at its field, with the form to correct it and no rows.
      const choices = await directory.choices(caller, scope);
      const errors = Object.fromEntries(err.violations.map((v) => [v.field, v.message]));
      const title = choices.entity ? `Directorio de cuentas de ${choices.entity.name}` : 'Directorio de cuentas de las entidades';
      page(res, 400, 'directory', { ...common, title, found: { ...choices, rows: [], filters: {}, phonesShown: false }, errors });
    }
  }

  router.get(urls.directory.page, requireSignIn, (req, res) => show(req, res, { kind: 'supervised' }, urls.directory.page));
  router.get('/entidades/:id/directorio', requireSignIn, (req, res) => show(req, res, { kind: 'entity', entityId: String(req.params.id) }, urls.entity.directory(String(req.params.id))));
  for (const format of ['csv', 'xlsx'] as const) {
    router.get(urls.directory.export(format), requireSignIn, async (req, res) =>
      sendSheet(res, format, directorySheet(await directory.all(callerOf(req, res), { kind: 'supervised' }, typed(req.query)))),
    );
    router.get(`/entidades/:id/directorio.${format}`, requireSignIn, async (req, res) =>
      sendSheet(res, format, directorySheet(await directory.all(callerOf(req, res), { kind: 'entity', entityId: String(req.params.id) }, typed(req.query)))),
    );
  }
  return router;
}
