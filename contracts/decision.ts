/**
 * The one human-decision primitive's contract (workflows/decision.ts implements it): every workflow
 * takes the `decideRequest` signal and answers the `decisionStep` and `requestOutcome` queries, so the
 * link pages work the same for every process.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Decision, DecisionInput, DecisionStepView, Undelivered } from '../domain/decision';
import type { Contact } from '../domain/entity';

/**
 * A person's request to a process (a decision, fresh links) travels as a signal carrying an id the
 * caller chose; the caller then reads what became of it with `requestOutcome`, on the run it signalled
 * (processes/asking.ts). Not as an update: Temporal's core SDK cannot replay a history in which an update
 * was accepted after a lost workflow task (temporalio/sdk-rust#1146), and the worker-kill fault test left
 * processes stuck that way. A signal is a plain event in the history, durable as soon as it is sent.
 */
export interface Asked {
  /** Unique per attempt (a retried POST is a new request); the process answers each id once. */
  requestId: string;
}

export type DecisionRequest = DecisionInput & Asked;
export const decideSignal = defineSignal<[DecisionRequest]>('decideRequest');

/** What became of a request: the decision it recorded, fresh links sent, or the Spanish reason it was refused. */
export type RequestOutcome = { decision: Decision } | { renewed: true } | { refused: string };
/** `null` until the run has taken the request. */
export const requestOutcomeQuery = defineQuery<RequestOutcome | null, [string]>('requestOutcome');

/**
 * Kept for runs whose history already holds `decide` or `renewLink` updates, which replay through these
 * handlers; nothing sends them any more.
 */
export const decideUpdate = defineUpdate<Decision, [DecisionInput]>('decide');
/**
 * A step as the run that answered sees it. `runId` names that run, so a decision posted right after
 * the page read the step goes to it without another round trip to find the current run
 * (processes/asking.ts); absent from answers of workers older than it.
 */
export type DecisionStepAnswer = DecisionStepView & { runId?: string };
export const decisionStepQuery = defineQuery<DecisionStepAnswer | null, [string]>('decisionStep');

/** Send an open step to someone else in place of an address the relay refused (issue 14 §1.2). */
export interface ResendRequest {
  step: string;
  /** The decider's address to replace. */
  replace: string;
  to: Contact;
  /** Who asked (the head, the platform admin). */
  by: string;
}

export const resendStepSignal = defineSignal<[ResendRequest]>('resendStep');

/**
 * The addressee of an expired link asks for a new one (issue 14 §1.5): the step emails them alone fresh
 * links of its current version, at most once an hour; the process refuses, in Spanish, a closed step,
 * someone the step no longer waits for, and a second request within the hour.
 */
export interface RenewLinkRequest {
  step: string;
  email: string;
}

export const renewLinkSignal = defineSignal<[RenewLinkRequest & Asked]>('renewLinkRequest');
/** See `decideUpdate`: kept for histories that hold it. */
export const renewLinkUpdate = defineUpdate<void, [RenewLinkRequest]>('renewLink');

/**
 * The entity's roster (or its policy) changed: a process that asks people of the entity reads it again
 * and hands its open steps to whoever holds the role now (issue 14 §1.4). Carries nothing: the registry
 * is the truth, so a lost nudge only delays the news until the process next asks someone.
 */
export const refreshRosterSignal = defineSignal('refreshRoster');

/** The process kinds that follow the roster through `refreshRoster` (others have a refresh signal of their own). */
export const ROSTER_FOLLOWING_PROCESSES = ['accountCreation', 'campaign', 'quarterlyReport', 'monthlyEvaluation'] as const;

/** A step decided in an earlier run of a workflow that continued as new, so its old links get a clear answer. */
export interface EarlierStep {
  step: string;
  title: string;
  decision: Decision;
}

/** A step someone is expected to act on, as status queries report it. */
export interface Waiting {
  step: string;
  title: string;
  waitingFor: string[];
  since: string;
  /** Deciders' addresses the relay refused: they never got the step (the head was told). */
  undelivered?: Undelivered[];
  /** The step's email has not gone out yet (the relay is down or answered "try later"); it keeps trying. */
  mailPending?: boolean;
}
