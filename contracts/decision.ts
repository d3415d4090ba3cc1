/**
 * The one human-decision primitive's contract (workflows/decision.ts implements it): every workflow
 * accepts the `decide` update and answers the `decisionStep` query, so the link pages work the same for
 * every process.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Decision, DecisionInput, DecisionStepView } from '../domain/decision';

export const decideUpdate = defineUpdate<Decision, [DecisionInput]>('decide');
export const decisionStepQuery = defineQuery<DecisionStepView | null, [string]>('decisionStep');

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
}
