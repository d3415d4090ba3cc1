/**
 * The email activities: a decision step's personal links to each decider, copies without links to those
 * kept informed, and notices. Every message goes out once (outbox.ts); an address the relay refuses for
 * good is reported (refusals.ts) and returned, and never fails the process.
 */
import type { Contact } from '../../domain/entity';
import { ACTION_EMPHASIS, ACTION_LABELS, type DecisionAction } from '../../domain/decision';
import type { LinkSigner } from '../../infra/links';
import type { Liveness } from '../../infra/liveness';
import type { EmailContent } from '../../infra/mail/layout';
import type { Mailer, RefusedAddress } from '../../infra/mailer';
import type { OutboxDoc, OutboxSentDoc, OutboxTakeoverDoc } from '../../infra/models/outbox';
import { writtenDay } from '../../infra/limaTime';
import { peruPublicHolidays } from '../../infra/holidays';
import { subtractBusinessDays } from '../../domain/businessDays';
import { urls } from '../../infra/urls';
import type { AuditTrail } from '../../registry/audit';
import type { RefusalRecipients } from '../../registry/mailRefusals';
import type { Attachment } from '../attachments';
import { businessInstantsFrom } from '../calendar';
import { workflowSubject } from '../../contracts/workflowSubject';
import type { OpenSteps } from '../../registry/openSteps';
import type { DigestDelivery, DigestItem, ReminderDigestInput } from '../../contracts/reminderDigest';
import type { Model } from 'mongoose';
import { createOutbox } from './outbox';
import { createRefusalReports } from './refusals';

export interface EmailDeps {
  mailer: Mailer;
  outbox: Model<OutboxDoc>;
  sent: Model<OutboxSentDoc>;
  takeovers: Model<OutboxTakeoverDoc>;
  links: LinkSigner;
  publicUrl: string;
  linkTtlDays: number;
  /** Who hears of a refused address, and the trail that records it. */
  refusals: RefusalRecipients;
  audit: Pick<AuditTrail, 'recordOnce'>;
  /** The open-step index, written when a step first asks (or asks someone else). */
  steps: Pick<OpenSteps, 'asked'>;
  /** The entity of a process whose step did not say (registry/workflowEntity.ts). */
  entityOf: (workflowId: string) => Promise<string | undefined>;
  /**
   * Whom an account's rotation asks now (lower-case address), read from the registry; undefined when the
   * account is not active or its roster names nobody. Checks a step that joined its digest ahead (`DigestItem.holds`).
   */
  holderOf?: (accountId: string) => Promise<string | undefined>;
  /** This worker process's incarnation, so a retry takes over a dead process's claim at once (infra/liveness.ts). */
  liveness?: Pick<Liveness, 'id' | 'alive'>;
}

export interface DecisionEmailInput {
  workflowId: string;
  step: string;
  version: number;
  /** `fresh`: the process sends new links before the ones sent expire (issue 17 §2); `renewal`: the addressee asked for them. */
  kind: 'request' | 'reminder' | 'escalation' | 'renewal' | 'fresh';
  /** Which renewal (or fresh sending) of the step this is; part of the email's key. */
  renewal?: number;
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
  /** For the open-step index: the process's entity, and when the step is overdue (business days after opening). */
  entityId?: string;
  dueAfter?: number;
  nonWorkingDays?: string[];
}

export interface NoticeInput {
  /** Idempotency key, the workflow id then the notice, e.g. `${workflowId}/rechazo` (a refusal is reported to that process's entity). */
  key: string;
  to: Contact[];
  cc?: string[];
  subject: string;
  paragraphs: string[];
  summary?: Array<[string, string]>;
  attachments?: Attachment[];
  /** The words of the link to the process's page, where they say more than «Ver el estado del proceso» (a digest opens the directory). */
  linkLabel?: string;
  /** An office rather than a person: «Señores de la <addressee>:», as its decision emails greet it. */
  addressee?: string;
  /** Someone outside the entity (an agency): no link to the process's page, which they could not open. */
  outsider?: boolean;
}

/** The deciders' addresses the relay refused for good: the step stays open for them, and someone was told. */
export interface EmailOutcome {
  undelivered: RefusedAddress[];
  /** When the links just signed expire (ISO), for a decision email. */
  linksExpireAt?: string;
  /**
   * One business day (Lima, the step's non-working days) before they expire: the process sends fresh links
   * by then if no other email of the step will (issue 17 §2).
   */
  freshLinksBy?: string;
}

export interface ReminderDigestEmail {
  /** The outbox key of a digest of several steps (a digest of one sends that step's own email, under its own key). */
  key: string;
  input: ReminderDigestInput;
  items: DigestItem[];
}

const SUBJECT_PREFIX = { request: '', reminder: 'Recordatorio: ', escalation: 'Escalamiento: ', renewal: 'Enlaces nuevos: ', fresh: 'Enlaces nuevos: ' } as const;
const LEAD = {
  request: [],
  reminder: ['Le recordamos que este paso sigue pendiente de su atención.'],
  escalation: ['El plazo para atender este paso venció sin respuesta, por lo que se escala para su atención.'],
  renewal: ['A su pedido, le enviamos enlaces nuevos para este paso: los anteriores vencieron.'],
  fresh: ['Este paso sigue pendiente y los enlaces que le enviamos vencen pronto: use estos, que los reemplazan.'],
} as const;
const COPY_PREFIX = 'Copia informativa: ';
const DROPPED = 'la cuenta cambió de responsable o de estado antes del vencimiento; se pide de nuevo a quien corresponde.';
/** A digest item as the one step's email input, without what only the digest reads. */
const itemEmail = ({ holds: _holds, ...item }: DigestItem) => item;
const DAY_MS = 86_400_000;

/** When links signed now expire, and when fresh ones must go out: one business day before (Lima). */
export function linkLife(expiresAt: number, nonWorkingDays: string[]): Pick<EmailOutcome, 'linksExpireAt' | 'freshLinksBy'> {
  const at = new Date(expiresAt);
  const closed = new Set([...peruPublicHolidays([at.getUTCFullYear() - 1, at.getUTCFullYear()]), ...nonWorkingDays]);
  return { linksExpireAt: at.toISOString(), freshLinksBy: subtractBusinessDays(at, 1, closed).toISOString() };
}

export function createEmailActivities(deps: EmailDeps) {
  const { deliver } = createOutbox(deps);
  const reports = createRefusalReports({ outbox: { deliver }, recipients: deps.refusals, audit: deps.audit, publicUrl: deps.publicUrl });
  const linkUrl = (token: string) => `${deps.publicUrl}${urls.decisionLink(token)}`;
  /** Every email of a process says where it stands (issue 15 §2); the page asks whoever opens it to sign in. */
  const statusLink = (workflowId: string, label = 'Ver el estado del proceso'): Pick<EmailContent, 'statusLink'> => {
    const page = urls.processPage(workflowId);
    return page ? { statusLink: { label, url: `${deps.publicUrl}${page}` } } : {};
  };

  /**
   * Those kept informed of a step (SCS's report to the head and requester, a campaign's opinion to its
   * proposer) get the step's text and attachments without any decision link, once each time the step is
   * (re)sent to its deciders; reminders go to the deciders alone.
   */
  async function sendCopy(input: DecisionEmailInput): Promise<RefusedAddress[]> {
    const deciders = new Set(input.to.map((c) => c.email.toLowerCase()));
    const copied = [...new Set((input.cc ?? []).map((e) => e.toLowerCase()))].filter((e) => !deciders.has(e));
    if (input.kind !== 'request' || !copied.length) return [];
    const who = input.to.map((c) => `${c.name} (${c.email})`).join(', ');
    const { refused } = await deliver(`${input.workflowId}/${input.step}/v${input.version}/copy`, {
      to: copied,
      subject: `${COPY_PREFIX}${input.title}`,
      content: {
        greeting: 'Estimados(as):',
        paragraphs: [`Le enviamos esta copia para su conocimiento. Este paso corresponde a ${who}; la copia no contiene enlaces para atenderlo.`, input.intro],
        summary: input.summary,
        ...statusLink(input.workflowId),
      },
      ...(input.attachments ? { attachments: input.attachments } : {}),
    });
    return refused;
  }

  /** Before the links go out, so no decision can close the step ahead of its row. */
  async function indexStep(input: DecisionEmailInput): Promise<void> {
    if (input.kind !== 'request') return;
    const dueAt = input.dueAfter === undefined ? undefined : businessInstantsFrom({ from: input.openedAt, offsets: [input.dueAfter], nonWorkingDays: input.nonWorkingDays ?? [] })[0];
    const entityId = input.entityId ?? (await deps.entityOf(input.workflowId));
    await deps.steps.asked({
      workflowId: input.workflowId,
      step: input.step,
      process: workflowSubject(input.workflowId)?.process ?? 'unknown',
      ...(entityId ? { entityId } : {}),
      title: input.title,
      waitingFor: input.to.map((c) => c.email.toLowerCase()),
      openedAt: new Date(input.openedAt),
      ...(dueAt ? { dueAt: new Date(dueAt) } : {}),
    });
  }

  const buttonsFor = (item: Pick<DigestItem, 'workflowId' | 'step' | 'version' | 'actions'>, email: string, expiresAt: number) =>
    item.actions.map((action) => ({
      label: ACTION_LABELS[action],
      emphasis: ACTION_EMPHASIS(action),
      url: linkUrl(deps.links.sign({ workflowId: item.workflowId, step: item.step, version: item.version, email, action, expiresAt })),
    }));
  const footnote = (expiresAt: number) =>
    `Cada botón abre una página de confirmación; nada se registra hasta que usted confirme. ` +
    `Los enlaces son personales, sirven una sola vez y vencen el ${writtenDay(new Date(expiresAt))}.`;

  /**
   * The steps that joined ahead and whose person no longer holds their account (a new custodian, a paused
   * account, a refresh signal lost while Temporal was down) are left out and answered as dropped: their
   * processes read the registry and ask again. The roster is read here, at the moment of asking.
   */
  async function stillAsked(items: DigestItem[], email: string) {
    const kept: DigestItem[] = [];
    const dropped: Array<{ workflowId: string; delivery: DigestDelivery }> = [];
    for (const item of items) {
      const holder = item.holds && deps.holderOf ? await deps.holderOf(item.holds.accountId) : email.toLowerCase();
      if (holder === email.toLowerCase()) kept.push(item);
      else dropped.push({ workflowId: item.workflowId, delivery: { step: item.step, version: item.version, undelivered: [], dropped: DROPPED } });
    }
    return { items: kept, dropped };
  }

  const activities = {
    /** Emails each decider their own signed links for every allowed action of the step; answers whose address was refused. */
    async sendDecisionEmail(input: DecisionEmailInput): Promise<EmailOutcome> {
      await indexStep(input);
      const expiresAt = Date.now() + deps.linkTtlDays * DAY_MS;
      const undelivered: RefusedAddress[] = [];
      const subject = `${SUBJECT_PREFIX[input.kind]}${input.title}`;
      for (const person of input.to) {
        const content: EmailContent = {
          greeting: input.addressee ? `Señores de la ${input.addressee}:` : `Estimado(a) ${person.name}:`,
          paragraphs: [...LEAD[input.kind], input.intro],
          summary: input.summary,
          buttons: buttonsFor(input, person.email, expiresAt),
          ...statusLink(input.workflowId),
          footnote: footnote(expiresAt) + (input.version > 1 ? ' Este correo reemplaza los enlaces enviados antes para este paso.' : ''),
        };
        // Alone: a signed link reaches only the person it names, never a copy (anyone holding it could use it).
        const kind = input.kind === 'renewal' || input.kind === 'fresh' ? `${input.kind}-${input.renewal ?? 0}` : input.kind;
        const { refused } = await deliver(`${input.workflowId}/${input.step}/v${input.version}/${kind}/${person.email}`, {
          to: [person.email],
          subject,
          content,
          ...(input.attachments ? { attachments: input.attachments } : {}),
        });
        undelivered.push(...refused);
      }
      const copyRefused = await sendCopy(input);
      await reports.report({ workflowId: input.workflowId, subject, step: { id: input.step, title: input.title } }, [...undelivered, ...copyRefused]);
      return { undelivered, ...linkLife(expiresAt, input.nonWorkingDays ?? []) };
    },

    /** A one-off message with no links (a rejection, an activation, a filed report); a refused address is reported, never fatal. */
    async sendNotice(input: NoticeInput): Promise<EmailOutcome> {
      const { refused } = await deliver(input.key, {
        to: input.to.map((c) => c.email),
        ...(input.cc ? { cc: input.cc } : {}),
        subject: input.subject,
        content: {
          greeting: input.addressee ? `Señores de la ${input.addressee}:` : input.to.length === 1 ? `Estimado(a) ${input.to[0]!.name}:` : 'Estimados(as):',
          paragraphs: input.paragraphs,
          ...(input.summary ? { summary: input.summary } : {}),
          ...(input.outsider ? {} : statusLink(input.key.split('/')[0]!, input.linkLabel)),
        },
        ...(input.attachments ? { attachments: input.attachments } : {}),
      });
      await reports.report({ workflowId: input.key.split('/')[0]!, subject: input.subject }, refused);
      return { undelivered: refused };
    },

    /**
     * The first emails of several steps to one person, due at one instant, as one email (issue 18 §1): each
     * step under its own heading with its own signed links. One step alone gets the email it would have
     * got by itself. Answers, per step, what its process would have heard from `sendDecisionEmail`.
     */
    async sendReminderDigest({ key, input, items: joined }: ReminderDigestEmail): Promise<Array<{ workflowId: string; delivery: DigestDelivery }>> {
      const to = input.to;
      const { items, dropped } = await stillAsked(joined, to.email);
      if (!items.length) return dropped;
      if (items.length === 1) {
        const [i] = items as [DigestItem];
        const outcome = await activities.sendDecisionEmail({ ...itemEmail(i), kind: 'request', to: [to] });
        return [{ workflowId: i.workflowId, delivery: { step: i.step, version: i.version, ...outcome } }, ...dropped];
      }

      for (const item of items) await indexStep({ ...itemEmail(item), kind: 'request', to: [to] });
      const expiresAt = Date.now() + deps.linkTtlDays * DAY_MS;
      const subject = `${input.topic}: ${items.length} ${input.noun.many}`;
      const { refused } = await deliver(key, {
        to: [to.email],
        subject,
        content: {
          greeting: `Estimado(a) ${to.name}:`,
          paragraphs: [`Tiene ${items.length} ${input.noun.many} por atender. ${input.intro}`, `Cada ${input.noun.one} tiene sus propios botones: use los de la que corresponda.`],
          sections: items.map((i) => {
            const page = statusLink(i.workflowId, 'Ver el estado del proceso').statusLink;
            return { heading: i.title, summary: i.summary, buttons: buttonsFor(i, to.email, expiresAt), ...(page ? { link: page } : {}) };
          }),
          footnote: footnote(expiresAt),
        },
      });
      // Each step stays open for someone else, so each is reported with its own way to resend it.
      for (const i of items) await reports.report({ workflowId: i.workflowId, subject, step: { id: i.step, title: i.title } }, refused);
      return [
        ...items.map((i) => ({ workflowId: i.workflowId, delivery: { step: i.step, version: i.version, undelivered: refused, ...linkLife(expiresAt, i.nonWorkingDays ?? []) } })),
        ...dropped,
      ];
    },
  };
  return activities;
}
