/**
 * A security incident of the entity's accounts (PCM 6.1.1.7; DU 007-2020, Marco de Confianza Digital),
 * one process per report, told in order:
 *
 *   1. the report opens the timeline (who reported it, when);
 *   2. Custodio at once asks each affected account's rotation process for an immediate rotation;
 *   3. it tells the head (the CM and the reporter in copy) and, where SCS supervises the entity, SCS;
 *   4. the checklist: recover access, review roles, notify the Centro Nacional de Seguridad Digital —
 *      one decision step each for the CM and the head, in any order; ticking the last one sends the
 *      notice to the CNSD;
 *   5. the head closes the incident with a short report, which goes to the team (and SCS).
 *
 * Every step lands on the timeline with who and when, and the row (infra/models/incident.ts) is written
 * after each, so the page and the list tell the same story. Passwords never pass through here.
 */
import { setHandler, workflowInfo } from '@temporalio/workflow';
import type { IncidentContext } from '../activities/incident';
import { incidentStatusQuery, type IncidentEvent, type IncidentInput, type IncidentStage, type IncidentStatus } from '../contracts/incident';
import type { Contact, EntityPolicy } from '../domain/entity';
import { INCIDENT_CHECKLIST, INCIDENT_CLOSING_STEP, incidentClosingSchema, type IncidentChecklistItem } from '../domain/incident';
import { shapeViolations } from '../domain/validation';
import { CurrentEntity } from './currentEntity';
import { DecisionDesk, type Routing } from './decision';
import { acts } from './activities';
import { incidentTexts } from './texts/incident';

const { incidentContext, recordIncident, rotateNow, sendNotice } = acts;

const SCS: (e: EntityPolicy) => Contact = (e) => ({ name: 'Secretaría de Comunicación Social', email: e.supervisorEmail });

export async function securityIncident(input: IncidentInput): Promise<IncidentStatus> {
  const { incidentId, entityId } = input;
  const desk = new DecisionDesk();
  let stage: IncidentStage = 'iniciando';
  const timeline: IncidentEvent[] = [];
  const checklist: Array<{ item: IncidentChecklistItem; by: string; at: string }> = [];
  let rotationsRequested: string[] = [];
  let closing: IncidentStatus['closing'];
  setHandler(incidentStatusQuery, status);
  const key = (suffix: string) => `${workflowInfo().workflowId}/${suffix}`;
  const now = () => new Date().toISOString();
  const record = () => recordIncident({ incidentId, stage, timeline, checklist, ...(closing ? { closing } : {}) });

  const ctx: IncidentContext = await incidentContext({ incidentId, entityId });
  timeline.push({ at: input.reportedAt, by: input.reportedBy, what: incidentTexts.events.reported(ctx.words) });
  if (!ctx.entity) {
    stage = 'sin-entidad';
    return status();
  }
  const w = ctx.words;
  const entityName = ctx.entity.name;
  const current = new CurrentEntity(ctx.entity);
  desk.follow(current);
  stage = 'en-atencion';

  // 2. Every affected credential, at once: whoever caused the incident may know the password.
  if (input.accountIds.length) {
    await rotateNow({ accountIds: input.accountIds, reason: incidentTexts.rotationReason(w), by: input.reportedBy });
    rotationsRequested = [...input.accountIds];
    timeline.push({ at: now(), by: 'Custodio', what: incidentTexts.events.rotation(w.accounts) });
  }

  // 3. The head hears of it (CM and reporter in copy); SCS too where it supervises the entity (PCM 2).
  const e = await current.read();
  const copies = [...new Set([e.communityManager.email, input.reportedBy].filter((a) => a !== e.head.email))];
  await sendNotice({ key: key('aviso'), to: [e.head], cc: copies, ...incidentTexts.reported(entityName, w, input.reportedBy) });
  const told = [e.head.email, ...copies];
  if (ctx.supervisedByScs) {
    await sendNotice({ key: key('aviso-scs'), to: [SCS(e)], ...incidentTexts.supervisor(entityName, w, input.reportedBy) });
    told.push(e.supervisorEmail);
  }
  timeline.push({ at: now(), by: 'Custodio', what: incidentTexts.events.notified(told) });
  await record();

  // 4. The checklist, in any order, ticked by the CM or the head.
  const office = (en: EntityPolicy): Routing => ({ deciders: en.communityManager.email === en.head.email ? [en.head] : [en.communityManager, en.head] });
  await Promise.all(INCIDENT_CHECKLIST.map(tick));

  // 5. The head's closing report ends it.
  stage = 'informe-cierre';
  await record();
  const head = (en: EntityPolicy): Routing => ({ deciders: [en.head] });
  const d = await desk.decide({
    step: INCIDENT_CLOSING_STEP,
    ...incidentTexts.closing(entityName, w),
    ...head(current.now),
    route: head,
    actions: ['report'],
    plan: current.now.decisionPlan,
    nonWorkingDays: current.now.nonWorkingDays,
    form: 'incidentClosing',
    validatePayload: (_action, payload) => {
      const parsed = incidentClosingSchema.safeParse(payload);
      return parsed.success ? undefined : shapeViolations(parsed.error, 'informe de cierre').map((v) => v.message).join(' ');
    },
  });
  closing = { report: incidentClosingSchema.parse(d.payload).report, by: d.by, at: d.at };
  timeline.push({ at: d.at, by: d.by, what: incidentTexts.events.closed() });
  stage = 'cerrado';
  await record();
  const after = await current.read();
  await sendNotice({
    key: key('cierre'),
    to: [after.communityManager],
    cc: [...new Set([after.head.email, ...(ctx.supervisedByScs ? [after.supervisorEmail] : [])])].filter((a) => a !== after.communityManager.email),
    ...incidentTexts.closed(entityName, w, closing.report, d.by),
  });
  return status();

  async function tick(item: IncidentChecklistItem): Promise<void> {
    const done = await desk.decide({
      step: item,
      ...incidentTexts.checklist(entityName, w, item, ctx.cnsdEmail),
      ...office(current.now),
      route: office,
      actions: ['confirm'],
      plan: current.now.decisionPlan,
      nonWorkingDays: current.now.nonWorkingDays,
    });
    checklist.push({ item, by: done.by, at: done.at });
    timeline.push({ at: done.at, by: done.by, what: incidentTexts.events.ticked(item) });
    if (item === 'notificar-cnsd') {
      const en = current.now;
      await sendNotice({
        key: key('cnsd'),
        to: [{ name: 'Centro Nacional de Seguridad Digital', email: ctx.cnsdEmail }],
        cc: [...new Set([en.head.email, done.by])],
        ...incidentTexts.cnsd(entityName, w, input.reportedBy, `${en.head.name} (${en.head.email})`),
      });
      timeline.push({ at: now(), by: 'Custodio', what: incidentTexts.events.cnsd(ctx.cnsdEmail) });
    }
    await record();
  }

  function status(): IncidentStatus {
    return {
      incidentId,
      entityId,
      stage,
      timeline: [...timeline],
      checklist: INCIDENT_CHECKLIST.map((item) => {
        const c = checklist.find((x) => x.item === item);
        return c ? { item, by: c.by, at: c.at } : { item };
      }),
      rotationsRequested,
      waiting: desk.waiting(),
      ...(closing ? { closing } : {}),
    };
  }
}
