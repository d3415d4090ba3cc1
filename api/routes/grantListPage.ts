import { Router, type Request } from 'express';
import { GRANT_STATES, grantHoldsRole } from '../../domain/pageRoles';
import { PAGE_SIZE_ON_PAGES } from '../../domain/paging';
import { Refusal } from '../../domain/refusal';
import { urls } from '../../infra/urls';
import type { Registry } from '../../registry/reads';
import { callerOf, requireSignIn } from '../auth';
import { pageQueryOf, pagerOf } from '../paging';
import { messagePage, page } from '../render';
import type { AgencyGrantsService } from '../services/agencyGrants';

/** Grants that still hold a role, or will when their campaign starts (PCM 6.1.2.10). */
const IN_FORCE = GRANT_STATES.filter(grantHoldsRole);

/**
 * Every agency grant of an entity (issue 15 §2: a list with a filter and pages): who reads the
 * entity's accounts sees which agencies hold or held a role, on which account and for which campaign;
 * `?estado=vigentes` keeps those still in force. Each grant is opened from its account's page.
 */
export function grantListPage(grants: AgencyGrantsService, registry: Registry): Router {
  const router = Router();
  router.get('/entidades/:id/agencias', requireSignIn, async (req: Request<{ id: string }>, res) => {
    const inForce = req.query.estado === 'vigentes';
    const filters: Record<string, string> = inForce ? { estado: 'vigentes' } : {};
    const path = urls.agencyGrant.list(req.params.id);
    try {
      const { cursor } = pageQueryOf({ cursor: req.query.cursor || undefined });
      const found = await grants.listForEntity(req.params.id, { limit: PAGE_SIZE_ON_PAGES, ...(cursor ? { cursor } : {}), ...(inForce ? { states: IN_FORCE } : {}) }, callerOf(req, res), true);
      const entity = (await registry.entity(req.params.id))!;
      page(res, 200, 'grants', { title: `Accesos de agencias · ${entity.name}`, entity: { id: entity._id, name: entity.name }, grants: found.rows, inForce, pager: pagerOf(path, filters, found, found.counts!, cursor) });
    } catch (err) {
      if (!(err instanceof Refusal) || err.code !== 'validation_failed') throw err;
      messagePage(res, 400, 'Accesos de agencias', err.message, { next: { href: path, label: 'Volver al inicio' } });
    }
  });
  return router;
}
