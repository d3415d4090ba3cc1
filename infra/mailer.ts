import nodemailer from 'nodemailer';
import { FAILURES } from '../contracts/failures';

export interface OutgoingMail {
  messageId: string;
  to: string[];
  cc?: string[];
  subject: string;
  html: string;
  text: string;
  attachments?: Array<{ filename: string; contentType: string; content: Buffer }>;
}

/** An address the relay refused for good, with its answer. */
export interface RefusedAddress {
  address: string;
  reason: string;
}

/** What the relay did with a message it accepted: the addresses among several that it refused (usually none). */
export interface SendResult {
  refused: RefusedAddress[];
}

/** What activities need from an SMTP relay; tests may pass a fake. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<SendResult>;
  close(): void;
}

/** A refusal the relay will repeat (SMTP 5xx) for every recipient: retrying is pointless. */
export class PermanentMailError extends Error {
  override readonly name = FAILURES.permanentMail;
  constructor(
    message: string,
    /** Every address of the message, each refused. */
    readonly refused: RefusedAddress[] = [],
  ) {
    super(message);
  }
}

const responseOf = (err: unknown) => (err as { response?: string; message?: string }).response ?? (err as Error).message;

/**
 * nodemailer over `SMTP_URL` (e.g. `smtp://127.0.0.1:1025` or `smtps://user:pass@relay:465`), on a pool
 * of reused connections: a connection per email paid the relay's greeting, TLS and login every time (about
 * 100 ms against the local capture alone, whose SMTP server waits that long before greeting; issue 18 §2).
 * A failed send fails the activity, which retries under the same Message-ID (activities/email/outbox.ts).
 */
export function createMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ url: smtpUrl, pool: true });
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({ from, ...mail });
        // Some recipients refused while others took it: those others must not get it again, so nothing is retried.
        const errors = (info as { rejectedErrors?: Array<{ recipient?: string; response?: string }> }).rejectedErrors ?? [];
        return {
          refused: ((info.rejected ?? []) as Array<string | { address: string }>).map((a) => {
            const address = String(typeof a === 'string' ? a : a.address).toLowerCase();
            return { address, reason: errors.find((e) => e.recipient?.toLowerCase() === address)?.response ?? 'rechazado por el servidor de correo' };
          }),
        };
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        if (code !== undefined && code >= 500) {
          const reason = responseOf(err);
          const everyone = [...mail.to, ...(mail.cc ?? [])].map((address) => ({ address: address.toLowerCase(), reason }));
          throw new PermanentMailError(`SMTP ${code}: ${(err as Error).message}`, everyone);
        }
        throw err;
      }
    },
    close: () => transport.close(),
  };
}
