/**
 * «Cierre de cuenta» (issue 19 §5; PCM 5.2.5, SENACE 7.2), one process per request, told in order:
 * the CM or the head asked from the account page with a reason; the head approves or rejects (the head's
 * own request is the decision: SENACE 7.2, only the communications office closes); once approved, the CM
 * removes every role, changes the password one last time and closes the account on the platform, and
 * confirms the three (the head may confirm if the CM does not answer). Only then does the registry retire
 * the account (rotation and role reviews stop), and a numbered «ACTA DE CIERRE» goes to SCS for the
 * profiles it supervises, or to the office's file.
 */
import { setHandler, workflowInfo } from '@temporalio/workflow';
import type { AccountClosureContext } from '../activities/accountClosure';
import type { Attachment } from '../activities/attachments';
import { ACCOUNT_CLOSURE_STEPS, accountClosureStatusQuery, type AccountClosureInput, type AccountClosureStage, type AccountClosureStatus } from '../contracts/accountClosure';
import { CLOSURE_CHECK_RECORDS, CLOSURE_CHECKS, closureChecklistSchema } from '../domain/accountClosure';
import type { Decision } from '../domain/decision';
import type { EntityPolicy } from '../domain/entity';
import { SUPERVISOR_ADDRESSEE } from '../domain/policyProfiles';
import { CurrentEntity } from './currentEntity';
import { DecisionDesk, type Routing } from './decision';
import { acts } from './activities';
import { accountClosureTexts } from './texts/accountClosure';

const { accountClosureContext, recordAccountClosure, closeAccount, refreshRotations, documentNumber, sendNotice } = acts;

export async function accountClosure(input: AccountClosureInput): Promise<AccountClosureStatus> {
  const { requestId } = input;
  const desk = new DecisionDesk();
  let stage: AccountClosureStage = 'iniciando';
  let ctx: AccountClosureContext | undefined;
  let approved: { by: string; at: string } | undefined;
  let closed: Decision | undefined;
  let recordCode: string | undefined;
  setHandler(accountClosureStatusQuery, status);
  const key = (suffix: string) => `${workflowInfo().workflowId}/${suffix}`;

  ctx = await accountClosureContext({ requestId });
  if (!ctx.exists || !ctx.entity) {
    stage = 'sin-registro';
    return status();
  }
  const requester = ctx.requester;
  const current = new CurrentEntity(ctx.entity);
  desk.follow(current);
  const words = () => ({ ...ctx!, entityName: current.now.name });
  const ownRequest = requester.email === current.now.head.email;

  if (ownRequest) {
    approved = { by: requester.email, at: ctx.requestedAt };
  } else {
    stage = 'en-aprobacion';
    // Only the head decides (SENACE 7.2; PCM 5.2.4 for the accounts the head authorises): reminders, no escalation.
    const head = (e: EntityPolicy): Routing => ({ deciders: [e.head], cc: [requester.email] });
    const decision = await desk.decide({
      step: ACCOUNT_CLOSURE_STEPS.approval,
      ...accountClosureTexts.approval(words()),
      ...head(current.now),
      route: head,
      actions: ['approve', 'reject'],
      plan: current.now.decisionPlan,
      nonWorkingDays: current.now.nonWorkingDays,
    });
    if (decision.action === 'reject') {
      stage = 'rechazada';
      approved = { by: decision.by, at: decision.at };
      await recordAccountClosure({ requestId, state: 'rejected', decidedBy: decision.by, decidedAt: decision.at, decisionReason: decision.reason ?? '' });
      await current.read();
      await sendNotice({ key: key('rechazo'), to: [requester], cc: [decision.by], ...accountClosureTexts.rejected(words(), decision) });
      return status();
    }
    approved = { by: decision.by, at: decision.at };
  }
  await recordAccountClosure({ requestId, state: 'approved', decidedBy: approved.by, decidedAt: approved.at });

  stage = 'por-cerrar';
  const cm = (e: EntityPolicy): Routing => ({ deciders: [e.communityManager], escalateTo: e.head.email === e.communityManager.email ? [] : [e.head] });
  closed = await desk.decide({
    step: ACCOUNT_CLOSURE_STEPS.closing,
    ...accountClosureTexts.closing(words(), approved.by),
    ...cm(current.now),
    route: cm,
    actions: ['confirm'],
    plan: current.now.decisionPlan,
    nonWorkingDays: current.now.nonWorkingDays,
    form: 'accountClosure',
    formData: { clause: ctx.clause },
    validatePayload: (_a, payload) => {
      const parsed = closureChecklistSchema.safeParse(payload);
      return parsed.success ? undefined : parsed.error.issues.map((i) => i.message).join(' ');
    },
  });
  const { note } = closureChecklistSchema.parse(closed.payload);
  await closeAccount({ requestId, by: closed.by, at: closed.at, ...(note ? { note } : {}) });
  await refreshRotations({ accountIds: [ctx.accountId] });
  stage = 'cerrada';

  const now = await current.read();
  const number = await documentNumber({ entityId: now.id, series: 'closureRecord', key: `cierre:${requestId}`, at: closed.at });
  recordCode = number.code;
  await recordAccountClosure({ requestId, state: 'closed', recordCode });
  const nameOf = (email: string) => [now.head, now.secondInCommand, now.communityManager, requester].find((c) => c.email === email)?.name ?? email;
  const record: Attachment = {
    kind: 'closureRecord',
    data: {
      requestId, code: number.code, entityName: now.name, profileDocument: ctx.document, clause: ctx.clause,
      to: ctx.supervised ? SUPERVISOR_ADDRESSEE : 'Archivo de la Oficina de Comunicaciones',
      account: ctx.label, requester, requestedAt: ctx.requestedAt, reason: ctx.reason, ...(ctx.inactivity ? { inactivity: ctx.inactivity } : {}),
      approval: { by: approved.by, byName: nameOf(approved.by), at: approved.at, ownRequest },
      closing: { by: closed.by, byName: nameOf(closed.by), at: closed.at, ...(note ? { note } : {}) },
      done: CLOSURE_CHECKS.map((c) => CLOSURE_CHECK_RECORDS[c]),
    },
  };
  const office = [...new Set([now.head.email, now.communityManager.email, requester.email])];
  if (ctx.supervised) {
    await sendNotice({
      key: key('acta-scs'),
      to: [{ name: 'Secretaría de Comunicación Social', email: now.supervisorEmail }],
      cc: office,
      ...accountClosureTexts.toSupervisor(words(), number.code, nameOf(closed.by)),
      attachments: [record],
    });
  } else {
    await sendNotice({
      key: key('acta-archivo'),
      to: [now.head],
      cc: office.filter((e) => e !== now.head.email),
      ...accountClosureTexts.forFile(words(), number.code, nameOf(closed.by)),
      attachments: [record],
    });
  }
  return status();

  function status(): AccountClosureStatus {
    return {
      requestId,
      ...(ctx?.accountId ? { accountId: ctx.accountId } : {}),
      stage,
      waitingFor: [...new Set(desk.waiting().flatMap((w) => w.waitingFor))],
      ...(approved ? { decidedBy: approved.by, decidedAt: approved.at } : {}),
      ...(closed ? { closedBy: closed.by, closedAt: closed.at } : {}),
      ...(recordCode ? { recordCode } : {}),
    };
  }
}
