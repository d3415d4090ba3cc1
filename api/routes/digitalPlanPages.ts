import { Router, type Request, type Response } from 'express';
import type { DigitalPlanStage } from '../../contracts/digitalPlan';
import { numberingYear } from '../../domain/documentNumbers';
import { PLAN_CLAUSE, PLAN_INDICATOR_LABELS, PLAN_INDICATORS, PLAN_SECTION_TEXT, PLAN_SECTIONS } from '../../domain/digitalPlan';
import { NETWORK_LABELS, NETWORKS } from '../../domain/networks';
import { digitalPlanFilename, renderDigitalPlan } from '../../infra/documents/digitalPlan';
import { urls } from '../../infra/urls';
import type { Registry } from '../../registry/reads';
import { callerOf, requireSignIn } from '../auth';
import { fieldErrors } from '../forms/fields';
import { postForm } from '../forms/submit';
import { pageEntity } from '../pageEntity';
import { page } from '../render';
import { mayDraftPlan, type DigitalPlansService } from '../services/digitalPlans';

type Params = { id: string; year: string };

const STATES = { none: 'Sin elaborar', draft: 'Borrador', pending: 'En aprobación del/de la titular', approved: 'Aprobado' } as const;
const STAGES: Partial<Record<DigitalPlanStage, string>> = { 'en-aprobacion': 'En aprobación del/de la titular' };
const DONE: Record<string, string> = {
  guardado: 'Se guardó el borrador.',
  enviado: 'Se envió el plan al/a la titular para su aprobación.',
};

/** Figures typed on the page: empty is «not planned»; anything else goes to the schema as typed or as a number. */
function figures(raw: unknown, keys: readonly string[]): Record<string, unknown> {
  const typed = (raw ?? {}) as Record<string, unknown>;
  return Object.fromEntries(keys.flatMap((k) => {
    const v = typeof typed[k] === 'string' ? (typed[k] as string).trim().replace(/[\s.]/g, '') : '';
    return v ? [[k, /^\d+$/.test(v) ? Number(v) : v]] : [];
  }));
}

/**
 * `/entidades/:id/plan/:year` (issue 19 §3; PCM 6.2.2.1, Anexo 2): the year's plan — Anexo 2's ten
 * sections, the weekly posting plan and the quarterly targets — as a form for the CM and the head while
 * it is a draft (save, or send to the head), and as the approved plan with its PDF afterwards.
 */
export function digitalPlanPages(service: DigitalPlansService, registry: Registry): Router {
  const router = Router();
  router.use('/entidades/:id/plan', requireSignIn);

  router.get('/entidades/:id/plan', (req: Request<{ id: string }>, res) => res.redirect(303, urls.entity.plan(req.params.id, numberingYear(new Date()))));

  const show = async (req: Request<Params>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const { entity } = await pageEntity(registry, req.params.id, res, 'account.read');
    const caller = callerOf(req, res);
    const year = Number(req.params.year);
    const plan = await service.get(entity._id, year, caller);
    const thisYear = numberingYear(new Date());
    res.set('Cache-Control', 'no-store');
    page(res, status, 'digitalPlan', {
      title: `Plan de Comunicación Digital ${year} · ${entity.name}`,
      entity: { id: entity._id, name: entity.name },
      year, plan, clause: PLAN_CLAUSE,
      state: (plan.live && STAGES[plan.live.stage]) ?? STATES[plan.state],
      sections: PLAN_SECTIONS.map((s) => ({ key: s, ...PLAN_SECTION_TEXT[s] })),
      networks: NETWORKS.filter((n) => n !== 'other').map((n) => ({ key: n, label: NETWORK_LABELS[n] })),
      indicators: PLAN_INDICATORS.map((i) => ({ key: i, label: PLAN_INDICATOR_LABELS[i] })),
      may: { draft: mayDraftPlan(caller.principal, entity) && (year === thisYear || year === thisYear + 1) && (plan.state === 'none' || plan.state === 'draft') },
      years: [thisYear - 1, thisYear, thisYear + 1],
      done: typeof req.query.hecho === 'string' ? DONE[req.query.hecho] : undefined,
      ...extra,
    });
  };

  router.get('/entidades/:id/plan/:year', (req: Request<Params>, res) => show(req, res, 200));

  router.get('/entidades/:id/plan/:year/pdf', async (req: Request<Params>, res) => {
    const data = await service.document(req.params.id, Number(req.params.year), callerOf(req, res));
    if (!data) return show(req, res, 404, { errors: [{ field: '', rule: PLAN_CLAUSE, message: 'El plan de ese año aún no está aprobado: no tiene documento.' }] });
    res.set('Content-Type', 'application/pdf');
    res.set('Content-Disposition', `attachment; filename="${digitalPlanFilename(data)}"`);
    res.send(await renderDigitalPlan(data));
  });

  router.post('/entidades/:id/plan/:year', async (req: Request<Params>, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const typedSections = (body.sections ?? {}) as Record<string, unknown>;
    const values = {
      sections: Object.fromEntries(PLAN_SECTIONS.flatMap((s) => (typeof typedSections[s] === 'string' && typedSections[s] ? [[s, typedSections[s]]] : []))),
      weeklyPosts: figures(body.weeklyPosts, NETWORKS),
      indicators: figures(body.indicators, PLAN_INDICATORS),
    };
    const send = body.accion === 'enviar';
    await postForm(
      res,
      async () => {
        const caller = callerOf(req, res);
        const year = Number(req.params.year);
        await service.save(req.params.id, year, values, caller);
        if (send) await service.submit(req.params.id, year, caller);
        return `${urls.entity.plan(req.params.id, year)}?hecho=${send ? 'enviado' : 'guardado'}`;
      },
      (status, errors) => show(req, res, status, { errors, fieldErrors: fieldErrors(errors), values }),
    );
  });
  return router;
}
