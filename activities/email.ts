import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { Model } from 'mongoose';
import { FAILURES } from '../contracts/failures';
import type { Contact } from '../domain/entity';
import { ACTION_LABELS, type DecisionAction } from '../domain/decision';
import type { LinkSigner } from '../infra/links';
import { PermanentMailError, type Mailer } from '../infra/mailer';
import { OUTBOX_LEASE_MS, type OutboxDoc, type OutboxSentDoc, type OutboxTakeoverDoc } from '../infra/models/outbox';
import { isDuplicateKey } from '../infra/db';
import { renderAttachment, type Attachment } from './attachments';
import { renderEmail, type EmailContent } from '../infra/mail/layout';
import { urls } from '../infra/urls';

export interface EmailDeps {
  mailer: Mailer;
  outbox: Model<OutboxDoc>;
  sent: Model<OutboxSentDoc>;
  takeovers: Model<OutboxTakeoverDoc>;
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
  /** Kept informed: a separate copy without links, when the step is (re)sent to its deciders. */
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
const COPY_PREFIX = 'Copia informativa: ';
const DAY_MS = 86_400_000;

export function createEmailActivities(deps: EmailDeps) {
  type Mail = { to: string[]; cc?: string[]; subject: string; content: EmailContent; attachments?: Attachment[] };

  /**
   * Takes the key's claim (see infra/models/outbox.ts). Returns the claim's instant, or `sent` when an
   * earlier attempt delivered it; throws `DeliveryInProgress` (retryable) while another attempt holds
   * a live claim.
   */
  async function claim(key: string, messageId: string, mail: Mail): Promise<Date | { sent: string }> {
    const claimedAt = new Date();
    try {
      await deps.outbox.create({ _id: key, messageId, to: mail.to, subject: mail.subject, state: 'sending', claimedAt });
      return claimedAt;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    // Only retries get here: the lookups below scan on FerretDB, and that is fine off the usual path.
    const delivered = await deps.sent.findById(key).lean();
    if (delivered) return { sent: delivered.messageId };
    const held = await deps.outbox.findById(key).lean();
    if (held?.state === 'sent') return { sent: held.messageId };
    const at = held?.claimedAt ?? new Date(0);
    if (at.getTime() > claimedAt.getTime() - OUTBOX_LEASE_MS) {
      throw ApplicationFailure.retryable(`Another attempt is sending ${key}; this one waits for its outcome.`, FAILURES.deliveryInProgress);
    }
    // Of the attempts that found this stale claim, the one that inserts its takeover row sends.
    try {
      await deps.takeovers.create({ _id: `${key}@${at.getTime()}`, at: claimedAt });
    } catch (err) {
      if (isDuplicateKey(err)) throw ApplicationFailure.retryable(`Another attempt took over ${key} just now.`, FAILURES.deliveryInProgress);
      throw err;
    }
    await deps.outbox.updateOne({ _id: key }, { $set: { claimedAt } });
    return claimedAt;
  }

  /** Sends once per key, with a Message-ID derived from the key so a re-send after an unknown outcome keeps it. */
  async function deliver(key: string, mail: Mail) {
    const messageId = `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@custodio>`;
    const claimed = await claim(key, messageId, mail);
    if (!(claimed instanceof Date)) return { messageId: claimed.sent, duplicate: true };
    const { html, text } = renderEmail(mail.content);
    try {
      const attachments = await Promise.all((mail.attachments ?? []).map(renderAttachment));
      await deps.mailer.send({ messageId, to: mail.to, ...(mail.cc?.length ? { cc: mail.cc } : {}), subject: mail.subject, html, text, attachments });
    } catch (err) {
      // Let go at once, so the retry need not wait out the lease: a claim already stale, at an instant of its
      // own, so the next takeover row is new (rare path: this update scans on FerretDB).
      await deps.outbox.updateOne({ _id: key, claimedAt: claimed }, { $set: { claimedAt: new Date(Date.now() - OUTBOX_LEASE_MS - 1) } }).catch(() => undefined);
      if (err instanceof PermanentMailError) throw ApplicationFailure.nonRetryable(err.message, FAILURES.permanentMail);
      throw err;
    }
    try {
      await deps.sent.create({ _id: key, messageId, sentAt: new Date() });
    } catch (err) {
      // A takeover of a claim whose holder was slow, not dead: the email is recorded already.
      if (!isDuplicateKey(err)) throw err;
    }
    return { messageId, duplicate: false };
  }

  const linkUrl = (token: string) => `${deps.publicUrl}${urls.decisionLink(token)}`;

  /**
   * Those kept informed of a step (SCS's report to the head and requester, a campaign's opinion to its
   * proposer) get the step's text and attachments without any decision link, once each time the step is
   * (re)sent to its deciders; reminders go to the deciders alone.
   */
  async function sendCopy(input: DecisionEmailInput): Promise<void> {
    const deciders = new Set(input.to.map((c) => c.email.toLowerCase()));
    const copied = [...new Set((input.cc ?? []).map((e) => e.toLowerCase()))].filter((e) => !deciders.has(e));
    if (input.kind !== 'request' || !copied.length) return;
    const who = input.to.map((c) => `${c.name} (${c.email})`).join(', ');
    await deliver(`${input.workflowId}/${input.step}/v${input.version}/copy`, {
      to: copied,
      subject: `${COPY_PREFIX}${input.title}`,
      content: {
        greeting: 'Estimados(as):',
        paragraphs: [`Le enviamos esta copia para su conocimiento. Este paso corresponde a ${who}; la copia no contiene enlaces para atenderlo.`, input.intro],
        summary: input.summary,
      },
      ...(input.attachments ? { attachments: input.attachments } : {}),
    });
  }

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
        // Alone: a signed link reaches only the person it names, never a copy (anyone holding it could use it).
        await deliver(`${input.workflowId}/${input.step}/v${input.version}/${input.kind}/${person.email}`, {
          to: [person.email],
          subject: `${SUBJECT_PREFIX[input.kind]}${input.title}`,
          content,
          ...(input.attachments ? { attachments: input.attachments } : {}),
        });
      }
      await sendCopy(input);
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
