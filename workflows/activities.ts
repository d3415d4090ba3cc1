/**
 * The activities every process calls, with the options they share: a minute per attempt, retries backing
 * off up to five minutes, and no retry of an email the relay refused for good (the step escalates
 * instead). Calendar steps have their own, local, options (calendar.ts).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { FAILURES } from '../contracts/failures';

export const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumInterval: '5 minutes', nonRetryableErrorTypes: [FAILURES.permanentMail] },
});
