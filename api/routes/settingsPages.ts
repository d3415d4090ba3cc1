import { Router, type Request, type Response } from 'express';
import { canGlobally } from '../../domain/access';
import { INACTIVITY_DEFAULT_DAYS, INACTIVITY_MAX_DAYS, INACTIVITY_MIN_DAYS } from '../../domain/inactivity';
import { QUESTION_DUE_DEFAULT_DAYS, QUESTION_DUE_MAX_DAYS, QUESTION_DUE_MIN_DAYS } from '../../domain/citizenQuestion';
import { MAX_LINK_GAP_BUSINESS_DAYS, MIN_LINK_TTL_DAYS, type ReminderPlan } from '../../domain/decision';
import type { ElectoralPeriod } from '../../domain/entity';
import { POLICY_PROFILES, PROFILES } from '../../domain/policyProfiles';
import { REPORT_DUE_DEFAULT_BUSINESS_DAYS, REPORT_DUE_MAX_BUSINESS_DAYS, REPORT_DUE_MIN_BUSINESS_DAYS } from '../../domain/reporting';
import { Refusal } from '../../domain/refusal';
import type { RuleViolation } from '../../domain/validation';
import { urls } from '../../infra/urls';
import { callerOf } from '../auth';
import { changesFrom, planOf, shownAt, structureOf, withoutIndexes } from '../forms/entity';
import { fieldErrors, str } from '../forms/fields';
import { postForm } from '../forms/submit';
import { page } from '../render';
import type { EntitiesService, EntityView } from '../services/entities';

type Form = 'dias' | 'plan' | 'electorales' | 'informe' | 'inactividad' | 'consultas' | 'estructura';

const DONE: Record<Form, string> = {
  dias: 'Se guardaron los días no laborables. Los procesos de la entidad ya los conocen.',
  plan: 'Se guardó el plan de recordatorios. Los procesos de la entidad ya lo conocen.',
  electorales: 'Se guardaron los períodos electorales.',
  informe: 'Se guardó el plazo del informe trimestral: rige desde el próximo trimestre que se abra.',
  inactividad: 'Se guardó el período sin publicaciones: las cuentas se evalúan con él desde ahora.',
  consultas: 'Se guardó el plazo de respuesta de las consultas: rige para las consultas que se deriven desde ahora.',
  estructura: 'Se guardaron los datos de la entidad.',
};

const dayFormat = new Intl.DateTimeFormat('es-PE', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
/** A calendar day as people read it: «viernes, 24 de diciembre de 2027». */
const day = (d: string) => dayFormat.format(new Date(`${d}T12:00:00Z`));

const inWords = (days: number[]) => (days.length < 2 ? String(days[0]) : `${days.slice(0, -1).join(', ')} y ${days.at(-1)!}`);
const every = (n: number) => (n === 1 ? 'cada día hábil' : `cada ${n} días hábiles`);

/** The reminder plan told as the decider lives it (business days counted from the step's opening). */
export function planSentences(plan: ReminderPlan): string[] {
  const days = plan.remindAfter;
  return [
    'Al abrirse un paso, quien decide recibe un correo con sus enlaces.',
    days.length ? `Se le recuerda en ${days.length === 1 ? 'el día hábil' : 'los días hábiles'} ${inWords(days)}.` : 'No hay recordatorios fijos.',
    plan.escalateAfter !== undefined
      ? `En el día hábil ${plan.escalateAfter} el paso se escala: también se pide a quien reemplaza a quien decide (el segundo o la segunda al mando, o el titular), con enlaces propios.`
      : 'No se escala a nadie más.',
    ...(plan.repeatEvery !== undefined ? [`Después, mientras siga sin atender, se le recuerda ${every(plan.repeatEvery)}.`] : []),
  ];
}

const rename: Record<Form, (field: string) => string> = {
  dias: () => 'dia',
  plan: (f) => withoutIndexes(f),
  // `electoralPeriods.3.to` is the new period's `to`; the list's own limit is shown at its label.
  electorales: (f) => `electoral.${f.split('.')[2] ?? 'label'}`,
  informe: () => 'reportDueBusinessDays',
  inactividad: () => 'inactivityDays',
  consultas: () => 'questionDueBusinessDays',
  estructura: (f) => withoutIndexes(f),
};

/**
 * The entity's settings (issue 15 §2): what the head may tune within the directive (`policy.manage`):
 * decreed non-working days, the reminder plan (with the link-expiry rule it must keep), electoral
 * periods (PCM 6.2.2.10); and the structure only the platform admin changes (`entity.manage`).
 */
export function settingsPages(entities: EntitiesService): Router {
  const router = Router();

  const show = async (req: Request<{ id: string }>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const caller = callerOf(req, res);
    const entity = await entities.settings(req.params.id, caller);
    page(res, status, 'settings', {
      title: `Ajustes de ${entity.name}`,
      entity,
      day,
      plan: planSentences(entity.decisionPlan),
      rule: { ttlDays: MIN_LINK_TTL_DAYS, gap: MAX_LINK_GAP_BUSINESS_DAYS },
      reportDue: { default: REPORT_DUE_DEFAULT_BUSINESS_DAYS, min: REPORT_DUE_MIN_BUSINESS_DAYS, max: REPORT_DUE_MAX_BUSINESS_DAYS },
      inactivity: { default: INACTIVITY_DEFAULT_DAYS, min: INACTIVITY_MIN_DAYS, max: INACTIVITY_MAX_DAYS },
      questionDue: { default: QUESTION_DUE_DEFAULT_DAYS, min: QUESTION_DUE_MIN_DAYS, max: QUESTION_DUE_MAX_DAYS },
      profiles: POLICY_PROFILES.map((p) => ({ value: p, label: `${p}: ${PROFILES[p].document}` })),
      may: { structure: canGlobally(caller.principal, 'entity.manage') },
      done: typeof req.query.hecho === 'string' ? DONE[req.query.hecho as Form] : undefined,
      ...extra,
    });
  };

  /** A form whose change is computed from the entity as it is now and what was typed. */
  const form = (name: Form, change: (entity: EntityView, body: Record<string, unknown>) => object) =>
    router.post(`/entidades/:id/ajustes/${name}`, async (req: Request<{ id: string }>, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      await postForm(
        res,
        async () => {
          const caller = callerOf(req, res);
          await entities.update(req.params.id, change(await entities.settings(req.params.id, caller), body), caller);
          return `${urls.entity.settings(req.params.id)}?hecho=${name}`;
        },
        (status, errors: RuleViolation[]) => {
          const shown = shownAt(errors, rename[name]);
          return show(req, res, status, { errors: shown, fieldErrors: fieldErrors(shown), values: body, form: name });
        },
      );
    });

  router.get('/entidades/:id/ajustes', async (req, res) => show(req, res, 200));

  form('dias', (entity, body) => {
    const removed = str(body.quitar);
    if (removed) return { nonWorkingDays: entity.nonWorkingDays.filter((d) => d !== removed) };
    const added = (str(body.dia) ?? '').trim();
    if (entity.nonWorkingDays.includes(added)) throw new Refusal('validation_failed', 'Esa fecha ya figura.', [{ field: 'dia', rule: 'días no laborables', message: `El ${day(added)} ya figura como no laborable.` }]);
    return { nonWorkingDays: [...entity.nonWorkingDays, added].sort() };
  });

  form('plan', (_entity, body) => ({ decisionPlan: planOf(body) }));

  form('electorales', (entity, body) => {
    const removed = str(body.quitar);
    const periods: ElectoralPeriod[] = entity.electoralPeriods ?? [];
    if (removed) return { electoralPeriods: periods.filter((p) => `${p.from}/${p.to}/${p.label}` !== removed) };
    const text = (k: string) => (str(body[k]) ?? '').trim();
    return { electoralPeriods: [...periods, { from: text('from'), to: text('to'), label: text('label') }] };
  });

  // PCM 6.3.2 names no deadline: digits become a number; anything else reaches the schema as typed, which refuses it in Spanish.
  form('informe', (_entity, body) => {
    const typed = (str(body.reportDueBusinessDays) ?? '').trim();
    return { reportDueBusinessDays: /^\d{1,3}$/.test(typed) ? Number(typed) : typed };
  });

  // PCM 5.2.5 names no period either: the same reading as the report's deadline.
  form('inactividad', (_entity, body) => {
    const typed = (str(body.inactivityDays) ?? '').trim();
    return { inactivityDays: /^\d{1,3}$/.test(typed) ? Number(typed) : typed };
  });

  // PCM 6.2.2.12 answers «conforme a Ley» without a deadline: the entity's, read the same way.
  form('consultas', (_entity, body) => {
    const typed = (str(body.questionDueBusinessDays) ?? '').trim();
    return { questionDueBusinessDays: /^\d{1,3}$/.test(typed) ? Number(typed) : typed };
  });

  form('estructura', (entity, body) => changesFrom(structureOf(body), entity));
  return router;
}
