import { Router, type Request, type Response } from 'express';
import { anexo6Template, coexistenceRulesOf, COEXISTENCE_CLAUSE } from '../../domain/coexistenceRules';
import type { RuleViolation } from '../../domain/validation';
import { urls } from '../../infra/urls';
import { callerOf, requireSignIn } from '../auth';
import { fieldErrors, str } from '../forms/fields';
import { postForm } from '../forms/submit';
import { page } from '../render';
import type { CoexistenceService } from '../services/coexistence';
import type { EntitiesService } from '../services/entities';

const DONE: Record<string, string> = {
  guardado: 'Se publicaron las normas de convivencia adaptadas.',
  restaurado: 'Se publicó de nuevo el texto de la directiva.',
};

/** `rules.3` is shown at the list of norms. */
const atFields = (errors: RuleViolation[]) => errors.map((e) => ({ ...e, field: e.field.replace(/^coexistenceRules\./, '').replace(/^rules\.\d+$/, 'rules') }));

/**
 * `/convivencia/:id`: the entity's norms of coexistence, public (PCM 6.2.2.6, Anexo 6); and
 * `/entidades/:id/convivencia`, where the head adapts them (one norm per line) or goes back to the
 * directive's text.
 */
export function coexistencePages(service: CoexistenceService, entities: EntitiesService): Router {
  const router = Router();

  router.get('/convivencia/:id', async (req: Request<{ id: string }>, res) => {
    const view = await service.publicPage(req.params.id);
    page(res, 200, 'coexistence', { title: `Normas de convivencia · ${view.entity.name}`, view });
  });

  router.use('/entidades/:id/convivencia', requireSignIn);
  const show = async (req: Request<{ id: string }>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const entity = await entities.settings(req.params.id, callerOf(req, res));
    const current = coexistenceRulesOf(entity);
    page(res, status, 'coexistenceForm', {
      title: `Normas de convivencia de ${entity.name}`,
      entity: { id: entity.id, name: entity.name },
      adapted: current.adapted,
      values: { intro: current.intro, rules: current.rules.join('\n') },
      template: anexo6Template(entity.name),
      clause: COEXISTENCE_CLAUSE,
      done: typeof req.query.hecho === 'string' ? DONE[req.query.hecho] : undefined,
      ...extra,
    });
  };
  router.get('/entidades/:id/convivencia', (req, res) => show(req, res, 200));
  router.post('/entidades/:id/convivencia', async (req: Request<{ id: string }>, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const restore = body.restaurar === 'si';
    const values = { intro: str(body.intro) ?? '', rules: str(body.rules) ?? '' };
    const rules = values.rules.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    await postForm(
      res,
      async () => {
        await entities.update(req.params.id, { coexistenceRules: restore ? null : { intro: values.intro, rules } }, callerOf(req, res));
        return `${urls.entity.coexistence(req.params.id)}?hecho=${restore ? 'restaurado' : 'guardado'}`;
      },
      (status, errors) => {
        const shown = atFields(errors);
        return show(req, res, status, { errors: shown, fieldErrors: fieldErrors(shown), values });
      },
    );
  });
  return router;
}
