/**
 * Exactly-once email (infra/models/outbox.ts): a message is sent once per key, with a Message-ID derived
 * from the key, so a re-send after an unknown outcome keeps it and receivers drop the duplicate.
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { Model } from 'mongoose';
import { FAILURES } from '../../contracts/failures';
import { insertOnce, isDuplicateKey } from '../../infra/db';
import { renderEmail, type EmailContent } from '../../infra/mail/layout';
import { PermanentMailError, type Mailer, type RefusedAddress } from '../../infra/mailer';
import { OUTBOX_LEASE_MS, type OutboxDoc, type OutboxSentDoc, type OutboxTakeoverDoc } from '../../infra/models/outbox';
import { renderAttachment, type Attachment } from '../attachments';
import type { Liveness } from '../../infra/liveness';

export interface OutboxDeps {
  mailer: Mailer;
  outbox: Model<OutboxDoc>;
  sent: Model<OutboxSentDoc>;
  takeovers: Model<OutboxTakeoverDoc>;
  /** This worker process's incarnation; without it a dead attempt's claim waits out the lease. */
  liveness?: Pick<Liveness, 'id' | 'alive'>;
}

export interface Mail {
  to: string[];
  cc?: string[];
  subject: string;
  content: EmailContent;
  attachments?: Attachment[];
}

export interface Delivered {
  messageId: string;
  /** An earlier attempt had sent it: nothing was sent now. */
  duplicate: boolean;
  /** Addresses the relay refused for good (all of them when none took it); they are not tried again. */
  refused: RefusedAddress[];
}

/** How long an attempt keeps trying to record an email SMTP answered; well within the activity's minute. */
const RECORD_PATIENCE_MS = 30_000;

export function createOutbox(deps: OutboxDeps) {
  /**
   * Takes the key's claim. Returns the claim's instant, or what an earlier attempt recorded when it
   * delivered; throws `DeliveryInProgress` (retryable) while another attempt holds a live claim.
   */
  async function claim(key: string, messageId: string, mail: Mail): Promise<Date | { sent: string; refused: RefusedAddress[] }> {
    const claimedAt = new Date();
    const by = deps.liveness ? { by: deps.liveness.id } : {};
    try {
      await deps.outbox.create({ _id: key, messageId, to: mail.to, subject: mail.subject, state: 'sending', claimedAt, ...by });
      return claimedAt;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    // Only retries get here: the lookups below scan on FerretDB, and that is fine off the usual path.
    const delivered = await deps.sent.findById(key).lean();
    if (delivered) return { sent: delivered.messageId, refused: delivered.refused ?? [] };
    const held = await deps.outbox.findById(key).lean();
    if (held?.state === 'sent') return { sent: held.messageId, refused: [] };
    const at = held?.claimedAt ?? new Date(0);
    // A claim is live within its lease, unless the process that holds it is known dead (a worker killed mid-send).
    const holderDead = held?.by !== undefined && deps.liveness !== undefined && !(await deps.liveness.alive(held.by));
    if (at.getTime() > claimedAt.getTime() - OUTBOX_LEASE_MS && !holderDead) {
      throw ApplicationFailure.retryable(`Another attempt is sending ${key}; this one waits for its outcome.`, FAILURES.deliveryInProgress);
    }
    // Of the attempts that found this stale claim, the one that inserts its takeover row sends.
    try {
      await deps.takeovers.create({ _id: `${key}@${at.getTime()}`, at: claimedAt });
    } catch (err) {
      if (isDuplicateKey(err)) throw ApplicationFailure.retryable(`Another attempt took over ${key} just now.`, FAILURES.deliveryInProgress);
      throw err;
    }
    await deps.outbox.updateOne({ _id: key }, { $set: { claimedAt, ...by } });
    return claimedAt;
  }

  /**
   * Sends once per key. A relay that is down or answers 4xx makes the activity retry; one that refuses
   * an address for good (5xx) is not asked again, and the caller learns which addresses it refused.
   */
  async function deliver(key: string, mail: Mail): Promise<Delivered> {
    const messageId = `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@custodio>`;
    const claimed = await claim(key, messageId, mail);
    if (!(claimed instanceof Date)) return { messageId: claimed.sent, duplicate: true, refused: claimed.refused };
    const { html, text } = renderEmail(mail.content);
    let refused: RefusedAddress[];
    try {
      const attachments = await Promise.all((mail.attachments ?? []).map(renderAttachment));
      ({ refused } = await deps.mailer.send({ messageId, to: mail.to, ...(mail.cc?.length ? { cc: mail.cc } : {}), subject: mail.subject, html, text, attachments }));
    } catch (err) {
      if (err instanceof PermanentMailError) {
        refused = err.refused;
      } else {
        // Let go at once, so the retry need not wait out the lease: a claim already stale, at an instant of its
        // own, so the next takeover row is new (rare path: this update scans on FerretDB).
        await deps.outbox.updateOne({ _id: key, claimedAt: claimed }, { $set: { claimedAt: new Date(Date.now() - OUTBOX_LEASE_MS - 1) } }).catch(() => undefined);
        throw err;
      }
    }
    await recordSent({ _id: key, messageId, sentAt: new Date(), ...(refused.length ? { refused } : {}) });
    return { messageId, duplicate: false, refused };
  }

  /**
   * SMTP answered and only this attempt knows: a database that blinks now must not leave the claim to
   * the lease (ten minutes, then a second copy), so the attempt keeps recording it for a while.
   */
  async function recordSent(row: OutboxSentDoc): Promise<void> {
    for (let waited = 0, pause = 250; ; waited += pause, pause *= 2) {
      try {
        // Not inserted: a takeover of a claim whose holder was slow, not dead, recorded the email already.
        await insertOnce(deps.sent, row);
        return;
      } catch (err) {
        if (waited + pause > RECORD_PATIENCE_MS) throw err;
        await new Promise((r) => setTimeout(r, pause));
      }
    }
  }

  return { deliver };
}

export type Outbox = ReturnType<typeof createOutbox>;
