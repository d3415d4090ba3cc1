/**
 * Calendar arithmetic for workflows. It stays in activities, so the result is recorded in history and
 * a new holiday list or ICU never changes a replayed deadline (STACK trap 4). The activities are pure
 * and fast, so they run as local activities: one marker in the history instead of a round trip
 * through the task queue, where under load they waited behind slow registry reads.
 *
 * Histories recorded before the change hold ordinary activity events for these calls; `patched` makes
 * those replay as they ran, and every run that records the marker uses local activities.
 */
import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

const PATCH = 'calendar-local-activities';

const remote = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumInterval: '5 minutes' },
});
const local = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumInterval: '1 minute' },
});

const pick = () => (patched(PATCH) ? local : remote);

export const businessInstants: Activities['businessInstants'] = (input) => pick().businessInstants(input);
export const describeInstants: Activities['describeInstants'] = (instants) => pick().describeInstants(instants);
export const rotationDue: Activities['rotationDue'] = (input) => pick().rotationDue(input);
export const businessDaysBefore: Activities['businessDaysBefore'] = (input) => pick().businessDaysBefore(input);
/** Only ever local: it came after the local calendar activities, so no history holds it as an ordinary one. */
export const confirmedRotationDates: Activities['confirmedRotationDates'] = (input) => local.confirmedRotationDates(input);
