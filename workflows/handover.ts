/**
 * Handover of administration when a community manager leaves (RULEBOOK §4, PCM 6.2.3), read top to
 * bottom like the clause list. Each step is a DecisionDesk step confirmed by link by its person:
 *
 *   1. `entrega`       the outgoing CM hands emails, users and passwords to the head by institutional email (6.2.3.2);
 *   2. `verificacion`  the head verifies them (6.2.3.3) — an observation sends it back to 1 (`entrega-2`, …);
 *   2b. `acuerdo`      the new CM signs Anexo 1, the agreement under which an admin holds the credentials
 *                      (PCM 6.1.1.3, 6.1.2.7), as each admin of a new account does;
 *   3. `roles-nuevos`  the new CM received them and set the new page roles (6.2.3.4); the registry makes them admin;
 *   4. `retiro`        the new CM removes the outgoing one from every role before the plan's deadline, which
 *                      escalates to the head (6.2.3.4–5); the registry drops the outgoing person's roles;
 *   5. the roster: the new person becomes `cm`, the outgoing membership closes;
 *   6. each account's rotation process reads the new custodian and is asked for an immediate rotation.
 *
 * One workflow per handover (id `traspaso-<entityId>-<handoverId>`), so its links, emails (the outbox is
 * keyed by workflow id) and history never mix with an earlier handover's; the API keeps one running per
 * entity with a lock row (infra/models/handover.ts). The registry is read again before every step (a new
 * head, new decreed days) and every registry write is an idempotent activity. Passwords never pass
 * through here: people confirm *that* they handed, verified or changed them.
 */
import { patched, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { HandoverContext, HandOverRosterResult } from '../activities/handover';
import { handoverStatusQuery, type HandoverInput, type HandoverPhase, type HandoverStatus } from '../contracts/handover';
import type { Decision } from '../domain/decision';
import type { Contact } from '../domain/entity';
import { HANDOVER_ROTATION_REASON, roundStep, type HandoverStep } from '../domain/handover';
import { businessInstants, describeInstants } from './calendar';
import { DecisionDesk, type DecisionSpec } from './decision';
import { handoverTexts } from './texts/handover';
import { acts } from './activities';

const {
  handoverContext, recordHandover, grantIncomingAdmin, removeOutgoingRoles, handOverRoster, refreshAgencyGrantsOf,
  refreshRotations, rotateNow, sendNotice,
} = acts;

/** Handovers started before the incoming CM signed Anexo 1 replay without the step. */
export const HANDOVER_AGREEMENT_PATCH = 'handover-anexo-1';

/** While the roster has no head, the process looks again once a day (nobody else may verify, PCM 6.2.1.2). */
const NO_HEAD_RECHECK = '1 day';

export async function handover(input: HandoverInput): Promise<HandoverStatus> {
  const { handoverId, entityId, outgoingEmail, incomingEmail } = input;
  // Handlers go in before the first activity: the desk's `decide` update and step query, and the status.
  const desk = new DecisionDesk();
  // Decided before the first activity, as every patch is (see LINKS_BEFORE_EXPIRY_PATCH in decision.ts).
  const signsAgreement = patched(HANDOVER_AGREEMENT_PATCH);
  let ctx: HandoverContext = {
    exists: true, entityId, entityName: entityId, outgoing: { name: outgoingEmail, email: outgoingEmail }, incoming: { name: incomingEmail, email: incomingEmail },
    accounts: [], outgoingRoles: [], recoveryDevices: [], nonWorkingDays: [], plan: { remindAfter: [] },
  };
  let phase: HandoverPhase = 'iniciando';
  let round = 1;
  let open: { step: string; escalateTo: string[]; deadline?: string } | undefined;
  const observations: HandoverStatus['observations'] = [];
  let rotationsRequested: string[] = [];
  let roster: HandOverRosterResult | undefined;
  let completedAt: string | undefined;
  let removalDue: { at: string; label: string } | undefined;
  setHandler(handoverStatusQuery, status);

  const reread = async () => (ctx = await handoverContext({ handoverId, entityId, outgoingEmail, incomingEmail }));
  const record = (step: string, extra: { accountIds?: string[]; completedAt?: string } = {}) =>
    recordHandover({ handoverId, entityId, step, decisions: decisions(), ...extra });

  await reread();
  if (!ctx.exists) {
    phase = 'sin-registro';
    completedAt = new Date().toISOString();
    await record('sin-registro', { completedAt });
    return status();
  }

  // PCM 6.2.3.2–3: the outgoing CM hands the credentials to the head, who verifies them; an observation
  // sends the delivery back to the outgoing CM with the head's reason.
  for (;;) {
    await step('entrega', round, deliverySpec);
    const verified = await step('verificacion', round, verificationSpec);
    if (verified.action === 'confirm') break;
    observations.push({ round, reason: verified.reason ?? '', by: verified.by, at: verified.at });
    round++;
  }

  // PCM 6.1.1.3, 6.1.2.7: whoever receives the credentials signs Anexo 1, the new CM as any new account's admin.
  if (signsAgreement) await step('acuerdo', 1, agreementSpec);

  // PCM 6.2.3.4: the new CM has the credentials and set the new page roles; the registry follows.
  await step('roles-nuevos', 1, newRolesSpec);
  await grantIncomingAdmin({ entityId, incoming: ctx.incoming });

  // PCM 6.2.3.4–5: the outgoing CM is removed from every role, before the plan's deadline.
  await step('retiro', 1, removalSpec);
  await removeOutgoingRoles({ entityId, outgoingEmail });

  phase = 'cierre';
  await record('cierre');
  roster = await handOverRoster({ entityId, outgoingEmail, incomingEmail });
  await reread();
  // Rotation processes read the new custodian first, then rotate at once: the outgoing CM knew every password.
  const accountIds = ctx.accounts.map((a) => a.accountId);
  if (accountIds.length) {
    await refreshRotations({ accountIds });
    await rotateNow({ accountIds, reason: HANDOVER_ROTATION_REASON, by: ctx.head?.email ?? input.startedBy });
  }
  rotationsRequested = accountIds;
  await refreshAgencyGrantsOf({ entityId });
  completedAt = new Date().toISOString();
  await record('completado', { accountIds, completedAt });
  phase = 'completado';
  await notifyDone();
  return status();

  /** Opens a step with fresh registry data (a head's step waits for the roster to have one); the row shows it open. */
  async function step(kind: HandoverStep, r: number, build: (name: string) => DecisionSpec | Promise<DecisionSpec>): Promise<Decision> {
    await reread();
    while (kind === 'verificacion' && !ctx.head) {
      phase = 'sin-titular';
      await sleep(NO_HEAD_RECHECK);
      await reread();
    }
    const name = roundStep(kind, r);
    const spec = await build(name);
    phase = kind;
    open = { step: name, escalateTo: (spec.escalateTo ?? []).map((c) => c.email), ...(kind === 'retiro' && removalDue ? { deadline: removalDue.at } : {}) };
    await record(name);
    const decision = await desk.decide(spec);
    open = undefined;
    return decision;
  }

  /** Only the escalation of the head: nobody else may hold or verify passwords (PCM 6.2.1.2). */
  function toHead(): Contact[] {
    return ctx.head ? [ctx.head] : [];
  }

  function deliverySpec(name: string): DecisionSpec {
    return {
      step: name,
      ...handoverTexts.delivery(ctx, observations.at(-1)),
      deciders: [ctx.outgoing],
      // The head, who receives the credentials, may confirm the delivery if the outgoing CM no longer answers.
      escalateTo: toHead(),
      actions: ['confirm'],
      plan: ctx.plan,
      nonWorkingDays: ctx.nonWorkingDays,
    };
  }

  function verificationSpec(name: string): DecisionSpec {
    return { step: name, ...handoverTexts.verification(ctx), deciders: toHead(), actions: ['confirm', 'observe'], plan: ctx.plan, nonWorkingDays: ctx.nonWorkingDays };
  }

  function agreementSpec(name: string): DecisionSpec {
    const verified = desk.decisions().filter((d) => d.step.startsWith('verificacion')).at(-1);
    return {
      step: name,
      ...handoverTexts.agreement(ctx),
      deciders: [ctx.incoming],
      escalateTo: toHead(),
      actions: ['sign'],
      plan: ctx.plan,
      nonWorkingDays: ctx.nonWorkingDays,
      attachments: [
        {
          kind: 'confidentialityAgreement',
          data: {
            requestId: handoverId,
            entityName: ctx.entityName,
            adminName: ctx.incoming.name,
            adminEmail: ctx.incoming.email,
            accountNames: ctx.accounts.map((a) => a.label),
            networks: [],
            // The verification's instant: the same on every replay and retry, so the attached file is too.
            issuedAt: verified?.at ?? new Date().toISOString(),
            ...(ctx.head ? { representative: ctx.head.name } : {}),
          },
        },
      ],
    };
  }

  function newRolesSpec(name: string): DecisionSpec {
    return { step: name, ...handoverTexts.newRoles(ctx), deciders: [ctx.incoming], escalateTo: toHead(), actions: ['confirm'], plan: ctx.plan, nonWorkingDays: ctx.nonWorkingDays };
  }

  async function removalSpec(name: string): Promise<DecisionSpec> {
    const { label } = (removalDue = await removalDeadline());
    return { step: name, ...handoverTexts.removal(ctx, label), deciders: [ctx.incoming], escalateTo: toHead(), actions: ['removed'], plan: ctx.plan, nonWorkingDays: ctx.nonWorkingDays };
  }

  /** The plan's escalation point, counted in business days from now (an activity, so replay never moves it). */
  async function removalDeadline(): Promise<{ at: string; label: string }> {
    const days = ctx.plan.escalateAfter ?? ctx.plan.remindAfter.at(-1) ?? 5;
    const [at] = await businessInstants({ from: new Date().toISOString(), offsets: [days], nonWorkingDays: ctx.nonWorkingDays });
    const [label] = await describeInstants([at!]);
    return { at: at!, label: label! };
  }

  /** The head (who answers for page roles, PCM 6.2.3.5) and the new CM learn it is done; no password travels. */
  async function notifyDone() {
    const by = (kind: HandoverStep) => desk.decisions().filter((d) => d.step === kind || d.step.startsWith(`${kind}-`)).at(-1)?.by ?? '—';
    await sendNotice({
      key: `${workflowInfo().workflowId}/cierre`,
      to: [...toHead(), ctx.incoming],
      ...handoverTexts.done(ctx, {
        incomingIsCm: Boolean(roster?.incomingIsCm),
        rotations: rotationsRequested.length,
        by: { entrega: by('entrega'), verificacion: by('verificacion'), acuerdo: by('acuerdo'), rolesNuevos: by('roles-nuevos'), retiro: by('retiro') },
      }),
    });
  }

  function decisions(): HandoverStatus['decisions'] {
    return desk.decisions().map((d) => ({ step: d.step, action: d.action, by: d.by, at: d.at, ...(d.reason ? { reason: d.reason } : {}) }));
  }

  function status(): HandoverStatus {
    const waiting = open ? desk.waiting().find((w) => w.step === open!.step) : undefined;
    const view = open ? desk.view(open.step) : null;
    return {
      handoverId,
      entityId,
      entityName: ctx.entityName,
      state: phase === 'completado' || phase === 'sin-registro' ? phase : 'en-curso',
      phase,
      ...(open ? { step: open.step } : {}),
      round,
      outgoing: ctx.outgoing,
      incoming: ctx.incoming,
      ...(ctx.head ? { head: ctx.head } : {}),
      waitingFor: waiting?.waitingFor ?? [],
      ...(waiting ? { since: waiting.since } : {}),
      escalated: waiting ? waiting.waitingFor.some((e) => open!.escalateTo.includes(e)) : false,
      remindersSent: view && !view.decision ? view.version - 1 : 0,
      ...(open?.deadline ? { removalDeadline: open.deadline } : {}),
      observations,
      decisions: decisions(),
      accounts: ctx.accounts.map((a) => ({ accountId: a.accountId, label: a.label })),
      rotationsRequested,
      ...(roster ? { incomingIsCm: roster.incomingIsCm } : {}),
      ...(completedAt ? { completedAt } : {}),
    };
  }
}
