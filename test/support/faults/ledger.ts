/**
 * What a fault left behind, read from the SMTP capture and the registry: which emails arrived how many
 * times against what the outbox recorded as sent, and how many decisions each step holds in the audit
 * trail. Fault tests assert on it; the bench reports it.
 */
import type { Connection } from 'mongoose';
import { auditModel } from '../../../infra/models/audit';
import { OUTBOX_LEASE_MS, outboxModel, outboxSentModel, outboxTakeoverModel } from '../../../infra/models/outbox';
import type { CapturedMail } from '../../../local/smtpCapture';

/** The outbox's Message-IDs: a hash of the email's key (activities/email/outbox.ts); sign-in emails have others. */
export const fromOutbox = (m: { messageId?: string }) => /^<[0-9a-f]{40}@custodio>$/.test(m.messageId ?? '');

export interface MailLedger {
  /** Emails the outbox recorded as sent (one row per key), refused ones included. */
  sent: number;
  /** Distinct Message-IDs of those that reached the SMTP capture. */
  arrived: number;
  /** Recorded as sent, never arrived, and not refused by the relay: lost. */
  lost: string[];
  /** Keys the relay refused for good (for some address at least). */
  refused: string[];
  /** Arrived, never recorded as sent: an email the outbox does not know went out (any process). */
  unrecorded: string[];
  /**
   * Emails that arrived more than once, always with their one Message-ID, and whether the outbox took
   * their claim over (the crash window between SMTP's acceptance and the `outbox_sent` insert).
   */
  resent: Array<{ key: string; messageId: string; copies: number; takenOver: boolean }>;
}

/** The outbox's account of the emails of the given processes (keys start with their workflow id) against the mail captured. */
export async function mailLedger(db: Connection, mail: Array<Pick<CapturedMail, 'messageId'>>, workflowIds: string[]): Promise<MailLedger> {
  const all = await outboxSentModel(db).find({}, { messageId: 1, refused: 1 }).lean();
  const ours = new Set(workflowIds);
  const rows = all.filter((r) => ours.has(r._id.slice(0, r._id.indexOf('/'))));
  const known = new Set(all.map((r) => r.messageId));
  const copies = new Map<string, number>();
  for (const m of mail.filter(fromOutbox)) copies.set(m.messageId!, (copies.get(m.messageId!) ?? 0) + 1);
  const takeovers = new Set((await outboxTakeoverModel(db).find({}, { _id: 1 }).lean()).map((t) => t._id.slice(0, t._id.lastIndexOf('@'))));
  return {
    sent: rows.length,
    arrived: rows.filter((r) => copies.has(r.messageId)).length,
    lost: rows.filter((r) => !copies.has(r.messageId) && !r.refused?.length).map((r) => r._id),
    refused: rows.filter((r) => r.refused?.length).map((r) => r._id),
    unrecorded: [...copies.keys()].filter((id) => !known.has(id)),
    resent: rows
      .filter((r) => (copies.get(r.messageId) ?? 0) > 1)
      .map((r) => ({ key: r._id, messageId: r.messageId, copies: copies.get(r.messageId)!, takenOver: takeovers.has(r._id) })),
  };
}

/** Steps whose audit trail holds other than exactly one `decision.recorded` row, with the count (workflowId/step → n). */
export async function decisionsNotOnce(db: Connection, steps: Array<{ workflowId: string; step: string }>): Promise<Record<string, number>> {
  const rows = await auditModel(db).find({ action: 'decision.recorded' }, { workflowId: 1, step: 1 }).lean();
  const count = new Map<string, number>();
  for (const r of rows) count.set(`${r.workflowId}/${r.step}`, (count.get(`${r.workflowId}/${r.step}`) ?? 0) + 1);
  return Object.fromEntries(steps.map((s) => `${s.workflowId}/${s.step}`).filter((k) => count.get(k) !== 1).map((k) => [k, count.get(k) ?? 0]));
}

/**
 * The outbox's lease (`OUTBOX_LEASE_MS`, ten minutes) is how a retry tells a dead attempt's claim from a
 * slow one. A fault test knows the worker is dead, so rather than wait ten minutes it ages that worker's
 * open claims (those with no `outbox_sent` row) as the time would; the retries then take them over as
 * they would after the lease. Call it only while no worker runs. Returns the keys aged.
 */
export async function ageDeadClaims(db: Connection): Promise<string[]> {
  const sent = new Set((await outboxSentModel(db).find({}, { _id: 1 }).lean()).map((r) => r._id));
  const open = (await outboxModel(db).find({ state: 'sending' }, { _id: 1, claimedAt: 1 }).lean()).filter((r) => !sent.has(r._id));
  const stale = new Date(Date.now() - OUTBOX_LEASE_MS - 1000);
  for (const r of open) await outboxModel(db).updateOne({ _id: r._id }, { $set: { claimedAt: stale } });
  return open.map((r) => r._id);
}
