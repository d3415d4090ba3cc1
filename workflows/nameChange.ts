/**
 * «Cambio de nombre o usuario» (PCM 6.1.2.7; Anexo 1, TERCERA), one process per request, told in order:
 * the CM (or the head) asked from the account page; the head decides — or the second in command when
 * the head asked (separation of duties, domain/roster.ts `approvalRouting`) — approving, observing (the
 * requester corrects the proposal and it goes back) or rejecting; once approved, the CM makes the change
 * on the platform and confirms it, and only then does the registry take the new names and keep the old
 * ones in the account's history (the request's row, turned `done`).
 */
import { setHandler, workflowInfo } from '@temporalio/workflow';
import type { NameChangeContext } from '../activities/nameChange';
import { NAME_CHANGE_STEPS, nameChangeStatusQuery, type NameChangeCorrection, type NameChangeInput, type NameChangeStage, type NameChangeStatus } from '../contracts/nameChange';
import { nameChangeSchema, nameChangeViolations, proposedChanges, type ProposedNames } from '../domain/accountNames';
import { REMIND_ONLY_PLAN, type Decision } from '../domain/decision';
import type { EntityPolicy } from '../domain/entity';
import { approvalRouting } from '../domain/roster';
import { CurrentEntity } from './currentEntity';
import { DecisionDesk, type Routing } from './decision';
import { acts } from './activities';
import { nameChangeTexts } from './texts/nameChange';

const { nameChangeContext, recordNameChange, applyNameChange, sendNotice } = acts;

export async function nameChange(input: NameChangeInput): Promise<NameChangeStatus> {
  const { requestId } = input;
  const desk = new DecisionDesk();
  let stage: NameChangeStage = 'iniciando';
  let round = 1;
  let ctx: NameChangeContext | undefined;
  let proposal: ProposedNames = {};
  let approved: Decision | undefined;
  let done: Decision | undefined;
  setHandler(nameChangeStatusQuery, status);
  const key = (suffix: string) => `${workflowInfo().workflowId}/${suffix}`;

  ctx = await nameChangeContext({ requestId });
  if (!ctx.exists || !ctx.entity) {
    stage = 'sin-registro';
    return status();
  }
  proposal = ctx.to;
  let reason = ctx.reason;
  const requester = ctx.requester;
  const current = new CurrentEntity(ctx.entity);
  desk.follow(current);
  const words = () => ({ label: ctx!.label, from: ctx!.from, requester, entityName: current.now.name });
  const decider = (e: EntityPolicy): Routing => {
    const r = approvalRouting(e, requester.email);
    return { deciders: [r.approver], escalateTo: r.escalateTo };
  };

  const { decision } = await desk.reviewRounds(
    async (r) => {
      round = r;
      stage = 'en-aprobacion';
      return desk.decide({
        step: NAME_CHANGE_STEPS.approval(r),
        ...nameChangeTexts.approval(words(), proposal, reason, r),
        ...decider(current.now),
        route: decider,
        actions: ['approve', 'observe', 'reject'],
        plan: current.now.decisionPlan,
        nonWorkingDays: current.now.nonWorkingDays,
      });
    },
    async (r, observation) => {
      stage = 'en-correccion';
      await recordNameChange({ requestId, state: 'correcting', decidedBy: observation.by, decidedAt: observation.at, decisionReason: observation.reason ?? '' });
      const corrected = await desk.decide({
        step: NAME_CHANGE_STEPS.correction(r),
        ...nameChangeTexts.correction(words(), proposal, observation),
        deciders: [requester],
        actions: ['correct'],
        plan: REMIND_ONLY_PLAN,
        nonWorkingDays: current.now.nonWorkingDays,
        form: 'nameChange',
        formData: { current: ctx!.from, proposal, reason },
        validatePayload: (_a, payload) => correctionProblem(payload, ctx!.from),
      });
      const c = nameChangeSchema.parse(corrected.payload) as NameChangeCorrection;
      proposal = proposedChanges(c, ctx!.from);
      reason = c.reason;
      await recordNameChange({ requestId, state: 'pending', to: proposal, reason });
    },
  );
  approved = decision;
  if (decision.action === 'reject') {
    stage = 'rechazado';
    await recordNameChange({ requestId, state: 'rejected', decidedBy: decision.by, decidedAt: decision.at, decisionReason: decision.reason ?? '' });
    await current.read();
    await sendNotice({ key: key('rechazo'), to: [requester], cc: [decision.by], ...nameChangeTexts.rejected(words(), proposal, decision) });
    return status();
  }

  // Approved: the CM renames on the platform and says so; the head may confirm it if the CM does not answer.
  await recordNameChange({ requestId, state: 'approved', decidedBy: decision.by, decidedAt: decision.at });
  stage = 'por-confirmar';
  const cm = (e: EntityPolicy): Routing => ({ deciders: [e.communityManager], escalateTo: e.head.email === e.communityManager.email ? [] : [e.head] });
  done = await desk.decide({
    step: NAME_CHANGE_STEPS.done,
    ...nameChangeTexts.done(words(), proposal, decision.by),
    ...cm(current.now),
    route: cm,
    actions: ['confirm'],
    plan: current.now.decisionPlan,
    nonWorkingDays: current.now.nonWorkingDays,
  });
  await applyNameChange({ requestId, by: done.by, at: done.at });
  stage = 'realizado';
  const now = await current.read();
  await sendNotice({
    key: key('realizado'),
    to: [now.head],
    cc: [...new Set([now.communityManager.email, requester.email])].filter((e) => e !== now.head.email),
    ...nameChangeTexts.completed(words(), proposal, decision.by, done.by),
  });
  return status();

  function status(): NameChangeStatus {
    return {
      requestId,
      ...(ctx?.accountId ? { accountId: ctx.accountId } : {}),
      stage,
      round,
      proposal,
      waitingFor: [...new Set(desk.waiting().flatMap((w) => w.waitingFor))],
      ...(approved ? { decidedBy: approved.by, decidedAt: approved.at } : {}),
      ...(done ? { doneBy: done.by, doneAt: done.at } : {}),
    };
  }
}

/** The correction's payload, checked as the page checks a new request (deterministic: no I/O). */
function correctionProblem(payload: unknown, current: NameChangeContext['from']): string | undefined {
  const parsed = nameChangeSchema.safeParse(payload);
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'Corrección inválida.';
  return nameChangeViolations(parsed.data, current)[0]?.message;
}
