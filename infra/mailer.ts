import nodemailer from 'nodemailer';
import { FAILURES } from '../contracts/failures';

export interface OutgoingMail {
  messageId: string;
  to: string[];
  cc?: string[];
  subject: string;
  html: string;
  text: string;
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
}

/** What activities need from an SMTP relay; tests may pass a fake. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** A refusal the relay will repeat (SMTP 5xx): retrying is pointless, so the activity fails for good. */
export class PermanentMailError extends Error {
  override readonly name = FAILURES.permanentMail;
}

/** nodemailer over `SMTP_URL` (e.g. `smtp://127.0.0.1:1025` or `smtps://user:pass@relay:465`). */
export function createMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      try {
        await transport.sendMail({ from, ...mail });
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        if (code !== undefined && code >= 500) throw new PermanentMailError(`SMTP ${code}: ${(err as Error).message}`);
        throw err;
      }
    },
    close: () => transport.close(),
  };
}
