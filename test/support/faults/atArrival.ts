/**
 * A fault at the instant the SMTP capture holds an email whose sender has not yet been answered: the
 * relay has it, the outbox has not recorded it as sent. A worker killed there leaves the one window
 * exactly-once email cannot close (STACK "Reliability details"), which the outbox narrows by re-sending
 * with the same Message-ID; a database gone there must not strand the claim.
 */
import type { ArrivedMail, OnArrival } from '../../../local/smtpCapture';
import { fromOutbox } from './ledger';

export interface ArrivalTrigger {
  /** Pass as the capture's `onArrival`. */
  onArrival: OnArrival;
  /**
   * Runs `fault` when the next email from the outbox arrives; the capture answers its sender once the
   * fault's promise settles. Resolves with that email's Message-ID.
   */
  next(fault: () => Promise<unknown>): Promise<string>;
}

export function arrivalTrigger(): ArrivalTrigger {
  let armed: ((m: ArrivedMail) => Promise<unknown>) | undefined;
  return {
    onArrival(m) {
      if (!armed || !fromOutbox(m)) return undefined;
      const fire = armed;
      armed = undefined;
      return fire(m);
    },
    next: (fault) =>
      new Promise((resolve) => {
        armed = async (m) => {
          await fault();
          resolve(m.messageId!);
        };
      }),
  };
}
