/**
 * One email per person per due instant (issue 18 §1): steps that open at the same instant for the same
 * person (the rotations of a custodian's five accounts, due together) are gathered by a digest process
 * (workflows/reminderDigest.ts) into one email, each step with its own signed links. The step's process
 * joins the digest (`digestItemSignal`, through signal-with-start) and hears back what became of the email
 * (`digestDeliveredSignal`), as it would from its own email activity.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DecisionAction } from '../domain/decision';
import type { Contact } from '../domain/entity';

/** The first email of one decision step to one person, as the step's process would have sent it alone. */
export interface DigestItem {
  workflowId: string;
  step: string;
  version: number;
  title: string;
  intro: string;
  summary: Array<[string, string]>;
  actions: DecisionAction[];
  openedAt: string;
  entityId?: string;
  /** For the open-step index: when the step is overdue, in business days after it opened. */
  dueAfter?: number;
  nonWorkingDays?: string[];
  /**
   * A step that joined ahead of its instant (`ReminderDigestInput.holdUntilDue`) goes out only if the digest's
   * person still holds this account when the email leaves: the roster read at the moment of asking.
   */
  holds?: { accountId: string };
}

export interface ReminderDigestInput {
  to: Contact;
  /** The instant the gathered steps fell due (ISO): with the person, the digest's id. */
  at: string;
  /** What the steps are about, for the subject («Rotación de credenciales») and the count's noun. */
  topic: string;
  noun: { one: string; many: string };
  /** What the person is asked to do with each of them (the steps' own introductions name one matter each). */
  intro: string;
  /** The email goes once no step has joined for this long, or this long after the first one joined. */
  quietMs: number;
  maxGatherMs: number;
  /**
   * The steps join ahead of `at` and the email leaves at `at` (issue 18 §1): at a burst's instant only the
   * digests wake, one per person, not every step's process. Without it the digest gathers from the first join.
   */
  holdUntilDue?: boolean;
}

/** What the digest's email did for one step: the process records it as its own email's outcome. */
export interface DigestDelivery {
  step: string;
  version: number;
  undelivered: Array<{ address: string; reason: string }>;
  linksExpireAt?: string;
  freshLinksBy?: string;
  /** The step was not sent: its person no longer holds the account (`DigestItem.holds`), said in Spanish. Its process asks again. */
  dropped?: string;
}

/** Which step a process takes back out of a digest that has not sent it yet. */
export type DigestWithdrawal = Pick<DigestItem, 'workflowId' | 'step' | 'version'>;

/** The same step of the same process, by its link version: a join retried, or the step a withdrawal names. */
export const sameDigestStep = (a: DigestWithdrawal, b: DigestWithdrawal): boolean => a.workflowId === b.workflowId && a.step === b.step && a.version === b.version;

export interface ReminderDigestStatus {
  to: string;
  at: string;
  gathered: number;
  sent: number;
}

/** `resumen-<instant, digits only>-<address>`: one digest per person and due instant. */
export const reminderDigestId = (email: string, at: string): string => `resumen-${at.replace(/[^0-9]/g, '')}-${email.toLowerCase()}`;

export const digestItemSignal = defineSignal<[DigestItem]>('digestItem');
export const digestWithdrawSignal = defineSignal<[DigestWithdrawal]>('digestWithdraw');
export const digestDeliveredSignal = defineSignal<[DigestDelivery]>('digestDelivered');
export const reminderDigestStatusQuery = defineQuery<ReminderDigestStatus>('reminderDigestStatus');
