/**
 * One email per person per due instant (issue 18 §1): the steps that open for one person at one instant
 * (a custodian's five rotations, due together) join this process, which waits until no step has joined
 * for a moment, sends them in one email, each with its own signed links, and tells each step's process
 * what became of it. A step that joins while the email goes out is sent in a second one; a step that
 * joins after the digest ended starts a new digest. A step whose process has not heard back within an hour
 * joins again (workflows/decision.ts): a step this digest holds is not added twice, and one it never got
 * (it joined as the digest closed) starts a new one.
 *
 * A digest whose steps join ahead of their instant (`holdUntilDue`) sleeps until it and sends at once, so a
 * burst of thousands due together wakes one digest per person at the instant, not every step's process; a
 * step its process takes back meanwhile (`digestWithdrawSignal`) is left out.
 */
import { condition, getExternalWorkflowHandle, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import {
  digestDeliveredSignal,
  digestItemSignal,
  digestWithdrawSignal,
  reminderDigestStatusQuery,
  sameDigestStep,
  type DigestItem,
  type ReminderDigestInput,
} from '../contracts/reminderDigest';
import { acts } from './activities';

const { sendReminderDigest } = acts;

export async function reminderDigest(input: ReminderDigestInput): Promise<void> {
  const items: DigestItem[] = [];
  let sent = 0;
  setHandler(digestItemSignal, (item) => {
    // A join retried by its activity is the same step.
    if (!items.some((i) => sameDigestStep(i, item))) items.push(item);
  });
  setHandler(digestWithdrawSignal, (w) => {
    const at = items.findIndex((i) => sameDigestStep(i, w));
    // A step already sent stays sent: its links answer that it no longer applies.
    if (at >= sent) items.splice(at, 1);
  });
  setHandler(reminderDigestStatusQuery, () => ({ to: input.to.email, at: input.at, gathered: items.length, sent }));

  // Held: the steps have joined by the instant, so the email leaves then without gathering first.
  let held = input.holdUntilDue === true;
  if (held && Date.parse(input.at) > Date.now()) await sleep(Date.parse(input.at) - Date.now());
  for (let batch = 1; ; batch++) {
    const since = Date.now();
    for (; !held; ) {
      const known = items.length;
      const left = since + input.maxGatherMs - Date.now();
      if (left <= 0 || !(await condition(() => items.length > known, Math.min(input.quietMs, left)))) break;
    }
    held = false;
    const group = items.slice(sent);
    sent = items.length;
    // Empty when every held step was taken back before the instant.
    if (group.length) {
      const deliveries = await sendReminderDigest({ key: `${workflowInfo().workflowId}/${workflowInfo().runId}/${batch}`, input, items: group });
      // Each process records the outcome as its own email's; one that has ended meanwhile has nothing to hear.
      await Promise.all(
        deliveries.map(({ workflowId, delivery }) => getExternalWorkflowHandle(workflowId).signal(digestDeliveredSignal, delivery).catch(() => undefined)),
      );
    }
    if (!(await condition(() => items.length > sent, input.quietMs))) return;
  }
}
