/**
 * How a person's request reaches a process and its answer comes back (contracts/decision.ts says why
 * this is a signal and not an update): signal the run that is current now (the one that just answered
 * the step's query, when the caller knows it, else the one `describe` finds), then read that same run's
 * `requestOutcome` until it has taken the request. Reading the run by its id matters: a rotation that
 * records a decision continues as new at once, and the new run never saw the request; a query on the
 * closed run is answered by replaying it.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type WorkflowClient } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';
import { requestOutcomeQuery, type Asked, type RequestOutcome } from '../contracts/decision';
import { ProcessesUnavailable } from '../contracts/processes';
import { Refusal } from '../domain/refusal';
import { signalIfOpen } from './temporal';

/** How long a request waits for its answer when the caller set no deadline (tests, scripts). */
export const DEFAULT_ANSWER_WAIT_MS = 30_000;
/** Reads of the outcome start quick (a decision usually lands within a workflow task) and back off. */
const FIRST_PAUSE_MS = 5;
const LONGEST_PAUSE_MS = 200;
/** A run may continue as new between finding it and signalling it; this many tries find the next one. */
const RUN_TRIES = 3;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface AskOptions {
  /** How long to wait for the run to take the request. */
  waitMs?: number;
  /**
   * The run that just answered the step's query (`DecisionStepAnswer.runId`), tried first: the page's
   * POST already asked it, so finding the current run again would cost a round trip to Temporal. A run
   * that has closed since then is passed over for the current one.
   */
  runId?: string;
}

/**
 * Sends `request`, under a new request id, to the running process `workflowId` and answers what the
 * process made of it. Throws `Refusal` (`decision_refused`) with the process's Spanish reason when it
 * refused the request or no run of the process is open, and `ProcessesUnavailable` when the run did not
 * take the request within `waitMs`: the request stays in its history and may still be taken.
 */
export async function ask<R extends object>(
  workflows: WorkflowClient,
  workflowId: string,
  signal: SignalDefinition<[R & Asked]>,
  request: R,
  { waitMs = DEFAULT_ANSWER_WAIT_MS, runId: seenRun }: AskOptions = {},
): Promise<Exclude<RequestOutcome, { refused: string }>> {
  const deadline = Date.now() + waitMs;
  const asked = { ...request, requestId: randomUUID() };
  const runId = seenRun && (await signalIfOpen(workflows.getHandle(workflowId, seenRun), signal, asked)) ? seenRun : await signalCurrentRun(workflows, workflowId, signal, asked);
  const run = workflows.getHandle(workflowId, runId);
  for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
    const outcome = await run.query(requestOutcomeQuery, asked.requestId);
    if (outcome && 'refused' in outcome) throw new Refusal('decision_refused', outcome.refused);
    if (outcome) return outcome;
    if (Date.now() + pause > deadline) throw new ProcessesUnavailable(new Error(`run ${runId} of ${workflowId} did not take request ${asked.requestId} in ${waitMs} ms`));
    await sleep(pause);
  }
}

async function signalCurrentRun<R>(workflows: WorkflowClient, workflowId: string, signal: SignalDefinition<[R]>, request: R): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    let runId: string;
    try {
      const d = await workflows.getHandle(workflowId).describe();
      if (d.status.name !== 'RUNNING') throw new Refusal('decision_refused', 'Este proceso ya terminó: no admite más decisiones.');
      runId = d.runId;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new Refusal('decision_refused', 'Este proceso no existe.');
      throw err;
    }
    // The run closed (continued as new) in between: the next one takes the request.
    if (await signalIfOpen(workflows.getHandle(workflowId, runId), signal, request)) return runId;
    if (attempt >= RUN_TRIES) throw new WorkflowNotFoundError(`every run of ${workflowId} found closed before its signal`, workflowId, runId);
  }
}
