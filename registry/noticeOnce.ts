/**
 * An email the API itself sends exactly once per key, through the same outbox rows the processes use
 * (infra/models/outbox.ts): the claim is a unique insert, so of two requests that reach it the first
 * sends and the second finds the claim. Without a process behind it there is no retry: a send that fails
 * releases the claim, so the next attempt with the same key (the same record posted again) sends it.
 */
import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import { insertOnce } from '../infra/db';
import { renderEmail, type EmailContent } from '../infra/mail/layout';
import type { Mailer } from '../infra/mailer';
import { outboxModel, outboxSentModel } from '../infra/models/outbox';

/** True when this call sent it; false when an earlier one had (or is sending it). Throws when SMTP failed, with the claim released. */
export async function sendNoticeOnce(db: Connection, mailer: Mailer, key: string, mail: { to: string[]; subject: string; content: EmailContent }): Promise<boolean> {
  const messageId = `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@custodio>`;
  const outbox = outboxModel(db);
  if (!(await insertOnce(outbox, { _id: key, messageId, to: mail.to, subject: mail.subject, state: 'sending', claimedAt: new Date() }))) return false;
  const { html, text } = renderEmail(mail.content);
  try {
    const { refused } = await mailer.send({ messageId, to: mail.to, subject: mail.subject, html, text });
    await insertOnce(outboxSentModel(db), { _id: key, messageId, sentAt: new Date(), ...(refused.length ? { refused } : {}) });
    return true;
  } catch (err) {
    await outbox.deleteOne({ _id: key }).catch(() => undefined);
    throw err;
  }
}

/** Whether the email of `key` reached the relay. */
export async function noticeSent(db: Connection, key: string): Promise<boolean> {
  return (await outboxSentModel(db).countDocuments({ _id: key })) > 0;
}
