/**
 * A matter that can affect the institution's image (PCM 6.2.2.14), one process per report:
 *
 *   1. the CM (or the head) reports it; the head gets a step to acknowledge it, reminded by the
 *      entity's plan, and may name a superior or competent body to raise it to;
 *   2. the reporter and the CM learn the head took note (and whether it was raised);
 *   3. raised, the superior gets their own step to acknowledge it, reminded likewise; the head and the
 *      reporter learn when they did.
 *
 * The head's step follows the roster (a new head gets it); the superior is whoever the head named.
 */
import { setHandler, workflowInfo } from '@temporalio/workflow';
import type { ImageIssueContext } from '../activities/imageIssue';
import { imageIssueStatusQuery, type ImageIssueEvent, type ImageIssueInput, type ImageIssueStage, type ImageIssueStatus } from '../contracts/imageIssue';
import type { EntityPolicy } from '../domain/entity';
import { IMAGE_ISSUE_HEAD_STEP, IMAGE_ISSUE_SUPERIOR_STEP, imageIssueAckSchema } from '../domain/imageIssue';
import { shapeViolations } from '../domain/validation';
import { CurrentEntity } from './currentEntity';
import { DecisionDesk, type Routing } from './decision';
import { acts } from './activities';
import { imageIssueTexts } from './texts/imageIssue';

const { imageIssueContext, recordImageIssue, sendNotice } = acts;

export async function imageIssue(input: ImageIssueInput): Promise<ImageIssueStatus> {
  const { issueId, entityId } = input;
  const desk = new DecisionDesk();
  let stage: ImageIssueStage = 'iniciando';
  const timeline: ImageIssueEvent[] = [];
  let acknowledged: ImageIssueStatus['acknowledged'];
  let superiorAcknowledged: ImageIssueStatus['superiorAcknowledged'];
  setHandler(imageIssueStatusQuery, status);
  const key = (suffix: string) => `${workflowInfo().workflowId}/${suffix}`;
  const record = () => recordImageIssue({ issueId, stage, timeline, ...(acknowledged ? { acknowledged } : {}), ...(superiorAcknowledged ? { superiorAcknowledged } : {}) });

  const ctx: ImageIssueContext = await imageIssueContext({ issueId, entityId });
  timeline.push({ at: input.reportedAt, by: input.reportedBy, what: imageIssueTexts.events.reported() });
  if (!ctx.entity) {
    stage = 'sin-entidad';
    return status();
  }
  const w = ctx.words;
  const entityName = ctx.entity.name;
  const current = new CurrentEntity(ctx.entity);
  desk.follow(current);
  stage = 'con-titular';
  await record();

  // 1. The head takes note, and may raise it (PCM 6.2.2.14: "informar a sus superiores o a las instancias competentes").
  const head = (e: EntityPolicy): Routing => ({ deciders: [e.head], cc: e.communityManager.email === e.head.email ? [] : [e.communityManager.email] });
  const d = await desk.decide({
    step: IMAGE_ISSUE_HEAD_STEP,
    ...imageIssueTexts.head(entityName, w, input.reportedBy),
    ...head(current.now),
    route: head,
    actions: ['acknowledge'],
    plan: current.now.decisionPlan,
    nonWorkingDays: current.now.nonWorkingDays,
    form: 'imageIssueAck',
    validatePayload: (_action, payload) => {
      const parsed = imageIssueAckSchema.safeParse(payload ?? {});
      return parsed.success ? undefined : shapeViolations(parsed.error, 'conocimiento del asunto').map((v) => v.message).join(' ');
    },
  });
  const ack = imageIssueAckSchema.parse(d.payload ?? {});
  const superior = ack.superiorName && ack.superiorEmail ? { name: ack.superiorName, email: ack.superiorEmail } : undefined;
  acknowledged = { by: d.by, at: d.at, ...(ack.note ? { note: ack.note } : {}), ...(superior ? { superior } : {}) };
  timeline.push({ at: d.at, by: d.by, what: imageIssueTexts.events.acknowledged(superior) });
  stage = superior ? 'elevado' : 'atendido';
  await record();
  const e = await current.read();
  const told = (extra: string[]) => [...new Set(extra)].filter((a) => a !== input.reportedBy);
  await sendNotice({
    key: key('conocimiento'),
    to: [{ name: input.reportedBy, email: input.reportedBy }],
    cc: told([e.communityManager.email, e.head.email]),
    ...imageIssueTexts.acknowledged(entityName, w, d.by, superior, ack.note),
  });
  if (!superior) return status();

  // 2. The superior takes note in turn, reminded by the same plan; the head is kept informed.
  const s = await desk.decide({
    step: IMAGE_ISSUE_SUPERIOR_STEP,
    ...imageIssueTexts.superior(entityName, w, input.reportedBy, `${e.head.name} (${e.head.email})`, ack.note),
    deciders: [superior],
    cc: [e.head.email],
    actions: ['acknowledge'],
    plan: current.now.decisionPlan,
    nonWorkingDays: current.now.nonWorkingDays,
  });
  superiorAcknowledged = { by: s.by, at: s.at };
  timeline.push({ at: s.at, by: s.by, what: imageIssueTexts.events.superiorAcknowledged() });
  stage = 'atendido';
  await record();
  const after = await current.read();
  await sendNotice({
    key: key('conocimiento-superior'),
    to: [after.head],
    cc: [...new Set([input.reportedBy, after.communityManager.email])].filter((a) => a !== after.head.email),
    ...imageIssueTexts.superiorAcknowledged(entityName, w, s.by),
  });
  return status();

  function status(): ImageIssueStatus {
    return {
      issueId,
      entityId,
      stage,
      timeline: [...timeline],
      ...(acknowledged ? { acknowledged } : {}),
      ...(superiorAcknowledged ? { superiorAcknowledged } : {}),
      waiting: desk.waiting(),
    };
  }
}
