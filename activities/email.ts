import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { Model } from 'mongoose';
import type { Contact } from '../domain/entity';
import { ACTION_LABELS, type DecisionAction } from '../domain/decision';
import type { LinkSigner } from '../infra/links';
import { PermanentMailError, type Mailer } from '../infra/mailer';
import { OUTBOX_LEASE_MS, type OutboxDoc } from '../infra/models/outbox';
import { isDuplicateKey, trusted } from '../infra/db';
import { renderAttachment, type Attachment } from './attachments';
import { renderEmail, type EmailContent } from '../infra/mail/layout';

export interface EmailDeps {
  mailer: Mailer;
  outbox: Model<OutboxDoc>;
  links: LinkSigner;
  publicUrl: string;
  linkTtlDays: number;
}

export interface DecisionEmailInput {
  workflowId: string;
  step: string;
  version: number;
  kind: 'request' | 'reminder' | 'escalation';
  to: Contact[];
  title: string;
  intro: string;
  summary: Array<[string, string]>;
  actions: DecisionAction[];
  openedAt: string;
  addressee?: string;
  cc?: string[];
  attachments?: Attachment[];
}

export interface NoticeInput {
  /** Idempotency key, unique per workflow and notice, e.g. `${workflowId}/rechazo`. */
  key: string;
  to: Contact[];
  cc?: string[];
  subject: string;
  paragraphs: string[];
  summary?: Array<[string, string]>;
  attachments?: Attachment[];
}

const SUBJECT_PREFIX = { request: '', reminder: 'Recordatorio: ', escalation: 'Escalamiento: ' } as const;
const DAY_MS = 86_400_000;

export function createEmailActivities(deps: EmailDeps) {
  /**
   * Sends once per key. The row is claimed before SMTP, so an attempt that overlaps a live one (Temporal
   * retried it past its timeout) backs off and later finds the row sent; an attempt that died holding
   * the claim is taken over after the lease and re-sends with the same Message-ID.
   */
  async function deliver(key: string, mail: { to: string[]; cc?: string[]; subject: string; content: EmailContent; attachments?: Attachment[] }) {
    const messageId = `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@custodio>`;
    try {
      await deps.outbox.updateOne({ _id: key }, { $setOnInsert: { messageId, to: mail.to, subject: mail.subject, state: 'pending' } }, { upsert: true });
    } catch (err) {
      // Two attempts inserting the same key at once: the row exists, which is all this step needs.
      if (!isDuplicateKey(err)) throw err;
    }
    const claimedAt = new Date();
    const stale = new Date(claimedAt.getTime() - OUTBOX_LEASE_MS);
    const claimed = await deps.outbox
      .findOneAndUpdate(
        { _id: key, $or: [{ state: 'pending' }, { state: 'sending', claimedAt: trusted({ $lt: stale }) }, { state: 'sending', claimedAt: trusted({ $exists: false }) }] },
        { $set: { state: 'sending', claimedAt } },
        { returnDocument: 'after' },
      )
      .lean();
    if (!claimed) {
      const row = await deps.outbox.findById(key).lean();
      if (row?.state === 'sent') return { messageId: row.messageId, duplicate: true };
      throw ApplicationFailure.retryable(`Another attempt is sending ${key}; this one waits for its outcome.`, 'DeliveryInProgress');
    }
    const { html, text } = renderEmail(mail.content);
    try {
      const attachments = await Promise.all((mail.attachments ?? []).map(renderAttachment));
      await deps.mailer.send({ messageId: claimed.messageId, to: mail.to, ...(mail.cc?.length ? { cc: mail.cc } : {}), subject: mail.subject, html, text, attachments });
    } catch (err) {
      // Let go at once so the retry need not wait out the lease. A failure after SMTP accepted the
      // message re-sends it with the same Message-ID.
      await deps.outbox.updateOne({ _id: key, claimedAt }, { $set: { state: 'pending' } }).catch(() => undefined);
      if (err instanceof PermanentMailError) throw ApplicationFailure.nonRetryable(err.message, 'PermanentMailError');
      throw err;
    }
    await deps.outbox.updateOne({ _id: key }, { $set: { state: 'sent', sentAt: new Date() } });
    return { messageId: claimed.messageId, duplicate: false };
  }

  const linkUrl = (token: string) => `${deps.publicUrl}/enlace/${token}`;

  return {
    /** Emails each decider their own signed links for every allowed action of the step. */
    async sendDecisionEmail(input: DecisionEmailInput): Promise<void> {
      const expiresAt = Date.now() + deps.linkTtlDays * DAY_MS;
      const expiry = new Intl.DateTimeFormat('es-PE', { timeZone: 'America/Lima', dateStyle: 'long' }).format(expiresAt);
      for (const person of input.to) {
        const buttons = input.actions.map((action) => ({
          label: ACTION_LABELS[action],
          url: linkUrl(deps.links.sign({ workflowId: input.workflowId, step: input.step, version: input.version, email: person.email, action, expiresAt })),
        }));
        const lead =
          input.kind === 'reminder'
            ? ['Le recordamos que este paso sigue pendiente de su atención.']
            : input.kind === 'escalation'
              ? ['El plazo para atender este paso venció sin respuesta, por lo que se escala para su atención.']
              : [];
        const content: EmailContent = {
          greeting: input.addressee ? `Señores de la ${input.addressee}:` : `Estimado(a) ${person.name}:`,
          paragraphs: [...lead, input.intro],
          summary: input.summary,
          buttons,
          footnote:
            `Cada botón abre una página de confirmación; nada se registra hasta que usted confirme. ` +
            `Los enlaces son personales, sirven una sola vez y vencen el ${expiry}.` +
            (input.version > 1 ? ' Este correo reemplaza los enlaces enviados antes para este paso.' : ''),
        };
        await deliver(`${input.workflowId}/${input.step}/v${input.version}/${input.kind}/${person.email}`, {
          to: [person.email],
          ...(input.cc ? { cc: input.cc } : {}),
          subject: `${SUBJECT_PREFIX[input.kind]}${input.title}`,
          content,
          ...(input.attachments ? { attachments: input.attachments } : {}),
        });
      }
    },

    /** A one-off message with no links (a rejection, an activation, a filed report). */
    async sendNotice(input: NoticeInput): Promise<void> {
      await deliver(input.key, {
        to: input.to.map((c) => c.email),
        ...(input.cc ? { cc: input.cc } : {}),
        subject: input.subject,
        content: {
          greeting: input.to.length === 1 ? `Estimado(a) ${input.to[0]!.name}:` : 'Estimados(as):',
          paragraphs: input.paragraphs,
          ...(input.summary ? { summary: input.summary } : {}),
        },
        ...(input.attachments ? { attachments: input.attachments } : {}),
      });
    },
  };
}
