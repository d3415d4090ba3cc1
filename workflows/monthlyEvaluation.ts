/**
 * The monthly evaluation of every account's activity (PCM 6.3.1), opened by the reporting calendar
 * (workflows/quarterlyReport.ts) on the first business day after the month. Under INPE the community
 * manager first reports the month's statistics to the head (INPE 5.1.c). The figures shown come from
 * the imported exports, read again when each step opens, so an export uploaded meanwhile counts.
 */
import { condition, setHandler } from '@temporalio/workflow';
import type { MonthlyEvaluationContext } from '../activities/quarterlyReport';
import {
  EVALUATION_STEPS,
  monthlyEvaluationStatusQuery,
  reportingNewsSignal,
  type MonthlyEvaluationInput,
  type MonthlyEvaluationStage,
  type MonthlyEvaluationStatus,
} from '../contracts/quarterlyReport';
import type { Decision } from '../domain/decision';
import type { EntityPolicy } from '../domain/entity';
import { CurrentEntity } from './currentEntity';
import { DecisionDesk, type Routing } from './decision';
import { acts } from './activities';
import { evaluationTexts } from './texts/quarterlyReport';

export async function monthlyEvaluation(input: MonthlyEvaluationInput): Promise<MonthlyEvaluationStatus> {
  let stage: MonthlyEvaluationStage = 'preparando';
  let ctx: MonthlyEvaluationContext;
  let news = false;
  const desk = new DecisionDesk();
  let reported: Decision | undefined;
  let evaluated: Decision | undefined;
  setHandler(reportingNewsSignal, () => void (news = true));
  setHandler(monthlyEvaluationStatusQuery, status);

  ctx = await acts.monthlyEvaluationContext(input);
  while (ctx.applies && ctx.exists && !ctx.entity) {
    await condition(() => news, '1 day');
    news = false;
    ctx = await acts.monthlyEvaluationContext(input);
  }
  if (!ctx.applies || !ctx.entity) {
    stage = ctx.exists ? 'no-aplica' : 'sin-entidad';
    return status();
  }
  const entityName = ctx.entity.name;
  const current = new CurrentEntity(ctx.entity);
  desk.follow(current);
  const cm = (e: EntityPolicy): Routing => ({ deciders: [e.communityManager], escalateTo: [e.head] });
  const head = (e: EntityPolicy): Routing => ({ deciders: [e.head], escalateTo: [e.secondInCommand] });

  if (ctx.cmReports) {
    stage = 'informe-cm';
    reported = await desk.decide({
      step: EVALUATION_STEPS.cmReport,
      ...evaluationTexts.cmReport(entityName, ctx),
      ...cm(current.now),
      route: cm,
      actions: ['confirm'],
      plan: current.now.decisionPlan,
      nonWorkingDays: current.now.nonWorkingDays,
    });
    ctx = await acts.monthlyEvaluationContext(input);
  }
  stage = 'evaluacion';
  evaluated = await desk.decide({
    step: EVALUATION_STEPS.evaluation,
    ...evaluationTexts.evaluation(entityName, ctx, reported?.by),
    ...head(current.now),
    route: head,
    actions: ['attest'],
    plan: current.now.decisionPlan,
    nonWorkingDays: current.now.nonWorkingDays,
  });
  stage = 'evaluada';
  return status();

  function status(): MonthlyEvaluationStatus {
    return {
      entityId: input.entityId,
      month: input.month,
      stage,
      waitingFor: [...new Set(desk.waiting().flatMap((w) => w.waitingFor))],
      ...(reported ? { reportedBy: reported.by } : {}),
      ...(evaluated ? { evaluatedBy: evaluated.by, evaluatedAt: evaluated.at } : {}),
      ...(ctx?.entity ? { evaluator: ctx.entity.head } : {}),
    };
  }
}
