/**
 * Email counted where the relay answers: a mailer wrapped by `meter` counts what SMTP accepted, refused
 * for good (5xx) or put off (4xx, unreachable). Counters in the process that sends, not counts of the
 * outbox at scrape time: on FerretDB v1 a count scans the whole collection, and the outbox grows by a row
 * per email.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { PermanentMailError, type Mailer } from '../mailer';

/** `process`: the outbox's emails, retried until the relay answers for good; `signin`: sign-in links, sent once. */
export const MAIL_KINDS = ['process', 'signin'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/**
 * A process email whose last attempt here did not end for good stays pending until another attempt here
 * ends it, or this long without one: retries back off to 5 minutes, plus a minute per attempt
 * (workflows/activities.ts), so a message still retried here is seen again well within it.
 */
export const PENDING_FORGET_MS = 15 * 60_000;

export function emailMetrics(registry: Registry, clock: () => number = Date.now) {
  const registers = [registry];
  const sent = new Counter({ name: 'custodio_emails_sent_total', help: 'Messages the SMTP relay accepted (for at least one address).', labelNames: ['kind'], registers });
  const refused = new Counter({ name: 'custodio_emails_refused_total', help: 'Addresses the SMTP relay refused for good (5xx); never tried again.', labelNames: ['kind'], registers });
  const deferred = new Counter({
    name: 'custodio_emails_deferred_total', help: 'Send attempts the relay put off (4xx) or that could not reach it; process emails are retried, sign-in links are not.',
    labelNames: ['kind'], registers,
  });
  // Series from the start, at 0, so a rate over them exists before the first email.
  for (const kind of MAIL_KINDS) for (const counter of [sent, refused, deferred]) counter.inc({ kind }, 0);
  // Message-IDs are derived from the outbox key (activities/email/outbox.ts), so every retry of a message has the same one.
  const pending = new Map<string, number>();
  new Gauge({
    name: 'custodio_emails_pending', help: 'Process emails this process is sending or will retry (SMTP answered neither yes nor a refusal for good yet).', registers,
    collect() {
      for (const [id, at] of pending) if (clock() - at > PENDING_FORGET_MS) pending.delete(id);
      this.set(pending.size);
    },
  });

  return {
    /** The same mailer, counted; `process` emails also count as pending from their first attempt until the relay answers for good. */
    meter(mailer: Mailer, kind: MailKind): Mailer {
      return {
        async send(mail) {
          if (kind === 'process') pending.set(mail.messageId, clock());
          try {
            const result = await mailer.send(mail);
            pending.delete(mail.messageId);
            sent.inc({ kind });
            if (result.refused.length) refused.inc({ kind }, result.refused.length);
            return result;
          } catch (err) {
            if (err instanceof PermanentMailError) {
              pending.delete(mail.messageId);
              refused.inc({ kind }, Math.max(err.refused.length, 1));
            } else {
              deferred.inc({ kind });
            }
            throw err;
          }
        },
        close: () => mailer.close(),
      };
    },
  };
}
