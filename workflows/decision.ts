/**
 * The one human-decision primitive. Every approval, acknowledgement and confirmation in Custodio is a
 * step opened with `DecisionDesk.decide`: it emails the deciders signed links, reminds them on a plan
 * in business days, escalates, and resolves with the first valid decision posted through the
 * `decideRequest` signal. Link versions let a newer email supersede older links for the same step.
 */
import { ApplicationFailure, condition, getExternalWorkflowHandle, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Attachment, DecisionEmailInput, EmailOutcome } from '../activities';
import {
  decideSignal,
  decideUpdate,
  decisionStepQuery,
  renewLinkSignal,
  renewLinkUpdate,
  requestOutcomeQuery,
  resendStepSignal,
  type EarlierStep,
  type RenewLinkRequest,
  type RequestOutcome,
  type ResendRequest,
  type Waiting,
} from '../contracts/decision';
import { FAILURES } from '../contracts/failures';
import { digestDeliveredSignal, digestWithdrawSignal, reminderDigestId, type DigestDelivery, type ReminderDigestInput } from '../contracts/reminderDigest';
import type { Contact, EntityPolicy } from '../domain/entity';
import {
  ACTIONS_NEEDING_REASON,
  ACTION_OUTCOMES,
  MAX_LINK_GAP_BUSINESS_DAYS,
  MIN_REASON,
  type Decision,
  type Undelivered,
  type DecisionAction,
  type DecisionInput,
  type DecisionStepView,
  type ReminderPlan,
} from '../domain/decision';
import { businessInstants } from './calendar';
import { acts } from './activities';
import type { CurrentEntity } from './currentEntity';

/** Everything that defines one step; texts are Spanish because people read them. */
export interface DecisionSpec {
  /** Unique within the workflow, e.g. `aprobacion-1`. */
  step: string;
  title: string;
  /** Opening paragraph of the email and the link page. */
  intro: string;
  summary: Array<[string, string]>;
  deciders: Contact[];
  actions: DecisionAction[];
  plan: ReminderPlan;
  /**
   * The instant the plan's business days count from, when not the step's opening: a deadline that starts
   * only when attention hours open (SENACE 8.4). Computed by an activity, so replay never moves it.
   */
  countFrom?: string;
  /** Entity's decreed non-working days, so reminders skip them. */
  nonWorkingDays: string[];
  /** Added as deciders (with links of their own) when the plan escalates. */
  escalateTo?: Contact[];
  /** Greeting line, e.g. the addressee of the technical report. */
  addressee?: string;
  /** Kept informed: they get a copy of the step without any decision link (a link reaches only its addressee). */
  cc?: string[];
  attachments?: Attachment[];
  form?: DecisionStepView['form'];
  formData?: unknown;
  /**
   * The step's first email goes in the decider's digest for this instant (issue 18 §1): one email for
   * every step that opens for that person then, each with its own links. Only for a step with one decider,
   * no copies and no attachments.
   */
  gather?: Omit<ReminderDigestInput, 'to' | 'quietMs' | 'maxGatherMs' | 'holdUntilDue'>;
  /**
   * The step opens at a later instant (issue 18 §1; needs `gather`, whose `at` it is): its first email joins
   * the decider's digest now and leaves with it then, if the digest's check of the registry (`holds`) still
   * finds the decider holding the account; the plan counts from that instant. Until the email leaves the step
   * is held: not among `waiting()`, and a withdrawal takes it out of the digest. A step the check dropped is
   * withdrawn with the digest's reason, and its process asks again.
   */
  ahead?: { holds: { accountId: string } };
  /** Checks the payload of a decision; a returned message refuses it. Must be deterministic. */
  validatePayload?: (action: DecisionAction, payload: unknown) => string | undefined;
  /**
   * Whom to ask, from the entity as the registry has it when the step opens, reminds or escalates, and
   * when the roster changes (issue 14 §1.4); replaces `deciders`, `escalateTo` and `cc` then. Needs a
   * desk that follows the roster (`DeskOptions.roster`).
   */
  route?: (entity: EntityPolicy) => Routing;
}

export interface Routing {
  deciders: Contact[];
  escalateTo?: Contact[];
  cc?: string[];
}

export interface DeskOptions {
  /** The entity the process reads when it asks someone; steps with a `route` follow its roster. */
  roster?: CurrentEntity;
  /** The process's entity, for the open-step index, when the desk has no roster to say it. */
  entityId?: () => string | undefined;
  /**
   * A decision is handed to the process as soon as it is taken, and its audit record is written when the
   * process calls `desk.recorded()`, which it must await before its run ends: alongside the process's next
   * work, in the same workflow task (issue 18 §2: one activity fewer between a person's click and what the
   * process does next, which may go first).
   */
  recordAlongside?: boolean;
}

interface StepState {
  spec: DecisionSpec;
  version: number;
  deciders: Contact[];
  /** Contacts added by escalation; they keep their links when the step is reassigned. */
  escalated: Contact[];
  openedAt: string;
  decision?: Decision;
  withdrawn?: { reason: string; at: string };
  /** Set by `reassign`; the waiting loop emails the new deciders. */
  reassigned?: boolean;
  /** Deciders' addresses the relay refused for good (they never got the step). */
  undelivered: Undelivered[];
  /** True while the step's email activity runs (it retries while the relay is down). */
  mailing?: boolean;
  /** True while a step opened ahead waits for its digest to send it at its instant (`DecisionSpec.ahead`). */
  held?: boolean;
  /** Deciders who asked for fresh links (an expired one), waiting to be emailed; and when each last asked. */
  renewals: string[];
  renewedAt: Record<string, number>;
  renewalCount: number;
  /** By when each decider (lower-case address) must get fresh links, as the email activity said (issue 17 §2). */
  freshBy: Record<string, number>;
  freshCount: number;
}

const { sendDecisionEmail, recordDecision, stepWithdrawn, joinReminderDigest } = acts;

/** A step whose digest has not answered in this long joins it again (a digest that ended without it starts anew). */
const DIGEST_ANSWER_MS = 60 * 60_000;

/**
 * Histories from before the process recorded how its steps closed (the API wrote the decision's audit
 * row; there was no open-step index) replay without those activities.
 */
export const STEP_CLOSE_PATCH = 'step-close-recorded-by-process';

/** Histories from before a plan without repetition was made to keep links fresh replay without the extra reminders. */
export const FRESH_LINKS_PATCH = 'links-kept-fresh';

/**
 * Histories from before the desk sent fresh links ahead of their expiry when no reminder would come first
 * (a plan with gaps longer than the links last, a long run of decreed days) replay without them.
 *
 * Decided once, when the desk is built at the start of the run, never at the point of use. Replaying,
 * `patched()` answers false until the workflow task that recorded the marker, and the point of use comes
 * right after a local activity (`businessInstants`): one that outlived its workflow task's heartbeat
 * leaves the marker a task later than the replay resumes, and the replay fails as nondeterministic
 * (issue 17: ~50 of 190 rotations stuck after worker kills). Patches added from now on follow this rule.
 */
export const LINKS_BEFORE_EXPIRY_PATCH = 'fresh-links-before-expiry';

/** Fresh links are sent at most this soon after the ones they replace. */
const MIN_FRESH_LEAD_MS = 24 * 60 * 60_000;

/** A decider may ask for fresh links at most this often. */
const RENEWAL_INTERVAL_MS = 60 * 60_000;

/** How many future checkpoints to compute per activity call when a plan repeats. */
const REPEAT_BATCH = 6;

const refuse = (message: string) => ApplicationFailure.create({ type: FAILURES.decisionRefused, message, nonRetryable: true });

export class DecisionDesk {
  private readonly steps = new Map<string, StepState>();
  /** `LINKS_BEFORE_EXPIRY_PATCH`, decided when the run starts (see there why). */
  private readonly freshBeforeExpiry: boolean;
  /**
   * `STEP_CLOSE_PATCH` as decided at the start: a run recorded since then holds its marker there. One
   * recorded before holds it where the first step closed, so a false here asks again at that point.
   */
  private readonly recordsClose: boolean;
  /** What became of each request this run took, by its id (asked through `requestOutcome`). */
  private readonly outcomes = new Map<string, RequestOutcome>();
  /** What the digests said of the steps' first emails, by `step/version`. */
  private readonly digested = new Map<string, DigestDelivery>();
  /** Audit records of closed steps not yet written (`DeskOptions.recordAlongside`). */
  private readonly unrecorded: Array<() => Promise<unknown>> = [];

  constructor(
    earlier: EarlierStep[] = [],
    private options: DeskOptions = {},
  ) {
    this.freshBeforeExpiry = patched(LINKS_BEFORE_EXPIRY_PATCH);
    this.recordsClose = patched(STEP_CLOSE_PATCH);
    for (const e of earlier) {
      const spec = { step: e.step, title: e.title, intro: '', summary: [], deciders: [], actions: [e.decision.action], plan: { remindAfter: [] }, nonWorkingDays: [] };
      this.steps.set(e.step, { spec, version: 1, deciders: [], escalated: [], openedAt: e.decision.at, decision: e.decision, ...fresh() });
    }
    setHandler(decideSignal, (r) => this.answer(r.requestId, () => ({ decision: this.take(r) })));
    setHandler(renewLinkSignal, (r) =>
      this.answer(r.requestId, () => {
        this.renew(r);
        return { renewed: true };
      }),
    );
    setHandler(requestOutcomeQuery, (requestId) => this.outcomes.get(requestId) ?? null);
    setHandler(decisionStepQuery, (step) => {
      const view = this.view(step);
      return view && { ...view, runId: workflowInfo().runId };
    });
    setHandler(resendStepSignal, (r) => this.replaceDecider(r));
    setHandler(digestDeliveredSignal, (d) => void this.digested.set(`${d.step}/${d.version}`, d));
    // Histories from before requests became signals hold accepted updates; they replay through these.
    setHandler(decideUpdate, (input) => this.take(input), { validator: (input) => void this.check(input) });
    setHandler(renewLinkUpdate, (r) => this.renew(r), { validator: (r) => void this.checkRenewal(r) });
  }

  /**
   * For a process that learns its entity only after it starts (a report opened from an id): steps
   * opened from now on follow this roster. The desk itself exists from the start, so its queries and
   * signals have handlers before the first activity returns.
   */
  follow(roster: CurrentEntity): void {
    this.options = { ...this.options, roster };
  }

  /** What a link page (and a status query) needs to know about a step; `null` for an unknown step. */
  view(step: string): DecisionStepView | null {
    const s = this.steps.get(step);
    if (!s) return null;
    return {
      step,
      title: s.spec.title,
      summary: s.spec.summary,
      actions: s.spec.actions,
      deciders: s.deciders.map((d) => d.email),
      version: s.version,
      openedAt: s.openedAt,
      ...(s.decision ? { decision: s.decision } : {}),
      ...(s.withdrawn ? { withdrawn: s.withdrawn } : {}),
      ...(s.undelivered.length ? { undelivered: [...s.undelivered] } : {}),
      ...(s.spec.form ? { form: s.spec.form, formData: s.spec.formData } : {}),
    };
  }

  /** Steps still waiting for someone, oldest first. */
  waiting(): Waiting[] {
    return [...this.steps.values()]
      .filter((s) => !s.decision && !s.withdrawn && !s.held)
      .map((s) => ({
        step: s.spec.step,
        title: s.spec.title,
        waitingFor: s.deciders.map((d) => d.email),
        since: s.openedAt,
        ...(s.undelivered.length ? { undelivered: [...s.undelivered] } : {}),
        ...(s.mailing ? { mailPending: true } : {}),
      }));
  }

  /** The step opened ahead of its instant and its email has not left yet (`DecisionSpec.ahead`). */
  held(step: string): boolean {
    return this.steps.get(step)?.held === true;
  }

  /** Every decision taken so far, in order. */
  decisions(): Decision[] {
    return [...this.steps.values()].flatMap((s) => (s.decision ? [s.decision] : []));
  }

  /** Opens a step, emails its deciders, reminds and escalates until someone decides. */
  async decide(spec: DecisionSpec): Promise<Decision> {
    const decision = await this.decideUnlessWithdrawn(spec);
    if (!decision) throw new Error(`decision step ${spec.step} was withdrawn; open it with decideUnlessWithdrawn`);
    return decision;
  }

  /** Like `decide`, for steps the process may close itself (`withdraw`): resolves `null` then. */
  async decideUnlessWithdrawn(spec: DecisionSpec): Promise<Decision | null> {
    if (this.steps.has(spec.step)) throw new Error(`decision step ${spec.step} opened twice`);
    const roster = this.options.roster;
    if (spec.route && roster) spec = routed(spec, spec.route(await roster.read()));
    const ahead = spec.ahead && spec.gather && Date.parse(spec.gather.at) > Date.now();
    const openedAt = ahead ? spec.gather!.at : new Date().toISOString();
    const state: StepState = { spec, version: 1, deciders: [...spec.deciders], escalated: [], openedAt, ...(ahead ? { held: true } : {}), ...fresh() };
    this.steps.set(spec.step, state);
    await this.email(state, 'request', state.deciders);

    const plan = spec.plan;
    const offsets: Array<{ d: number; kind: 'reminder' | 'escalation' }> = plan.remindAfter.map((d) => ({ d, kind: 'reminder' }));
    if (plan.escalateAfter !== undefined && spec.escalateTo?.length) offsets.push({ d: plan.escalateAfter, kind: 'escalation' });
    offsets.sort((a, b) => a.d - b.d);
    let last = offsets.at(-1)?.d ?? 0;

    for (;;) {
      if (offsets.length === 0) {
        // A plan stored before plans had to repeat still sends fresh links before the old ones expire.
        const repeatEvery = plan.repeatEvery ?? (patched(FRESH_LINKS_PATCH) ? MAX_LINK_GAP_BUSINESS_DAYS : undefined);
        if (!repeatEvery) break;
        for (let i = 1; i <= REPEAT_BATCH; i++) offsets.push({ d: last + i * repeatEvery, kind: 'reminder' });
        last = offsets.at(-1)!.d;
      }
      const batch = offsets.splice(0);
      const instants = await businessInstants({ from: spec.countFrom ?? state.openedAt, offsets: batch.map((o) => o.d), nonWorkingDays: spec.nonWorkingDays });
      for (const [i, checkpoint] of batch.entries()) {
        if (await this.settledBefore(state, Date.parse(instants[i]!))) return this.closed(state);
        // Reminded or escalated, the step goes to whoever holds the role by then.
        await this.reroute(state);
        state.version++;
        if (checkpoint.kind === 'escalation') {
          const known = new Set(state.deciders.map((d) => d.email));
          const added = (spec.escalateTo ?? []).filter((c) => !known.has(c.email));
          state.deciders.push(...added);
          state.escalated.push(...added);
          await this.email(state, 'escalation', state.deciders);
        } else {
          await this.email(state, 'reminder', state.deciders);
        }
      }
    }
    await this.settledBefore(state, undefined);
    return this.closed(state);
  }

  /** The step's decision, once the audit trail holds it; `null` when the process withdrew the step. */
  private async closed(state: StepState): Promise<Decision | null> {
    const workflowId = workflowInfo().workflowId;
    if (!state.decision) {
      if (this.recordsClose || patched(STEP_CLOSE_PATCH)) await stepWithdrawn({ workflowId, step: state.spec.step });
      return null;
    }
    if (this.recordsClose || patched(STEP_CLOSE_PATCH)) {
      const decision = state.decision;
      const record = () => recordDecision({ workflowId, version: state.version, decision });
      if (this.options.recordAlongside) this.unrecorded.push(record);
      else await record();
    }
    return state.decision;
  }

  /** Writes the audit records of the steps closed since the last call (see `DeskOptions.recordAlongside`). */
  async recorded(): Promise<void> {
    await Promise.all(this.unrecorded.splice(0).map((record) => record()));
  }

  /** A roster change was signalled and this step follows the roster. */
  private rosterNews(state: StepState): boolean {
    return Boolean(state.spec.route && this.options.roster?.stale);
  }

  /** Reads the roster and applies the step's route to it, without emailing (the caller does). */
  private async reroute(state: StepState): Promise<void> {
    const { route } = state.spec;
    if (!route || !this.options.roster) return;
    this.applyRoute(state, route(await this.options.roster.read()));
    state.reassigned = false;
  }

  /** Reads the roster once and hands every open step that follows it to whoever holds the role now. */
  private async rerouteOpen(): Promise<void> {
    const entity = await this.options.roster!.read();
    for (const state of this.steps.values()) {
      if (state.spec.route && !state.decision && !state.withdrawn) this.applyRoute(state, state.spec.route(entity));
    }
  }

  private applyRoute(state: StepState, r: Routing): void {
    state.spec = { ...state.spec, ...(r.cc ? { cc: r.cc } : {}) };
    this.reassign(state.spec.step, { deciders: r.deciders, escalateTo: r.escalateTo ?? [] });
  }

  /**
   * The review loop of a proposal, shared by every process that approves one: each round, `review` asks
   * for the decision (one step, or several in a row); an observation (`observe`), or a decision that
   * itself carries a corrected proposal (`correct`), goes to `correct`, and the next round asks again.
   * Resolves with the decision that ends the loop (an approval, a confirmation, a rejection) and its round.
   */
  async reviewRounds(
    review: (round: number) => Promise<Decision>,
    correct: (round: number, decision: Decision) => Promise<void>,
  ): Promise<{ decision: Decision; round: number }> {
    for (let round = 1; ; round++) {
      const decision = await review(round);
      if (decision.action !== 'observe' && decision.action !== 'correct') return { decision, round };
      await correct(round, decision);
    }
  }

  /**
   * Closes an open step without a decision: no more reminders, its links answer that it no longer
   * applies, and `decideUnlessWithdrawn` resolves `null`. Does nothing on a closed or unknown step.
   */
  withdraw(step: string, reason: string): void {
    const state = this.steps.get(step);
    if (!state || state.decision || state.withdrawn) return;
    state.withdrawn = { reason, at: new Date().toISOString() };
  }

  /**
   * Hands an open step to other people (a new custodian, a new head): their email carries a new link
   * version, so the old addressees' links stop working. Reminders keep the step's original plan.
   */
  reassign(step: string, to: { deciders: Contact[]; escalateTo?: Contact[] }): void {
    const state = this.steps.get(step);
    if (!state || state.decision || state.withdrawn) return;
    const same = (a: Contact[], b: Contact[]) => a.length === b.length && a.every((c, i) => c.email === b[i]!.email);
    const escalated = to.escalateTo && state.escalated.length ? to.escalateTo : state.escalated;
    const deciders = [...to.deciders, ...escalated.filter((c) => !to.deciders.some((d) => d.email === c.email))];
    if (same(deciders, state.deciders) && !to.escalateTo) return;
    state.spec = { ...state.spec, deciders: to.deciders, ...(to.escalateTo ? { escalateTo: to.escalateTo } : {}) };
    if (same(deciders, state.deciders)) return;
    state.deciders = deciders;
    state.escalated = escalated;
    state.reassigned = true;
  }

  /**
   * Sends an open step to `to` in place of a decider whose address the relay refused (or who can no longer
   * act): the new person gets a new link version, the replaced address's links stop working. Does nothing
   * on a closed or unknown step, or when `replace` is not among its deciders.
   */
  replaceDecider(r: ResendRequest): void {
    const state = this.steps.get(r.step);
    const replace = r.replace.toLowerCase();
    if (!state || state.decision || state.withdrawn || !state.deciders.some((d) => d.email.toLowerCase() === replace)) return;
    const swap = (list: Contact[]) => {
      const out = list.map((c) => (c.email.toLowerCase() === replace ? r.to : c));
      return out.filter((c, i) => out.findIndex((x) => x.email.toLowerCase() === c.email.toLowerCase()) === i);
    };
    state.deciders = swap(state.deciders);
    state.escalated = swap(state.escalated);
    state.spec = { ...state.spec, deciders: swap(state.spec.deciders), ...(state.spec.escalateTo ? { escalateTo: swap(state.spec.escalateTo) } : {}) };
    state.undelivered = state.undelivered.filter((u) => u.email.toLowerCase() !== replace);
    state.reassigned = true;
  }

  /** Waits until the step is decided or withdrawn (true) or the instant passes (false), emailing reassigned deciders meanwhile. */
  private async settledBefore(state: StepState, at: number | undefined): Promise<boolean> {
    const settled = () => state.decision !== undefined || state.withdrawn !== undefined;
    for (;;) {
      const wake = () => settled() || state.reassigned === true || this.rosterNews(state) || state.renewals.length > 0;
      // Links that would expire before the next email of the plan are replaced first (issue 17 §2).
      const stale = this.freshBeforeExpiry ? this.freshDue(state, at) : undefined;
      const until = stale === undefined ? at : stale.by;
      const woke = until === undefined ? (await condition(wake), true) : await condition(wake, Math.max(until - Date.now(), 1));
      if (settled()) return true;
      if (!woke && stale) {
        state.freshCount++;
        await this.email(state, 'fresh', stale.to);
        continue;
      }
      if (!woke) return false;
      if (state.renewals.length) {
        const asked = state.renewals.splice(0);
        state.renewalCount++;
        await this.email(state, 'renewal', state.deciders.filter((d) => asked.includes(d.email.toLowerCase())));
        continue;
      }
      if (this.rosterNews(state)) {
        await this.rerouteOpen();
        continue;
      }
      state.reassigned = false;
      state.version++;
      await this.email(state, 'request', state.deciders);
    }
  }

  /**
   * The deciders whose links must be replaced before `at` (the plan's next email; never, when none is
   * planned), and by when: the earliest `freshBy` of them. Undefined when every link outlives `at`.
   */
  private freshDue(state: StepState, at: number | undefined): { by: number; to: Contact[] } | undefined {
    const by = (c: Contact) => state.freshBy[c.email.toLowerCase()];
    const to = state.deciders.filter((c) => by(c) !== undefined && (at === undefined || by(c)! < at));
    if (!to.length) return undefined;
    return { by: Math.min(...to.map((c) => by(c)!)), to };
  }

  private async email(state: StepState, kind: 'request' | 'reminder' | 'escalation' | 'renewal' | 'fresh', to: Contact[]): Promise<void> {
    const { spec } = state;
    state.mailing = true;
    // Histories recorded before refused addresses were reported hold no outcome: nothing was refused there.
    const entityId = this.options.roster?.now.id ?? this.options.entityId?.();
    const dueAfter = spec.plan.escalateAfter ?? spec.plan.remindAfter[0];
    const input = {
      workflowId: workflowInfo().workflowId,
      ...(entityId ? { entityId } : {}),
      ...(dueAfter !== undefined ? { dueAfter } : {}),
      ...(kind === 'renewal' ? { renewal: state.renewalCount } : kind === 'fresh' ? { renewal: state.freshCount } : {}),
      nonWorkingDays: spec.nonWorkingDays,
      step: spec.step,
      version: state.version,
      kind,
      to,
      title: spec.title,
      intro: spec.intro,
      summary: spec.summary,
      actions: spec.actions,
      openedAt: state.openedAt,
      ...(spec.addressee ? { addressee: spec.addressee } : {}),
      ...(spec.cc ? { cc: spec.cc } : {}),
      ...(spec.attachments ? { attachments: spec.attachments } : {}),
    };
    const digest = spec.gather && kind === 'request' && state.version === 1 && to.length === 1 && !spec.cc?.length && !spec.attachments?.length && !spec.addressee;
    const outcome: EmailOutcome | undefined = digest ? await this.viaDigest(state, input, to[0]!) : await sendDecisionEmail(input);
    state.mailing = false;
    // A date not comfortably ahead (a worker's clock far off the server's) is ignored: never a loop of emails.
    const freshBy = outcome?.freshLinksBy ? Date.parse(outcome.freshLinksBy) : NaN;
    if (freshBy > Date.now() + MIN_FRESH_LEAD_MS) for (const c of to) state.freshBy[c.email.toLowerCase()] = freshBy;
    for (const u of outcome?.undelivered ?? []) {
      if (!state.undelivered.some((x) => x.email === u.address)) state.undelivered.push({ email: u.address, reason: u.reason, at: new Date().toISOString() });
    }
  }

  /**
   * The step's first email through the decider's digest: the process joins it and waits for its word. A
   * digest that ended without answering (the step joined as it closed, or it failed) is joined again each
   * `DIGEST_ANSWER_MS`: a running digest ignores a step it already holds, an ended one is started anew, so
   * the step is sent once and never lost, however long the relay is down.
   */
  private async viaDigest(state: StepState, input: DecisionEmailInput, person: Contact): Promise<EmailOutcome | undefined> {
    const { kind: _kind, to: _to, renewal: _renewal, cc: _cc, attachments: _attachments, addressee: _addressee, ...email } = input;
    const gather = state.spec.gather!;
    const held = state.held === true;
    const item = held ? { ...email, holds: state.spec.ahead!.holds } : email;
    const join = () => joinReminderDigest({ digest: { to: person, ...gather, ...(held ? { holdUntilDue: true } : {}) }, item });
    const key = `${input.step}/${input.version}`;
    await join();
    // A held step's digest answers at its instant, not within the hour.
    const answerMs = () => (held ? Math.max(Date.parse(gather.at) - Date.now(), 0) : 0) + DIGEST_ANSWER_MS;
    while (!(await condition(() => this.digested.has(key) || state.decision !== undefined || state.withdrawn !== undefined, answerMs()))) await join();
    state.held = false;
    const delivery = this.digested.get(key);
    if (held && !delivery && state.withdrawn) {
      // Taken back before its instant: out of the digest, so nobody gets links to a step that no longer applies.
      const digest = getExternalWorkflowHandle(reminderDigestId(person.email, gather.at));
      await digest.signal(digestWithdrawSignal, { workflowId: input.workflowId, step: input.step, version: input.version }).catch(() => undefined);
    }
    if (delivery?.dropped) this.withdraw(state.spec.step, delivery.dropped);
    // The digest's word is the outcome its own email activity would have given (a step decided meanwhile has none).
    return delivery;
  }

  /** Answers each request id once; a refusal is an answer too, never a failed workflow task. */
  private answer(requestId: string, take: () => RequestOutcome): void {
    if (this.outcomes.has(requestId)) return;
    try {
      this.outcomes.set(requestId, take());
    } catch (err) {
      if (!(err instanceof ApplicationFailure && err.type === FAILURES.decisionRefused)) throw err;
      this.outcomes.set(requestId, { refused: err.message });
    }
  }

  /** Records the first valid decision on an open step (refusing anything else) and wakes the step's waiter. */
  private take(input: DecisionInput): Decision {
    const state = this.check(input);
    const decision: Decision = {
      step: input.step,
      action: input.action,
      by: input.actor.email.toLowerCase(),
      at: new Date().toISOString(),
      ...(input.reason ? { reason: input.reason.trim() } : {}),
      ...(input.payload !== undefined ? { payload: input.payload } : {}),
      ...(input.actor.ip ? { ip: input.actor.ip } : {}),
      ...(input.actor.userAgent ? { userAgent: input.actor.userAgent } : {}),
      ...(input.actor.signedIn ? { signedIn: true } : {}),
    };
    state.decision = decision;
    return decision;
  }

  /** Queues fresh links for the addressee of an expired one (sent by the step's loop). */
  private renew(r: RenewLinkRequest): void {
    const state = this.checkRenewal(r);
    const email = r.email.toLowerCase();
    state.renewedAt[email] = Date.now();
    state.renewals.push(email);
  }

  /** Refuses a renewal the step cannot honour now (Spanish, shown on the expired-link page). */
  private checkRenewal(r: RenewLinkRequest): StepState {
    const state = this.steps.get(r.step);
    if (!state) throw refuse('Este paso no existe en este proceso.');
    if (state.withdrawn) throw refuse(`Este paso ya no está vigente: ${state.withdrawn.reason}`);
    if (state.decision) throw refuse(`Este paso ya fue atendido (${ACTION_OUTCOMES[state.decision.action]}, por ${state.decision.by}).`);
    const email = r.email.toLowerCase();
    if (!state.deciders.some((d) => d.email.toLowerCase() === email)) throw refuse('Este paso ya no le corresponde: se asignó a otra persona.');
    const last = state.renewedAt[email];
    if (last !== undefined && Date.now() - last < RENEWAL_INTERVAL_MS) {
      throw refuse('Ya le enviamos enlaces nuevos hace menos de una hora. Revise su correo, también la carpeta de correo no deseado.');
    }
    return state;
  }

  /** Refuses anything but the first valid decision on an open step, through its newest link. */
  private check(input: DecisionInput): StepState {
    const state = this.steps.get(input.step);
    if (!state) throw refuse('Este paso no existe en este proceso.');
    if (state.withdrawn) throw refuse(`Este paso ya no está vigente: ${state.withdrawn.reason}`);
    if (state.decision) {
      throw refuse(`Este paso ya fue atendido (${ACTION_OUTCOMES[state.decision.action]}, por ${state.decision.by}).`);
    }
    if (input.version < state.version) throw refuse('Este enlace fue reemplazado por uno más reciente. Use el último correo recibido.');
    if (input.version > state.version) throw refuse('Este enlace no corresponde a este paso.');
    if (!state.spec.actions.includes(input.action)) throw refuse('Esta acción no está permitida en este paso.');
    const email = input.actor.email.toLowerCase();
    if (!state.deciders.some((d) => d.email.toLowerCase() === email)) throw refuse('Este enlace no está dirigido a usted.');
    if (ACTIONS_NEEDING_REASON.includes(input.action) && (input.reason?.trim().length ?? 0) < MIN_REASON) {
      throw refuse('Escriba el motivo (al menos 5 caracteres): observar y rechazar requieren una razón.');
    }
    const problem = state.spec.validatePayload?.(input.action, input.payload);
    if (problem) throw refuse(problem);
    return state;
  }
}

/** The spec with the people its route names now. */
function routed(spec: DecisionSpec, r: Routing): DecisionSpec {
  const { escalateTo: _escalateTo, cc: _cc, ...rest } = spec;
  return { ...rest, deciders: r.deciders, ...(r.escalateTo?.length ? { escalateTo: r.escalateTo } : {}), ...(r.cc ? { cc: r.cc } : {}) };
}

/** A step's bookkeeping at its opening: nothing refused, nobody asked for fresh links yet. */
function fresh(): Pick<StepState, 'undelivered' | 'renewals' | 'renewedAt' | 'renewalCount' | 'freshBy' | 'freshCount'> {
  return { undelivered: [], renewals: [], renewedAt: {}, renewalCount: 0, freshBy: {}, freshCount: 0 };
}
