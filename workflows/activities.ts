/**
 * The activities every process calls, with the options they share: a minute per attempt, retries backing
 * off up to five minutes, and no retry of an email the relay refused for good (the step escalates
 * instead). Calendar steps have their own, local, options (calendar.ts).
 */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { FAILURES } from '../contracts/failures';

export const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumInterval: '5 minutes', nonRetryableErrorTypes: [FAILURES.permanentMail] },
});

/**
 * Reads a process makes on its way to something else (the registry read before it asks someone), run in
 * the workflow task that needs them: no task-queue round trip and no further workflow task (issue 18 §1).
 * Only calls nobody outside the process can see: a local activity's effect happens before the workflow
 * task that ran it is recorded, and a worker that dies in between leaves it done but unrecorded. So
 * never an email, a record, or a hand-off that leads to one: the digest join once ran here, and its email
 * reached a person whose link then found no step, because the step's opening was lost with the worker
 * (test/faults/workerKill.test.ts).
 */
export const localActs = proxyLocalActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumInterval: '5 minutes' },
});
