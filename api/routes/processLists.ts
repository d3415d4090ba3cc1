import { Router, type Request, type Response } from 'express';
import { CAMPAIGN_STAGES } from '../../domain/campaign';
import { CONTENT_STAGES } from '../../domain/content';
import { PAGE_SIZE_ON_PAGES } from '../../domain/paging';
import { Refusal } from '../../domain/refusal';
import { callerOf, principalOf, requireSignIn } from '../auth';
import { listHref, pageQueryOf, pagerOf } from '../paging';
import { messagePage, page } from '../render';
import { sendSheet } from '../sheets';
import type { Sheet } from '../services/listExports';
import { CAMPAIGN_STATE_CHOICES, CONTENT_STAGE_CHOICES, type ListFilters, type ProcessLists, type ShownPage } from '../services/processLists';
import { campaignsSheet, contentsSheet, requestsSheet } from '../services/processSheets';

/** One list: its address, its page, its state filter (if its rows keep a state) and its file. */
interface ListSpec<R> {
  path: string;
  title: string;
  view: string;
  noun: string;
  state?: { param: 'state' | 'stage'; values: readonly string[]; choices: Array<{ value: string; label: string }> };
  page: (lists: ProcessLists, f: ListFilters, req: Request, res: Response, cursor: string | undefined) => Promise<ShownPage<R>>;
  sheet: (lists: ProcessLists, f: ListFilters, req: Request, res: Response) => Promise<Sheet>;
}

const who = (req: Request, res: Response) => callerOf(req, res).principal;
const query = (cursor: string | undefined) => ({ limit: PAGE_SIZE_ON_PAGES, ...(cursor ? { cursor } : {}) });

const LISTS: Array<ListSpec<unknown>> = [
  {
    // The registry row of an account request keeps no stage (the process holds it): no state filter.
    path: '/solicitudes', title: 'Solicitudes de cuentas', view: 'requests', noun: 'Solicitudes',
    page: (l, f, req, res, c) => l.requests(who(req, res), f, query(c)),
    sheet: async (l, f, req, res) => requestsSheet(await l.allRequests(who(req, res), f), f),
  },
  {
    path: '/campanas', title: 'Campañas', view: 'campaigns', noun: 'Campañas',
    state: { param: 'state', values: CAMPAIGN_STAGES, choices: CAMPAIGN_STATE_CHOICES },
    page: (l, f, req, res, c) => l.campaigns(who(req, res), f, query(c)),
    sheet: async (l, f, req, res) => campaignsSheet(await l.allCampaigns(who(req, res), f), f),
  },
  {
    path: '/contenidos', title: 'Solicitudes de publicación', view: 'contents', noun: 'Solicitudes',
    state: { param: 'stage', values: CONTENT_STAGES, choices: CONTENT_STAGE_CHOICES },
    page: (l, f, req, res, c) => l.contents(who(req, res), f, query(c)),
    sheet: async (l, f, req, res) => contentsSheet(await l.allContents(who(req, res), f), f),
  },
];

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/** The filters of the query string; a state the list does not know is refused (400), never silently dropped. */
function filtersOf(spec: ListSpec<unknown>, q: Request['query']): ListFilters {
  const entity = text(q.entity);
  const state = spec.state ? text(q[spec.state.param]) : undefined;
  if (entity && entity.length > 64) throw new Refusal('validation_failed', 'Entidad no válida.', [{ field: 'entity', rule: 'filtros', message: 'Entidad no válida.' }]);
  if (spec.state && state && !spec.state.values.includes(state)) {
    throw new Refusal('validation_failed', 'Estado no válido: elija uno de la lista.', [{ field: spec.state.param, rule: 'filtros', message: 'Estado no válido.' }]);
  }
  return { ...(entity ? { entity } : {}), ...(spec.state && state ? { [spec.state.param]: state } : {}) };
}

/**
 * The lists of processes people start (issue 15 §2), for anyone signed in, each row as they may read it
 * (PCM 5.2.4: a requesting unit sees only its own): `/solicitudes` (account requests), `/campanas` and
 * `/contenidos`, filtered by entity and, where the row keeps one, by state, 100 to a page; each also as
 * `.csv` and `.xlsx` with the same filters and every matching row.
 */
export function processListPages(lists: ProcessLists): Router {
  const router = Router();
  for (const spec of LISTS) {
    router.get(spec.path, requireSignIn, async (req, res) => {
      let filters: ListFilters = {};
      try {
        filters = filtersOf(spec, req.query);
        const { cursor } = pageQueryOf({ cursor: req.query.cursor || undefined });
        const [found, choices] = await Promise.all([spec.page(lists, filters, req, res, cursor), lists.choices(principalOf(res))]);
        const shownFilters = filters as Record<string, string>;
        page(res, 200, spec.view, {
          title: spec.title,
          rows: found.rows,
          pager: pagerOf(spec.path, shownFilters, found, found.counts, cursor),
          noun: spec.noun,
          filters: shownFilters,
          ...choices,
          states: spec.state,
          exports: { csv: listHref(`${spec.path}.csv`, shownFilters), xlsx: listHref(`${spec.path}.xlsx`, shownFilters) },
        });
      } catch (err) {
        if (!(err instanceof Refusal) || err.code !== 'validation_failed') throw err;
        // A cut page link restarts the same filters; an edited filter restarts the bare list.
        const back = err.violations.every((v) => v.field === 'cursor') ? listHref(spec.path, filters as Record<string, string>) : spec.path;
        messagePage(res, 400, spec.title, err.message, { next: { href: back, label: 'Volver al inicio' } });
      }
    });
    for (const format of ['csv', 'xlsx'] as const) {
      router.get(`${spec.path}.${format}`, requireSignIn, async (req, res) => sendSheet(res, format, await spec.sheet(lists, filtersOf(spec, req.query), req, res)));
    }
  }
  return router;
}
