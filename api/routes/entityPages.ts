import { Router, type Request, type Response } from 'express';
import { can, canGlobally, type Principal } from '../../domain/access';
import { DEFAULT_SUPERVISOR_EMAIL, POLICY_PROFILES, PROFILES } from '../../domain/policyProfiles';
import { urls } from '../../infra/urls';
import type { Registry } from '../../registry/reads';
import { callerOf, principalOf, requireSignIn } from '../auth';
import { entityCreateOf, shownAt, withoutIndexes } from '../forms/entity';
import { fieldErrors } from '../forms/fields';
import { postForm } from '../forms/submit';
import { page } from '../render';
import type { EntitiesService } from '../services/entities';
import { apiKeyPages } from './apiKeyPages';
import { rosterPages } from './rosterPages';
import { settingsPages } from './settingsPages';

/** An entity's pages, each only where the principal's role may use it ("no link a role cannot use"). */
export function entityLinks(p: Principal, entity: { id: string; profile: (typeof POLICY_PROFILES)[number] }) {
  const scope = { id: entity.id, profile: entity.profile };
  return [
    ...(can(p, 'roster.read', scope) ? [{ href: urls.entity.roster(entity.id), label: 'Equipo', hint: 'personas, roles y designaciones' }] : []),
    ...(can(p, 'policy.manage', scope) ? [{ href: urls.entity.settings(entity.id), label: 'Ajustes', hint: 'días no laborables, plan de recordatorios, períodos electorales' }] : []),
    ...(can(p, 'apiKey.manage', scope) ? [{ href: urls.entity.apiKeys(entity.id), label: 'Claves de API', hint: 'para los sistemas de la entidad' }] : []),
    ...(can(p, 'meta.connect', scope) ? [{ href: urls.entity.meta(entity.id), label: 'Conexión con Meta', hint: 'token para leer los roles de las páginas' }] : []),
    ...(can(p, 'account.read', scope) ? [{ href: urls.entity.accounts(entity.id), label: 'Cuentas', hint: 'y sus cambios de contraseña' }] : []),
  ];
}

/** The home page's links to the entity pages of the person's entities, and to the list of entities for the platform admin. */
export async function homeEntityLinks(p: Principal, registry: Registry): Promise<Array<{ href: string; label: string; hint: string }>> {
  if (p.kind !== 'person') return [];
  if (canGlobally(p, 'entity.manage')) return [{ href: urls.entity.list, label: 'Entidades', hint: 'crear una; su equipo, ajustes y claves de API' }];
  const out: Array<{ href: string; label: string; hint: string }> = [];
  for (const entityId of new Set(p.memberships.map((m) => m.entityId))) {
    const entity = await registry.entity(entityId);
    if (!entity) continue;
    // The accounts' link is the home page's own.
    for (const l of entityLinks(p, { id: entity._id, profile: entity.profile }).filter((x) => x.href !== urls.entity.accounts(entity._id))) {
      out.push({ ...l, label: `${l.label} de ${entity.name}` });
    }
  }
  return out;
}

const PROFILE_OPTIONS = POLICY_PROFILES.map((p) => ({ value: p, label: `${p}: ${PROFILES[p].document}` }));

/**
 * The entity pages (issue 15 §2): the list of entities, where the platform admin creates one (`entity.manage`),
 * and each entity's roster, settings and API keys.
 */
export function entityPages(entities: EntitiesService): Router {
  const router = Router();
  router.use('/entidades', requireSignIn);

  const show = async (req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const caller = callerOf(req, res);
    const list = (await entities.list(caller)).map((e) => ({ ...e, links: entityLinks(caller.principal, e) }));
    page(res, status, 'entities', {
      title: 'Entidades',
      entities: list,
      profiles: PROFILE_OPTIONS,
      mayCreate: canGlobally(principalOf(res), 'entity.manage'),
      values: { supervisorEmail: DEFAULT_SUPERVISOR_EMAIL, profile: 'PCM' },
      ...extra,
    });
  };
  router.get('/entidades', async (req, res) => show(req, res, 200));
  router.post('/entidades', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const input = entityCreateOf(body);
    await postForm(
      res,
      async () => `${urls.entity.roster((await entities.create(input, callerOf(req, res))).id)}?hecho=creada`,
      (status, errors) => {
        const shown = shownAt(errors, withoutIndexes);
        return show(req, res, status, { errors: shown, fieldErrors: fieldErrors(shown), values: input });
      },
    );
  });

  router.use(rosterPages(entities));
  router.use(settingsPages(entities));
  router.use(apiKeyPages(entities));
  return router;
}
