/**
 * «Consulta ciudadana» (issue 19 §4; PCM 6.2.2.12), one process per routed question: the CM routed a
 * question received on a network to the responsible area (a roster `requester`, who names the unit); the
 * area answers on its link page by the entity's deadline in business days — counted from when the
 * question arrived, or, under Senace, from when its attention hours next open (SENACE 8.4) — reminded
 * the business day before, escalated to the head of the office on the due day; the answer goes back to
 * the CM, who publishes it on the network and confirms.
 */
import { setHandler } from '@temporalio/workflow';
import type { CitizenQuestionContext } from '../activities/citizenQuestion';
import { CITIZEN_QUESTION_STEPS, citizenQuestionStatusQuery, type CitizenQuestionInput, type CitizenQuestionStage, type CitizenQuestionStatus } from '../contracts/citizenQuestion';
import { answerPlan, questionAnswerSchema } from '../domain/citizenQuestion';
import type { Decision } from '../domain/decision';
import type { EntityPolicy } from '../domain/entity';
import { CurrentEntity } from './currentEntity';
import { DecisionDesk, type Routing } from './decision';
import { acts } from './activities';
import { citizenQuestionTexts } from './texts/citizenQuestion';

const { citizenQuestionContext, recordQuestionAnswer, recordQuestionReply } = acts;

export async function citizenQuestion(input: CitizenQuestionInput): Promise<CitizenQuestionStatus> {
  const { questionId } = input;
  const desk = new DecisionDesk();
  let stage: CitizenQuestionStage = 'iniciando';
  let ctx: CitizenQuestionContext | undefined;
  let answered: Decision | undefined;
  let replied: Decision | undefined;
  setHandler(citizenQuestionStatusQuery, status);

  ctx = await citizenQuestionContext({ questionId });
  if (!ctx.exists || !ctx.entity) {
    stage = 'sin-registro';
    return status();
  }
  const current = new CurrentEntity(ctx.entity);
  desk.follow(current);
  const words = () => ({ ...ctx!, entityName: current.now.name });

  stage = 'en-atencion';
  // The area is the person the CM chose; on the due day the head of the office is asked too.
  const area = (e: EntityPolicy): Routing => ({ deciders: [ctx!.area], escalateTo: [e.head] });
  answered = await desk.decide({
    step: CITIZEN_QUESTION_STEPS.answer,
    ...citizenQuestionTexts.toArea(words()),
    ...area(current.now),
    route: area,
    actions: ['answer'],
    plan: answerPlan(ctx.dueBusinessDays),
    countFrom: ctx.countsFrom,
    nonWorkingDays: current.now.nonWorkingDays,
    form: 'questionAnswer',
    validatePayload: (_a, payload) => {
      const parsed = questionAnswerSchema.safeParse(payload);
      return parsed.success ? undefined : parsed.error.issues.map((i) => i.message).join(' ');
    },
  });
  const { answer } = questionAnswerSchema.parse(answered.payload);
  await recordQuestionAnswer({ questionId, answer, by: answered.by, at: answered.at });

  stage = 'por-responder';
  const cm = (e: EntityPolicy): Routing => ({ deciders: [e.communityManager], escalateTo: e.head.email === e.communityManager.email ? [] : [e.head] });
  replied = await desk.decide({
    step: CITIZEN_QUESTION_STEPS.reply,
    ...citizenQuestionTexts.reply(words(), answer, answered.by),
    ...cm(current.now),
    route: cm,
    actions: ['confirm'],
    plan: current.now.decisionPlan,
    nonWorkingDays: current.now.nonWorkingDays,
  });
  await recordQuestionReply({ questionId, by: replied.by, at: replied.at });
  stage = 'respondida';
  return status();

  function status(): CitizenQuestionStatus {
    return {
      questionId,
      stage,
      waitingFor: [...new Set(desk.waiting().flatMap((w) => w.waitingFor))],
      ...(ctx?.exists ? { dueAt: ctx.dueAt } : {}),
      ...(answered ? { answeredBy: answered.by, answeredAt: answered.at } : {}),
      ...(replied ? { repliedBy: replied.by, repliedAt: replied.at } : {}),
    };
  }
}
