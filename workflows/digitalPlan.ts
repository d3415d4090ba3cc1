/**
 * The approval of an entity's Plan de Comunicación Digital (issue 19 §3; PCM 6.2.2.1, Anexo 2), one process
 * per round: the CM sent the plan from its page; the head approves or observes it (the head's own sending
 * is the approval). Observed, the plan goes back to draft with the reason and the sender corrects it on
 * the page (a new round). Approved, it is numbered, final for its year, and the numbered PDF/A goes to
 * the head, the CM and the sender.
 */
import { setHandler, workflowInfo } from '@temporalio/workflow';
import type { DigitalPlanContext } from '../activities/digitalPlan';
import { DIGITAL_PLAN_STEP, digitalPlanStatusQuery, type DigitalPlanInput, type DigitalPlanStage, type DigitalPlanStatus } from '../contracts/digitalPlan';
import type { EntityPolicy } from '../domain/entity';
import { CurrentEntity } from './currentEntity';
import { DecisionDesk, type Routing } from './decision';
import { acts } from './activities';
import { digitalPlanTexts } from './texts/digitalPlan';

const { digitalPlanContext, decideDigitalPlan, digitalPlanDocument, documentNumber, sendNotice } = acts;

export async function digitalPlan(input: DigitalPlanInput): Promise<DigitalPlanStatus> {
  const { entityId, year, round } = input;
  const desk = new DecisionDesk();
  let stage: DigitalPlanStage = 'iniciando';
  let decidedBy: string | undefined;
  let recordCode: string | undefined;
  setHandler(digitalPlanStatusQuery, () => ({ stage, waitingFor: [...new Set(desk.waiting().flatMap((w) => w.waitingFor))], ...(decidedBy ? { decidedBy } : {}), ...(recordCode ? { recordCode } : {}) }));
  const key = (suffix: string) => `${workflowInfo().workflowId}/${suffix}`;

  const ctx: DigitalPlanContext = await digitalPlanContext({ entityId, year });
  if (!ctx.exists || !ctx.entity) {
    stage = 'sin-registro';
    return { stage, waitingFor: [] };
  }
  const current = new CurrentEntity(ctx.entity);
  desk.follow(current);
  const words = () => ({ entityName: current.now.name, year, submitter: ctx.submitter });

  let approved = { by: ctx.submitter.email, at: ctx.submittedAt };
  if (ctx.submitter.email !== current.now.head.email) {
    stage = 'en-aprobacion';
    const head = (e: EntityPolicy): Routing => ({ deciders: [e.head], cc: [ctx.submitter.email] });
    const decision = await desk.decide({
      step: DIGITAL_PLAN_STEP,
      ...digitalPlanTexts.approval(words(), round),
      ...head(current.now),
      route: head,
      actions: ['approve', 'observe'],
      plan: current.now.decisionPlan,
      nonWorkingDays: current.now.nonWorkingDays,
    });
    decidedBy = decision.by;
    if (decision.action === 'observe') {
      stage = 'observado';
      await decideDigitalPlan({ entityId, year, round, action: 'observe', by: decision.by, at: decision.at, reason: decision.reason ?? '' });
      await sendNotice({ key: key('observacion'), to: [ctx.submitter], cc: [decision.by], ...digitalPlanTexts.observed(words(), decision) });
      return { stage, waitingFor: [], decidedBy };
    }
    approved = { by: decision.by, at: decision.at };
  }
  decidedBy = approved.by;

  const number = await documentNumber({ entityId, series: 'digitalPlan', key: `plan:${entityId}:${year}`, at: approved.at });
  recordCode = number.code;
  await decideDigitalPlan({ entityId, year, round, action: 'approve', by: approved.by, at: approved.at, recordCode });
  const data = await digitalPlanDocument({ entityId, year });
  const now = await current.read();
  await sendNotice({
    key: key('aprobado'),
    to: [now.head],
    cc: [...new Set([now.communityManager.email, ctx.submitter.email])].filter((e) => e !== now.head.email),
    ...digitalPlanTexts.approved(words(), number.code, approved.by),
    ...(data ? { attachments: [{ kind: 'digitalPlan' as const, data }] } : {}),
  });
  stage = 'aprobado';
  return { stage, waitingFor: [], decidedBy, recordCode };
}
