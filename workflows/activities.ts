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
 * Short reads and hand-offs a process makes on its way to something else (a registry read before it asks
 * someone, a join to a digest), run in the workflow task that needs them: no task-queue round trip and no
 * further workflow task for each (issue 18 §1). Never an email: those stay `acts`, retried for as long as
 * the relay is down, with their own history events.
 */
export const localActs = proxyLocalActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumInterval: '5 minutes' },
});
