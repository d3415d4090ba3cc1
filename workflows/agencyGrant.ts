/**
 * One agency's role on one account for one paid campaign (RULEBOOK §3.1, PCM 6.1.2.10): the agency gets
 * the advertiser role (or a partner role through Business Manager) only for the campaign, and the role is
 * removed once the campaign ends. The process follows the grant from `scheduled` to `active` at the start
 * date, to `removal_due` on the working morning after the end date, and to `removed` when the custodian
 * confirms with «Ya lo retiré»; annulled before it starts, it ends `cancelled`. Once removed, the platform is
 * asked whether the agency really left (issue 17 §1): where Meta lists the agencies and still shows it, the
 * custodian and the head are told instead of hearing that it was removed.
 *
 * The registry row (`agency_grants`, written by the API before the start) is the source of truth: the
 * `refresh` signal only says "read it again" (a new custodian or head, new decreed days), and every state
 * change is written back by an activity, so lists and the grant-time warning read rows, not workflows.
 * A grant lives weeks or months and asks one question, so one run holds it all: its history grows only
 * by about ten events per reminder while the removal stays unconfirmed, and needs no continueAsNew.
 */
import { ActivityFailure, condition, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { AgencyGrantContext, GrantInstants, RecordGrantStateInput } from '../activities/agencyGrant';
import type { GrantWarningDue } from '../domain/agencyGrant';
import {
  REMOVAL_STEP,
  endEarlySignal,
  grantStatusQuery,
  refreshGrantSignal,
  type AgencyGrantInput,
  type EndEarlyRequest,
  type GrantStatus,
} from '../contracts/agencyGrant';
import type { Decision } from '../domain/decision';
import type { Contact } from '../domain/entity';
import type { GrantPlatformCheck } from '../domain/grantPlatformCheck';
import { PLATFORM_READ_ATTEMPTS } from '../contracts/roleReview';
import type { GrantState } from '../domain/pageRoles';
import { describeInstants } from './calendar';
import { DecisionDesk, type DecisionSpec } from './decision';
import { grantTexts, type GrantTextFacts } from './texts/agencyGrant';
import { acts } from './activities';

const { agencyGrantContext, grantInstants, recordGrantState, sendNotice } = acts;

/** Histories from before grants announced their end (issue 17 §2) replay without the warnings. */
export const GRANT_WARNINGS_PATCH = 'grant-expiry-warnings';

/** Histories from before a confirmed removal was checked on Meta (issue 17 §1) replay without the check. */
export const GRANT_PLATFORM_CHECK_PATCH = 'grant-platform-check';

/** As the monthly review's read: the activity answers `failed` on its last Graph retry; more attempts only for the registry. */
const platformActs = proxyActivities<Pick<Activities, 'checkGrantOnPlatform'>>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumInterval: '5 minutes', maximumAttempts: PLATFORM_READ_ATTEMPTS + 6 },
});

export async function agencyGrant(input: AgencyGrantInput): Promise<GrantStatus> {
  const { grantId } = input;
  const desk = new DecisionDesk();
  // Decided before the first activity, as every patch is (see LINKS_BEFORE_EXPIRY_PATCH in decision.ts).
  const warns = patched(GRANT_WARNINGS_PATCH);
  const checksPlatform = patched(GRANT_PLATFORM_CHECK_PATCH);
  // Until the registry is read, queries see the state every grant starts in (handlers go first, so an
  // early query or signal is never refused).
  let ctx: AgencyGrantContext = {
    exists: true, grantId, entityId: '', entityName: '', accountId: '', label: '', agencyName: '', role: 'advertiser', campaign: '',
    startsOn: '', endsOn: '', state: 'scheduled', nonWorkingDays: [], plan: { remindAfter: [] },
  };
  let inRegistry = true;
  let state: GrantState = 'scheduled';
  let endsOn = '';
  let endedEarly: EndEarlyRequest | undefined;
  let pendingEnd: EndEarlyRequest | undefined;
  let refreshRequested = false;
  let times: GrantInstants | undefined;
  let removal: Decision | undefined;
  let platformCheck: GrantPlatformCheck | undefined;

  // Only a grant that still runs can end early; of two requests not yet applied, the earlier end wins.
  setHandler(endEarlySignal, (r) => {
    if (state === 'scheduled' || state === 'active') pendingEnd = !pendingEnd || r.on < pendingEnd.on ? r : pendingEnd;
  });
  setHandler(refreshGrantSignal, () => void (refreshRequested = true));
  setHandler(grantStatusQuery, status);

  ctx = await agencyGrantContext(grantId);
  inRegistry = ctx.exists;
  state = ctx.state;
  endsOn = ctx.endedEarlyOn ?? ctx.endsOn;
  if (!inRegistry || state === 'removed' || state === 'cancelled') return status();

  const instants = async () => (times = await grantInstants({ startsOn: ctx.startsOn, endsOn, nonWorkingDays: ctx.nonWorkingDays }));
  /** Re-reads the registry; false once the row is gone, and the process stops following it. */
  const reread = async () => {
    refreshRequested = false;
    const next = await agencyGrantContext(grantId);
    if (!next.exists) return (inRegistry = false);
    ctx = next;
    // New decreed days move a removal not yet due; once it is due, its date is history.
    if (state === 'scheduled' || state === 'active') await instants();
    return true;
  };
  const record = async (change: Omit<RecordGrantStateInput, 'grantId'>) => (inRegistry = await recordGrantState({ grantId, ...change }));

  /** Applies an early end: the grant is annulled, its removal is due now, or later (a shortened campaign not yet over). */
  const applyEnd = async (): Promise<'cancelled' | 'now' | 'later'> => {
    const req = pendingEnd!;
    pendingEnd = undefined;
    // Not earlier than the end in force: nothing to change (the API refuses such a date anyway).
    if (req.on > endsOn) return 'later';
    endedEarly = req;
    if (state === 'scheduled' && req.on < ctx.startsOn) {
      state = 'cancelled';
      await record({ state, endedEarlyOn: req.on });
      return 'cancelled';
    }
    const next = await grantInstants({ startsOn: ctx.startsOn, endsOn: req.on, nonWorkingDays: ctx.nonWorkingDays });
    await record({ state, endedEarlyOn: req.on });
    // Both at once, so a status query never shows the new end with the old removal date.
    endsOn = req.on;
    times = next;
    return Date.now() >= Date.parse(next.endDayStartsAt) ? 'now' : 'later';
  };

  await instants();

  while (state === 'scheduled') {
    const wait = Date.parse(times!.startsAt) - Date.now();
    if (wait <= 0) {
      state = 'active';
      if (!(await record({ state }))) return status();
      break;
    }
    await condition(() => pendingEnd !== undefined || refreshRequested, wait);
    if (refreshRequested && !(await reread())) return status();
    if (pendingEnd && (await applyEnd()) === 'cancelled') {
      if (inRegistry) await notifyCancelled();
      return status();
    }
    if (!inRegistry) return status();
  }

  let dueNow = false;
  // Issue 17 §2: the end is announced 14 and 1 business days before it, while the grant is active and not ended early.
  const warned = new Set<number>();
  while (state === 'active') {
    const warning = warns && !endedEarly && !ctx.endedEarlyOn && !dueNow ? nextWarning() : undefined;
    const wait = dueNow ? 0 : Date.parse(warning?.at ?? times!.removalDueAt) - Date.now();
    if (wait <= 0 && warning) {
      await warnEnding(warning.daysBefore);
      continue;
    }
    if (wait <= 0) {
      // An early end today or before: the removal is due from now, not from the next working morning.
      if (dueNow) times = { ...times!, removalDueAt: new Date().toISOString() };
      state = 'removal_due';
      if (!(await record({ state }))) return status();
      break;
    }
    await condition(() => pendingEnd !== undefined || refreshRequested, wait);
    if (refreshRequested && !(await reread())) return status();
    if (pendingEnd && (await applyEnd()) === 'now') dueNow = true;
    if (!inRegistry) return status();
  }

  // An office without CM or head has nobody to ask: wait for the roster to change.
  while (!decider()) {
    await condition(() => refreshRequested);
    if (!(await reread())) return status();
  }
  const [dueLabel] = await describeInstants([times!.removalDueAt]);
  const outcome: { decision?: Decision; error?: unknown } = {};
  void desk.decide(removalStep(dueLabel!)).then(
    (d) => (outcome.decision = d),
    (err: unknown) => (outcome.error = err),
  );
  while (!outcome.decision) {
    await condition(() => outcome.decision !== undefined || outcome.error !== undefined || refreshRequested);
    if (outcome.error !== undefined) throw outcome.error;
    if (outcome.decision) break;
    // The row may have been removed by an operator; the open step still answers its links.
    if ((await reread()) && decider()) desk.reassign(REMOVAL_STEP, { deciders: [decider()!], escalateTo: escalation() });
  }
  removal = outcome.decision;
  state = 'removed';
  await record({ state, removedAt: removal.at, removedBy: removal.by });
  if (!checksPlatform) {
    await notifyRemoved(removal);
    return status();
  }
  // Issue 17 §1, PCM 6.1.2.10: the custodian's word is checked on the platform where it can be read.
  platformCheck = await checkOnPlatform();
  if (platformCheck?.state === 'still-present' && platformCheck.agency) await notifyStillOnPlatform(removal, platformCheck.agency);
  else await notifyRemoved(removal);
  return status();

  /** The custodian removes the role; while the roster has no CM, the head (who answers for page roles, PCM 6.2.3.5). */
  function decider(): Contact | undefined {
    return ctx.custodian ?? ctx.head;
  }

  function escalation(): Contact[] {
    return ctx.head && ctx.head.email !== decider()?.email ? [ctx.head] : [];
  }

  /** What the texts say of the grant now: its row, and the end in force. */
  function facts(): GrantTextFacts {
    return {
      agencyName: ctx.agencyName, role: ctx.role, campaign: ctx.campaign, label: ctx.label, entityName: ctx.entityName, startsOn: ctx.startsOn, endsOn,
      ...(ctx.businessManagerId ? { businessManagerId: ctx.businessManagerId } : {}),
      ...(endedEarly ? { endedEarly } : {}),
    };
  }

  function removalStep(dueLabel: string): DecisionSpec {
    return {
      step: REMOVAL_STEP,
      ...grantTexts.removal(facts(), dueLabel),
      deciders: [decider()!],
      escalateTo: escalation(),
      actions: ['removed'],
      plan: ctx.plan,
      nonWorkingDays: ctx.nonWorkingDays,
    };
  }

  /**
   * The next warning not yet sent, before the removal falls due; of several already due (a worker that
   * was down), only the latest, so nobody gets a stale "14 days" after the "1 day".
   */
  function nextWarning(): GrantWarningDue | undefined {
    const removalDue = Date.parse(times!.removalDueAt);
    const open = (times!.warnings ?? []).filter((w) => !warned.has(w.daysBefore) && Date.parse(w.at) < removalDue).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const due = open.filter((w) => Date.parse(w.at) <= Date.now());
    for (const w of due.slice(0, -1)) warned.add(w.daysBefore);
    return due.at(-1) ?? open[0];
  }

  /** One email to the custodian and the head, one to the agency's contact: each exactly once (the key). */
  async function warnEnding(daysBefore: number) {
    warned.add(daysBefore);
    const key = `${workflowInfo().workflowId}/aviso-${daysBefore}`;
    const [dueLabel] = await describeInstants([times!.removalDueAt]);
    const people = [decider(), ctx.head].filter((c, i, all): c is Contact => c !== undefined && all.findIndex((x) => x?.email === c.email) === i);
    if (people.length) await sendNotice({ key, to: people, ...grantTexts.expiring(facts(), daysBefore, dueLabel!) });
    if (ctx.agencyContact) await sendNotice({ key: `${key}/agencia`, to: [ctx.agencyContact], outsider: true, ...grantTexts.expiringForAgency(facts(), daysBefore) });
  }

  /** The head answers for who keeps a role (PCM 6.2.3.5): they learn the agency no longer holds it. */
  async function notifyRemoved(decision: Decision) {
    const to = ctx.head ?? decider();
    if (!to) return;
    const [at] = await describeInstants([decision.at]);
    await sendNotice({ key: `${workflowInfo().workflowId}/retirado`, to: [to], ...grantTexts.removed(facts(), decision.by, at!) });
  }

  /** Meta's answer kept on the row by the activity; a read that failed for good still ends the grant, saying so. */
  async function checkOnPlatform(): Promise<GrantPlatformCheck | undefined> {
    try {
      return await platformActs.checkGrantOnPlatform({ grantId });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      return { state: 'failed', checkedAt: new Date().toISOString(), reason: 'No se pudo consultar Meta: verifique en la red social que la agencia ya no tenga acceso.' };
    }
  }

  /** One email, to the custodian and the head (not the «retirado» one, which would say the agency has no access). */
  async function notifyStillOnPlatform(decision: Decision, agency: NonNullable<GrantPlatformCheck['agency']>) {
    const people = [decider(), ctx.head].filter((c, i, all): c is Contact => c !== undefined && all.findIndex((x) => x?.email === c.email) === i);
    if (!people.length) return;
    await sendNotice({ key: `${workflowInfo().workflowId}/sigue-en-plataforma`, to: people, ...grantTexts.stillOnPlatform(facts(), decision.by, agency) });
  }

  /** Whoever would have given the role learns it must not be given (or must be taken back, if it was given in advance). */
  async function notifyCancelled() {
    const to = decider();
    if (!to) return;
    await sendNotice({
      key: `${workflowInfo().workflowId}/anulada`,
      to: [to],
      ...(ctx.head && ctx.head.email !== to.email ? { cc: [ctx.head.email] } : {}),
      ...grantTexts.cancelled({ ...facts(), endedEarly: endedEarly! }),
    });
  }

  function status(): GrantStatus {
    const waiting = desk.waiting().find((w) => w.step === REMOVAL_STEP);
    const view = desk.view(REMOVAL_STEP);
    const custodian = decider();
    return {
      grantId,
      entityId: ctx.entityId,
      accountId: ctx.accountId,
      label: ctx.label,
      agencyName: ctx.agencyName,
      ...(ctx.businessManagerId ? { businessManagerId: ctx.businessManagerId } : {}),
      role: ctx.role,
      campaign: ctx.campaign,
      startsOn: ctx.startsOn,
      endsOn,
      state,
      inRegistry,
      ...(times ? { startsAt: times.startsAt } : {}),
      ...(times && state !== 'cancelled' ? { removalDueAt: times.removalDueAt } : {}),
      ...(endedEarly ? { endedEarly } : {}),
      ...(custodian ? { custodian } : {}),
      ...(waiting && view
        ? {
            removal: {
              step: waiting.step,
              since: waiting.since,
              waitingFor: waiting.waitingFor,
              escalated: ctx.head ? waiting.waitingFor.includes(ctx.head.email) && custodian?.email !== ctx.head.email : false,
              remindersSent: view.version - 1,
            },
          }
        : {}),
      ...(removal ? { removedAt: removal.at, removedBy: removal.by } : {}),
      ...(platformCheck ? { platformCheck } : {}),
    };
  }
}
