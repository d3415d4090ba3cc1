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
 * The same, run as local activities: in the worker that holds the process, recorded as a marker, without
 * a trip through the task queue and the workflow task that follows it. For short idempotent calls on a
 * path many processes take at once or a person waits on (a rotation's registry read and digest join at
 * the due instant, its writes after a confirmation: issue 18); a worker lost mid-call runs it again.
 */
export const localActs = proxyLocalActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumInterval: '5 minutes', nonRetryableErrorTypes: [FAILURES.permanentMail] },
});
