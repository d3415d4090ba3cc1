/**
 * The I/O of «cambio de nombre o usuario» (workflows/nameChange.ts; PCM 6.1.2.7): the request's row and
 * account, the registry writes (each a `$set`, so a retry writes the same thing), the rename itself once
 * the CM confirms it was done on the platform, and the head's alert when the platform shows a name nobody
 * approved.
 */
import { createHash } from 'node:crypto';
import type { Model } from 'mongoose';
import { rotationWorkflowId } from '../contracts/credentialRotation';
import { unapprovedRename, type AccountNames, type ProposedNames, type UnapprovedRenameFinding } from '../domain/accountNames';
import type { Contact, EntityPolicy } from '../domain/entity';
import { NETWORK_LABELS } from '../domain/networks';
import { trusted } from '../infra/db';
import type { AccountDoc } from '../infra/models/account';
import type { NameChangeDoc, NameChangeState } from '../infra/models/nameChange';
import type { AuditTrail } from '../registry/audit';
import type { Registry } from '../registry/reads';
import type { EmailOutcome, NoticeInput } from './email';

export interface NameChangeContext {
  /** False when the request's row, its account or its entity is gone: the process closes. */
  exists: boolean;
  /** Absent while the roster lacks a head, second or CM. */
  entity?: EntityPolicy;
  accountId: string;
  /** e.g. `CulturaPeru (Facebook)`. */
  label: string;
  requester: Contact;
  from: AccountNames;
  to: ProposedNames;
  reason: string;
}

export interface RecordNameChangeInput {
  requestId: string;
  state: NameChangeState;
  decidedBy?: string;
  decidedAt?: string;
  decisionReason?: string;
  /** A correction's new proposal. */
  to?: ProposedNames;
  reason?: string;
}

export interface ApplyNameChangeInput {
  requestId: string;
  by: string;
  at: string;
}

export interface NameChangeActivityDeps {
  requests: Model<NameChangeDoc>;
  accounts: Model<AccountDoc>;
  registry: Pick<Registry, 'policy' | 'roster'>;
  /** The rename enters the trail once, which is how SCS's daily directory digest learns of it (PCM 6.3.5). */
  audit: Pick<AuditTrail, 'recordOnce'>;
  /** The outbox's notice (activities/email): the alert goes out once per key. */
  sendNotice: (input: NoticeInput) => Promise<EmailOutcome>;
}

const APPROVED: NameChangeState[] = ['approved', 'done'];

export const accountLabel = (a: Pick<AccountDoc, 'username' | 'network'>): string => `${a.username} (${NETWORK_LABELS[a.network]})`;

/** One alert per account, field and value seen: the same unapproved name read every day alerts once. */
export const unapprovedRenameKey = (accountId: string, f: Pick<UnapprovedRenameFinding, 'field' | 'observed'>): string =>
  `${rotationWorkflowId(accountId)}/nombre-no-aprobado/${f.field}/${createHash('sha256').update(f.observed).digest('hex').slice(0, 16)}`;

export function createNameChangeActivities(deps: NameChangeActivityDeps) {
  return {
    async nameChangeContext(input: { requestId: string }): Promise<NameChangeContext> {
      const row = await deps.requests.findById(input.requestId).lean();
      const account = row ? await deps.accounts.findById(row.accountId).lean() : null;
      const policy = row ? await deps.registry.policy(row.entityId) : undefined;
      const base = {
        accountId: row?.accountId ?? '',
        label: account ? accountLabel(account) : '',
        from: row?.from ?? { username: '' },
        to: row?.to ?? {},
        reason: row?.reason ?? '',
      };
      if (!row || !account || !policy || (!policy.ok && policy.reason === 'unknown')) {
        return { exists: false, requester: { name: row?.requestedBy ?? '', email: row?.requestedBy ?? '' }, ...base };
      }
      const person = (await deps.registry.roster(row.entityId)).find((r) => r.email === row.requestedBy);
      return {
        exists: true,
        ...(policy.ok ? { entity: policy.policy } : {}),
        requester: { name: person?.name ?? row.requestedBy, email: row.requestedBy },
        ...base,
      };
    },

    async recordNameChange(input: RecordNameChangeInput): Promise<void> {
      const { requestId, decidedAt, ...rest } = input;
      await deps.requests.updateOne({ _id: requestId }, { $set: { ...rest, ...(decidedAt ? { decidedAt: new Date(decidedAt) } : {}) } });
    },

    /**
     * The CM confirmed the rename on the platform: the account takes the new names and the row turns
     * `done`, which makes it part of the account's history of names. Run twice, it changes nothing.
     */
    async applyNameChange(input: ApplyNameChangeInput): Promise<{ applied: boolean }> {
      const row = await deps.requests.findById(input.requestId).lean();
      if (!row) return { applied: false };
      const set: Partial<Pick<AccountDoc, 'name' | 'username'>> = {
        ...(row.to.name !== undefined ? { name: row.to.name } : {}),
        ...(row.to.username !== undefined ? { username: row.to.username } : {}),
      };
      if (Object.keys(set).length) await deps.accounts.updateOne({ _id: row.accountId }, { $set: set });
      if (row.state !== 'done') await deps.requests.updateOne({ _id: row._id }, { $set: { state: 'done', doneBy: input.by, doneAt: new Date(input.at) } });
      await deps.audit.recordOnce(
        `account.renamed/${row._id}`,
        {
          action: 'account.renamed', actor: { kind: 'process', email: input.by }, entityId: row.entityId, accountId: row.accountId, workflowId: row.workflowId,
          detail: [
            ...(row.to.username !== undefined ? [`usuario: ${row.from.username} → ${row.to.username}`] : []),
            ...(row.to.name !== undefined ? [`nombre: ${row.from.name ?? '(no registrado)'} → ${row.to.name}`] : []),
            ...(row.decidedBy ? [`aprobó: ${row.decidedBy}`] : []),
          ].join('; '),
        },
        new Date(input.at),
      );
      return { applied: true };
    },

    /**
     * PCM 6.1.2.7: the platform shows `observed` for the account (the Graph API reading calls this);
     * each name or username that differs from the registry without an approved request alerts the
     * head once (the outbox key holds the account, the field and the value seen).
     */
    async alertUnapprovedRename(input: { accountId: string; observed: AccountNames }): Promise<UnapprovedRenameFinding[]> {
      const account = await deps.accounts.findById(input.accountId).lean();
      if (!account) return [];
      const approved = await deps.requests.find({ accountId: input.accountId, state: trusted({ $in: APPROVED }) }, { to: 1 }).lean();
      const findings = unapprovedRename({ username: account.username, ...(account.name ? { name: account.name } : {}) }, input.observed, approved.map((r) => r.to));
      if (!findings.length) return [];
      const policy = await deps.registry.policy(account.entityId);
      if (!policy.ok) return findings;
      const { head, communityManager } = policy.policy;
      for (const f of findings) {
        await deps.sendNotice({
          key: unapprovedRenameKey(input.accountId, f),
          to: [head],
          cc: [communityManager.email],
          ...unapprovedRenameText(accountLabel(account), policy.policy.name, f),
        });
      }
      return findings;
    },
  };
}

function unapprovedRenameText(label: string, entityName: string, f: UnapprovedRenameFinding) {
  const what = f.field === 'username' ? 'el usuario' : 'el nombre de la página';
  return {
    subject: `Cambio de ${f.field === 'username' ? 'usuario' : 'nombre'} sin aprobación: ${label} – ${entityName}`,
    paragraphs: [
      f.message,
      `Cambiar ${what} sin previa coordinación con el/la titular de la Oficina de Comunicaciones está prohibido (PCM 6.1.2.7; Anexo 1, cláusula TERCERA): ` +
        'la cuenta puede perder su insignia de verificación. Averigüe quién lo cambió; si el cambio corresponde, pida al community manager que registre un ' +
        '«Cambio de nombre o usuario» en la página de la cuenta para aprobarlo; si no, que restituya el nombre registrado.',
    ],
    summary: [
      ['Cuenta', label],
      [f.field === 'username' ? 'Usuario en Custodio' : 'Nombre en Custodio', f.registry ?? '—'],
      [f.field === 'username' ? 'Usuario en la red' : 'Nombre en la red', f.observed],
    ] as Array<[string, string]>,
    linkLabel: 'Ver la cuenta',
  };
}
