/**
 * The monthly review of page roles (RULEBOOK §3: PCM 6.1.2.11, 6.2.3.5, 5.1.10, 6.1.1.6, 6.1.2.10;
 * CONGRESO 6.2.8). On the first business day of each month the head of the office (or their
 * designee) receives the roster of every account, its agency grants and the anomalies Custodio can
 * see, and attests the review with a link; an unattested review reminds and escalates.
 *
 * Why a long-running scheduler per entity and not a Temporal Schedule: "the first business day of the
 * month" depends on Peruvian holidays and on each entity's decreed non-working days, which no cron or
 * calendar spec can express (a Schedule could only fire every day and ask whether today is the day).
 * So `roleReviewScheduler` (id `revision-roles-<entityId>`) asks an activity for the next instant —
 * 09:00 Lima on the first business day of the month, computed outside workflow code so a new holiday
 * list never changes a replayed wait (STACK trap 4) — sleeps, starts that month's review, and continues
 * as new, so each run's history holds one month. The `refresh` signal only says "read the calendar
 * again" (a new decree); the instant is also read again when the timer fires, so a decree that moves
 * the day later is honoured even if nobody signalled.
 *
 * Each month's review is its OWN workflow, `roleReview` (id `revision-roles-<entityId>-<YYYY-MM>`),
 * started through an activity (processes/index.ts) and not as a child: a child would tie the review to
 * one scheduler run (continueAsNew would have to wait for it or abandon it, and abandoned children break
 * the time-skipping test server), while reviews must be free to overlap months, each with its own
 * attestation, reminders and escalation. The id derives from entity and month, so starting it twice
 * (the scheduler and `POST /role-reviews`) yields one review.
 *
 * The anomalies are computed in the snapshot activity, with the facts: what the head attests is exactly
 * what was read that morning, recorded in history, so a later change of the rules can never change an
 * open review on replay, and the email and the `role_reviews` row show the same list.
 */
import { ActivityFailure, condition, continueAsNew, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { RoleReviewSchedule, RoleReviewSnapshot } from '../activities/roleReview';
import {
  PLATFORM_READ_ATTEMPTS,
  REVIEW_STEP,
  refreshRoleReviewSignal,
  roleReviewSchedulerQuery,
  roleReviewStatusQuery,
  type RoleReviewInput,
  type RoleReviewProgress,
  type RoleReviewSchedulerInput,
  type RoleReviewSchedulerStatus,
  type RoleReviewStatus,
} from '../contracts/roleReview';
import type { Decision } from '../domain/decision';
import type { PlatformReview } from '../domain/platformRoles';
import type { Contact } from '../domain/entity';
import { PROFILES } from '../domain/policyProfiles';
import { FOLLOWS_CLAUSE, FOLLOWS_LABEL, followsAttestationSchema, type FollowsAttestation } from '../domain/roleReview';
import { DecisionDesk, type DecisionSpec } from './decision';
import { reviewTexts } from './texts/roleReview';
import { acts } from './activities';

/** Reviews opened before the monthly review read Meta (issue 17 §1) replay without the read. */
export const PLATFORM_ROLES_PATCH = 'platform-roles';

/** Reviews opened since the reviewer also attests whom the accounts follow (PCM 5.2.7, issue 19 §5). */
export const FOLLOWS_ATTESTATION_PATCH = 'follows-attested';

/**
 * The platform read gives up after a few attempts (the activity answers `failed` on its last Graph
 * retry); more attempts only for the registry's own hiccups.
 */
const platformActs = proxyActivities<Pick<Activities, 'readPlatformRoles'>>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumInterval: '5 minutes', maximumAttempts: PLATFORM_READ_ATTEMPTS + 6 },
});

/** The entity's Meta read; a read that failed for good opens the review with the reason, never holds it. */
async function readPlatform(entityId: string): Promise<PlatformReview> {
  try {
    return await platformActs.readPlatformRoles({ entityId });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    return { state: 'failed', message: 'No se pudo leer Meta: la revisión sigue con lo que registra Custodio.' };
  }
}


/** One entity's calendar of reviews: one run per month, for as long as the entity is in the registry. */
export async function roleReviewScheduler(input: RoleReviewSchedulerInput): Promise<RoleReviewSchedulerStatus> {
  const { entityId, lastMonth } = input;
  const cycle = input.cycle ?? 1;
  let refresh = false;
  let next: RoleReviewSchedule | undefined;
  const status = (): RoleReviewSchedulerStatus => ({
    entityId,
    cycle,
    ...(lastMonth ? { lastMonth } : {}),
    ...(next?.exists ? { nextMonth: next.month, nextAt: next.at } : {}),
  });
  setHandler(refreshRoleReviewSignal, () => void (refresh = true));
  setHandler(roleReviewSchedulerQuery, status);

  next = await acts.roleReviewSchedule({ entityId, ...(lastMonth ? { lastMonth } : {}) });
  for (;;) {
    // An entity removed from the registry has nobody to review for.
    if (!next.exists) return status();
    const wait = Date.parse(next.at) - Date.parse(next.now);
    if (wait <= 0) break;
    await condition(() => refresh, wait);
    refresh = false;
    next = await acts.roleReviewSchedule({ entityId, month: next.month });
  }
  await acts.startMonthlyRoleReview({ entityId, month: next.month });
  return continueAsNew<typeof roleReviewScheduler>({ entityId, lastMonth: next.month, cycle: cycle + 1 });
}

/** One month's review of one entity: snapshot, registry row, one attestation step, record. */
export async function roleReview(input: RoleReviewInput): Promise<RoleReviewStatus> {
  const desk = new DecisionDesk();
  // Decided before the first activity, as every patch is (see LINKS_BEFORE_EXPIRY_PATCH in decision.ts).
  const readsPlatform = patched(PLATFORM_ROLES_PATCH);
  const followsPatch = patched(FOLLOWS_ATTESTATION_PATCH);
  let snap: RoleReviewSnapshot | undefined;
  let state: RoleReviewProgress = 'preparando';
  let decision: Decision | undefined;
  let refresh = false;
  setHandler(refreshRoleReviewSignal, () => void (refresh = true));
  setHandler(roleReviewStatusQuery, status);

  snap = await acts.roleReviewSnapshot(input);
  // An office being reorganised may have nobody to review: read the roster again each day (or when told).
  while (snap.exists && !snap.reviewer) {
    state = 'sin-revisor';
    await condition(() => refresh, '1 day');
    refresh = false;
    snap = await acts.roleReviewSnapshot(input);
  }
  if (!snap.exists) {
    state = 'sin-entidad';
    return status();
  }
  const reviewer = snap.reviewer!;
  // Issue 17 §1: when the entity is connected to Meta, who really holds access joins the anomalies; the
  // read is recorded in history, so the head attests what was read that morning.
  if (readsPlatform) {
    const platform = await readPlatform(input.entityId);
    snap = { ...snap, platform, anomalies: [...snap.anomalies, ...(platform.state === 'checked' ? platform.anomalies : [])] };
  }
  const row = await acts.openRoleReviewRecord({
    entityId: input.entityId,
    month: input.month,
    workflowId: workflowInfo().workflowId,
    reviewer,
    designated: snap.designated,
    escalateTo: snap.escalateTo,
    anomalies: snap.anomalies,
    ...(snap.platform ? { platform: snap.platform } : {}),
    accountsReviewed: snap.accounts.length,
    grantsListed: snap.grants.length,
  });
  // The month was attested already (a second start after the first review closed): nothing to ask.
  if (row.state === 'attested') {
    state = 'ya-conforme';
    return status();
  }
  state = 'abierta';
  // PCM 5.2.7 binds the Executive Branch, not the Congress.
  const attestsFollows = followsPatch && PROFILES[snap.profile].pcmConductRules;
  decision = await desk.decide(reviewStep(snap, reviewer, attestsFollows));
  // Parsed as the step validated it, so the note is kept trimmed whichever way it arrived (page or API).
  const follows: FollowsAttestation | undefined = attestsFollows ? followsAttestationSchema.parse(decision.payload ?? {}) : undefined;
  await acts.attestRoleReviewRecord({
    entityId: input.entityId,
    month: input.month,
    by: decision.by,
    at: decision.at,
    ...(decision.ip ? { ip: decision.ip } : {}),
    ...(decision.userAgent ? { userAgent: decision.userAgent } : {}),
    ...(follows ? { follows: { clause: FOLLOWS_CLAUSE, ...(follows.unfollowed ? { unfollowed: follows.unfollowed } : {}) } } : {}),
  });
  state = 'conforme';
  return status();

  function status(): RoleReviewStatus {
    const waiting = desk.waiting().find((w) => w.step === REVIEW_STEP);
    const view = desk.view(REVIEW_STEP);
    const escalateTo = snap?.escalateTo ?? [];
    return {
      entityId: input.entityId,
      month: input.month,
      state,
      ...(snap?.reviewer ? { reviewer: snap.reviewer } : {}),
      escalateTo,
      designated: snap?.designated ?? false,
      anomalies: snap?.anomalies ?? [],
      waitingFor: waiting?.waitingFor ?? [],
      ...(waiting ? { since: waiting.since } : {}),
      escalated: Boolean(waiting && escalateTo.some((c) => waiting.waitingFor.includes(c.email))),
      remindersSent: view ? view.version - 1 : 0,
      ...(decision ? { attestedBy: decision.by, attestedAt: decision.at } : {}),
    };
  }
}

/** The attestation step: the whole roster in the summary, each anomaly with its clause; where PCM 5.2.7 binds, whom the accounts follow. */
function reviewStep(snap: RoleReviewSnapshot, reviewer: Contact, attestsFollows: boolean): DecisionSpec {
  return {
    step: REVIEW_STEP,
    ...reviewTexts.attestation(snap, attestsFollows),
    deciders: [reviewer],
    escalateTo: snap.escalateTo,
    actions: ['attest'],
    plan: snap.plan,
    nonWorkingDays: snap.nonWorkingDays,
    ...(attestsFollows
      ? {
          form: 'followsAttestation' as const,
          formData: { label: `${FOLLOWS_LABEL} (${FOLLOWS_CLAUSE})` },
          validatePayload: (_action: string, payload: unknown) => {
            const parsed = followsAttestationSchema.safeParse(payload ?? {});
            return parsed.success ? undefined : parsed.error.issues.map((i) => i.message).join(' ');
          },
        }
      : {}),
  };
}
