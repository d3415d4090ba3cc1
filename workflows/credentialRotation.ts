/**
 * Credential rotation of one institutional account, for as long as the account lives (RULEBOOK §2:
 * PCM 6.1.2.5; CONGRESO 6.2.4–6.2.7; INPE 4.2.q). Each run is one cycle: wait for the due date,
 * ask the custodian to change both secrets, remind and escalate, record the confirmation, tell those
 * concerned, and continue as new. So a run's history holds one cycle (a few dozen events, plus about
 * ten per reminder while a rotation stays unconfirmed), and the carried state is bounded by
 * `HISTORY_KEPT` records.
 *
 * The registry is the source of truth: the `refresh` signal only says "read the account again", so a
 * policy change, a new custodian, a pause or a retirement reaches the running process without a
 * restart, and a lost signal is made good at the next cycle, which reads the registry anyway.
 */
import { condition, continueAsNew, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import type { RotationContext } from '../activities/rotation';
import {
  refreshRotationSignal,
  rotateNowSignal,
  rotationStatusQuery,
  type CredentialRotationInput,
  type RotationRecord,
  type RotationState,
  type RotationStatus,
} from '../contracts/credentialRotation';
import type { EarlierStep, Waiting } from '../contracts/decision';
import type { Decision } from '../domain/decision';
import { rotationDecider } from '../domain/rotationDecider';
import { businessDaysBefore, confirmedRotationDates, describeInstants, rotationDue } from './calendar';
import { DecisionDesk, type DecisionSpec } from './decision';
import { rotationTexts } from './texts/credentialRotation';
import { acts } from './activities';

/** How many confirmed rotations each run carries (for the status page and old links). */
export const HISTORY_KEPT = 12;

const { rotationContext, recordRotation, sendNotice } = acts;

/** PCM 6.1.2.5, issue 17 §2: the custodian hears of a rotation this many business days before it falls due. */
export const ROTATION_NOTICE_DAYS = 3;
/** A due date less than a day ahead is news the request itself brings: announcing it minutes before would be noise. */
const ROTATION_NOTICE_MIN_LEAD_MS = 24 * 3_600_000;
/** Histories from before rotations were announced replay without the announcement. */
export const ROTATION_NOTICE_PATCH = 'rotation-announced';
/** Histories from before a custodian's rotations due together came in one email (issue 18 §1) replay with one email each. */
export const ROTATION_DIGEST_PATCH = 'rotation-requests-gathered';
/**
 * Histories from before a confirmation's records and notice went out together (issue 18 §2) replay one
 * after another: the decision's audit row, then the rotation's record, then the notice.
 */
export const ROTATION_CLOSE_TOGETHER_PATCH = 'rotation-closes-together';
/**
 * Histories from before a rotation was asked ahead (issue 18 §1) replay asking at the due instant. Since then
 * the request joins the custodian's digest up to `ROTATION_ASK_AHEAD_MS` before it, and only the digest wakes
 * at the instant: a burst of thousands due together wakes one process per person, not one per account.
 */
export const ROTATION_ASK_AHEAD_PATCH = 'rotation-asked-ahead';
/**
 * Histories from before a confirmation's dates came in one local call (issue 18 §2) replay two: the next due
 * instant, then both in words. The task that takes the decision waits on these before the notice leaves.
 */
export const ROTATION_DATES_IN_ONE_PATCH = 'rotation-dates-in-one';
/** How long before its due instant a rotation reads the registry and joins its custodian's digest. */
export const ROTATION_ASK_AHEAD_MS = 60 * 60_000;

export async function credentialRotation(input: CredentialRotationInput): Promise<RotationStatus> {
  const { accountId, cycle, lastConfirmedAt } = input;
  const earlier: EarlierStep[] = input.history.map((h) => ({
    step: h.step,
    title: 'Rotación de credenciales',
    decision: { step: h.step, action: 'changed', by: h.by, at: h.confirmedAt },
  }));
  // Decided before the first activity, as every patch is (see LINKS_BEFORE_EXPIRY_PATCH in decision.ts).
  const together = patched(ROTATION_CLOSE_TOGETHER_PATCH);
  const desk = new DecisionDesk(earlier, { recordAlongside: together });
  const announces = patched(ROTATION_NOTICE_PATCH);
  const gathers = patched(ROTATION_DIGEST_PATCH);
  const asksAhead = patched(ROTATION_ASK_AHEAD_PATCH);
  const datesInOne = patched(ROTATION_DATES_IN_ONE_PATCH);
  // Unset only until the first activity returns.
  let ctx!: RotationContext;
  let refreshRequested = false;
  let immediate = input.immediate;
  // Unset until the run knows where it stands: 'esperando' is said only with the instant it waits for.
  let state: RotationState | undefined;
  let dueAt: string | undefined;
  // A nudge asks for the due instant again; the previous one stays on show until the new one is known.
  let dueStale = false;
  let openStep: string | undefined;

  // Handlers go in before the first activity, so a signal or query arriving meanwhile is not refused.
  setHandler(refreshRotationSignal, () => void (refreshRequested = true));
  // A rotation already asked for covers a new request; one asked while paused waits for the resumption.
  setHandler(rotateNowSignal, (r) => {
    // A request held for its due instant has not been asked yet: the rotation asked for now replaces it.
    if (state !== 'pendiente' || (openStep !== undefined && desk.held(openStep))) immediate ??= r;
  });
  setHandler(rotationStatusQuery, () =>
    ctx && state ? status(state) : { accountId, state: 'iniciando' as const, lastConfirmedAt, history: input.history },
  );

  ctx = await rotationContext(accountId);
  let announced = false;

  const reread = async () => {
    refreshRequested = false;
    ctx = await rotationContext(accountId);
  };
  /** Who confirms: the custodian; while the roster has none, the head (who safeguards passwords, PCM 6.2.3.1). */
  const decider = () => rotationDecider(ctx);
  const escalation = () => (ctx.head && ctx.head.email !== decider()?.email ? [ctx.head] : []);

  for (let attempt = 1; ; attempt++) {
    // A paused account, or one whose roster names nobody to ask, waits for the registry to change.
    while (ctx.status !== 'active' || !decider()) {
      if (ctx.status === 'retired') {
        state = 'retirada';
        return status(state);
      }
      state = ctx.status === 'paused' ? 'pausada' : 'sin-custodio';
      await condition(() => refreshRequested);
      await reread();
    }

    if (immediate) dueAt = new Date().toISOString();
    else if (!dueAt || dueStale) {
      dueAt = input.dueAt ?? (await rotationDue({ lastConfirmedAt, profile: ctx.profile, nonWorkingDays: ctx.nonWorkingDays }));
    }
    dueStale = false;
    state = 'esperando';
    if (announces && !immediate && !announced && Date.parse(dueAt) - Date.now() > ROTATION_NOTICE_MIN_LEAD_MS) {
      const noticeAt = await businessDaysBefore({ at: dueAt, days: ROTATION_NOTICE_DAYS, nonWorkingDays: ctx.nonWorkingDays });
      const untilNotice = Date.parse(noticeAt) - Date.now();
      const nudged = untilNotice > 0 && (await condition(() => refreshRequested || immediate !== undefined, untilNotice));
      // As before the request: the registry read again, so the notice reaches whoever holds the account now.
      await reread();
      if (nudged || ctx.status !== 'active' || !decider()) {
        if (nudged && !immediate) dueStale = true;
        attempt--;
        continue;
      }
      announced = true;
      await announce(dueAt);
    }
    // Asked ahead, the request joins the custodian's digest before the due instant, the registry read then.
    const lead = asksAhead && gathers && !immediate ? ROTATION_ASK_AHEAD_MS : 0;
    const wait = Date.parse(dueAt) - Date.now() - lead;
    if (wait > 0) {
      const nudged = await condition(() => refreshRequested || immediate !== undefined, wait);
      // Read the registry again before asking anyone: a nudge lost while Temporal was unreachable
      // (a new custodian, a pause) must not send the request to the wrong person.
      await reread();
      if (nudged || ctx.status !== 'active' || !decider()) {
        // The due date counts from the last confirmed rotation under the policy in force now.
        if (nudged && !immediate) dueStale = true;
        attempt--;
        continue;
      }
    }

    const step = attempt === 1 ? `rotacion-${cycle}` : `rotacion-${cycle}-${attempt}`;
    const reason = immediate?.reason;
    const [dueLabel] = await describeInstants([dueAt]);
    openStep = step;
    state = 'pendiente';
    const outcome: { decision?: Decision | null } = {};
    const asked = decider()!.email;
    let withdrawn = false;
    // The desk holds the step only while its instant is ahead (a due date already past is asked at once).
    void desk.decideUnlessWithdrawn(rotationStep(step, reason, dueAt, dueLabel!, lead > 0)).then((d) => (outcome.decision = d));
    while (outcome.decision === undefined) {
      await condition(() => outcome.decision !== undefined || refreshRequested || (immediate !== undefined && desk.held(step) && !withdrawn));
      if (outcome.decision !== undefined) break;
      await reread();
      if (desk.held(step)) {
        // Not asked yet: a rotation asked for now, or a change of whom to ask, takes the request back, and the
        // loop asks again (ahead once more, or at once).
        const why = immediate ? 'se pidió una rotación inmediata.' : ctx.status !== 'active' ? 'la cuenta cambió de estado.' : decider()?.email !== asked ? 'la cuenta cambió de responsable.' : undefined;
        if (why) {
          withdrawn = true;
          desk.withdraw(step, why);
        }
        continue;
      }
      if (ctx.status !== 'active') {
        desk.withdraw(step, ctx.status === 'retired' ? 'la cuenta fue dada de baja.' : 'la cuenta fue pausada; se pedirá de nuevo al reanudarla.');
      } else if (decider()) {
        desk.reassign(step, { deciders: [decider()!], escalateTo: escalation() });
      }
    }
    openStep = undefined;
    const decision = outcome.decision;
    if (!decision) {
      // The digest dropped a request asked ahead (its check found the registry changed): read it again.
      if (asksAhead && !withdrawn) await reread();
      dueAt = undefined;
      continue;
    }

    const confirmedAt = decision.at;
    const due = dueAt;
    const recordCycle = () =>
      recordRotation({
        accountId, entityId: ctx.entityId, cycle, dueAt: due, confirmedAt, confirmedBy: decision.by,
        ...(decision.ip ? { ip: decision.ip } : {}),
        ...(decision.userAgent ? { userAgent: decision.userAgent } : {}),
        ...(reason ? { reason } : {}),
      });
    if (!together) await recordCycle();
    const { confirmed: confirmedLabel, nextDue: nextLabel } = datesInOne
      ? await confirmedRotationDates({ confirmedAt, profile: ctx.profile, nonWorkingDays: ctx.nonWorkingDays })
      : await datesOneByOne(confirmedAt);
    // Together (issue 18 §2): the notice, the rotation's record and the decision's audit row leave in the
    // workflow task that took the decision, the notice first, so those concerned hear of it a moment after the click.
    await Promise.all([notifyConcerned(decision, confirmedLabel, nextLabel), ...(together ? [recordCycle(), desk.recorded()] : [])]);

    const record: RotationRecord = { cycle, step, dueAt, confirmedAt, by: decision.by, ...(reason ? { reason } : {}) };
    return continueAsNew<typeof credentialRotation>({
      accountId,
      lastConfirmedAt: confirmedAt,
      cycle: cycle + 1,
      history: [...input.history, record].slice(-HISTORY_KEPT),
    });
  }

  function rotationStep(step: string, reason: string | undefined, due: string, dueLabel: string, ahead: boolean): DecisionSpec {
    return {
      step,
      ...rotationTexts.step(account(), reason, dueLabel),
      // The custodian's accounts due at this instant come in one email; an immediate rotation comes alone.
      ...(gathers && !reason ? { gather: { at: due, ...rotationTexts.digest(ctx.profile === 'CONGRESO') } } : {}),
      ...(ahead ? { ahead: { holds: { accountId } } } : {}),
      deciders: [decider()!],
      escalateTo: escalation(),
      actions: ['changed'],
      plan: ctx.plan,
      nonWorkingDays: ctx.nonWorkingDays,
    };
  }

  async function datesOneByOne(confirmedAt: string) {
    const next = await rotationDue({ lastConfirmedAt: confirmedAt, profile: ctx.profile, nonWorkingDays: ctx.nonWorkingDays });
    const [confirmed, nextDue] = await describeInstants([confirmedAt, next]);
    return { confirmed: confirmed!, nextDue: nextDue! };
  }

  function account() {
    return { label: ctx.label, entityName: ctx.entityName, managingEmail: ctx.managingEmail, congreso: ctx.profile === 'CONGRESO' };
  }

  /** The custodian learns the rotation is coming (once per cycle: the key); nothing to decide. */
  async function announce(due: string) {
    const [dueLabel] = await describeInstants([due]);
    await sendNotice({ key: `${workflowInfo().workflowId}/rotacion-${cycle}/anuncio`, to: [decider()!], ...rotationTexts.coming(account(), dueLabel!) });
  }

  /** CONGRESO 6.2.5: those concerned learn *that* credentials changed and who holds them, never the password. */
  async function notifyConcerned(decision: Decision, confirmedLabel: string, nextLabel: string) {
    const holder = decider()!;
    await sendNotice({
      key: `${workflowInfo().workflowId}/rotacion-${cycle}/aviso`,
      to: ctx.concerned.length ? ctx.concerned : [holder],
      ...rotationTexts.changed(account(), decision.by, holder, confirmedLabel, nextLabel),
    });
  }

  function status(asOf: RotationState): RotationStatus {
    // A request held for its due instant is not asked yet: the account waits for that instant (rotationStatusAsOf).
    const view = openStep ? desk.view(openStep) : null;
    const heldView = openStep && desk.held(openStep) ? view : null;
    const state = heldView ? 'esperando' : asOf;
    const waiting: Waiting | undefined = openStep ? desk.waiting().find((w) => w.step === openStep) : undefined;
    return {
      accountId,
      label: ctx.label,
      profile: ctx.profile,
      state,
      ...(decider() ? { custodian: decider()! } : {}),
      lastConfirmedAt,
      // A paused process, or one with nobody to ask, waits for the registry, not for an instant.
      ...(dueAt && (state === 'esperando' || state === 'pendiente') ? { nextDueAt: dueAt } : {}),
      ...(waiting && dueAt && view
        ? {
            overdue: {
              since: dueAt,
              step: waiting.step,
              waitingFor: waiting.waitingFor,
              escalated: ctx.head ? waiting.waitingFor.includes(ctx.head.email) && decider()?.email !== ctx.head.email : false,
              remindersSent: view.version - 1,
            },
          }
        : {}),
      ...(ctx.status === 'paused' ? { pausedReason: ctx.statusReason ?? '' } : {}),
      ...(immediate && state !== 'pendiente' ? { pendingImmediate: immediate } : {}),
      ...(heldView ? { heldRequest: { step: heldView.step, waitingFor: heldView.deciders } } : {}),
      history: input.history,
    };
  }
}
