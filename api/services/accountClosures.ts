/**
 * «Cierre de cuenta» (issue 19 §5; PCM 5.2.5, SENACE 7.2): the CM or the head asks from the account page
 * with a reason; the request's row is written first, then its process starts (workflows/accountClosure.ts).
 * One open closure per account (registry/accountSlots.ts). The `closed` row is how the account ended.
 */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { accountClosureWorkflowId, type AccountClosureStage } from '../../contracts/accountClosure';
import { unlessUnavailable, type Processes } from '../../contracts/processes';
import { rolesFor } from '../../domain/access';
import { closureClause, closureRequestSchema } from '../../domain/accountClosure';
import { inactivityFact } from '../../domain/inactivity';
import { Refusal } from '../../domain/refusal';
import { validate } from '../../domain/validation';
import { writtenDay } from '../../infra/limaTime';
import { accountClosureModel, accountClosureSlotModel, type AccountClosureDoc, type AccountClosureState } from '../../infra/models/accountClosure';
import type { EntityDoc } from '../../infra/models/entity';
import { releaseAccountSlot, takeAccountSlot } from '../../registry/accountSlots';
import type { AuditTrail, Caller } from '../../registry/audit';
import { guardedAccount } from '../../registry/guards';
import { accountInactivity } from '../../registry/inactivity';
import type { Registry } from '../../registry/reads';

export interface AccountClosuresDeps {
  db: Connection;
  registry: Registry;
  processes: Processes;
  audit: AuditTrail;
}

const OPEN: AccountClosureState[] = ['pending', 'approved'];

export interface AccountClosureView {
  requestId: string;
  workflowId: string;
  state: AccountClosureState;
  reason: string;
  inactivity?: string;
  requestedBy: string;
  requestedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  decisionReason?: string;
  closedBy?: string;
  closedAt?: string;
  note?: string;
  recordCode?: string;
}

export type OpenAccountClosureView = AccountClosureView & { live?: { stage: AccountClosureStage; waitingFor: string[] } };

/** The head and the CM of the office ask to close an account; a principal that is not a person never does. */
export function mayRequestClosure(p: Caller['principal'], entity: { _id: string; profile: EntityDoc['profile'] }): boolean {
  return p.kind === 'person' && rolesFor(p, { id: entity._id, profile: entity.profile }).some((r) => r === 'cm' || r === 'head');
}

/** The head's own request is the decision (SENACE 7.2): the process skips the approval step. */
export function isHeadOf(p: Caller['principal'], entity: { _id: string; profile: EntityDoc['profile'] }): boolean {
  return p.kind === 'person' && rolesFor(p, { id: entity._id, profile: entity.profile }).includes('head');
}

const view = (r: AccountClosureDoc): AccountClosureView => ({
  requestId: r._id, workflowId: r.workflowId, state: r.state, reason: r.reason, requestedBy: r.requestedBy, requestedAt: r.requestedAt.toISOString(),
  ...(r.inactivity ? { inactivity: r.inactivity } : {}),
  ...(r.decidedBy ? { decidedBy: r.decidedBy } : {}), ...(r.decidedAt ? { decidedAt: r.decidedAt.toISOString() } : {}),
  ...(r.decisionReason ? { decisionReason: r.decisionReason } : {}),
  ...(r.closedBy ? { closedBy: r.closedBy } : {}), ...(r.closedAt ? { closedAt: r.closedAt.toISOString() } : {}),
  ...(r.note ? { note: r.note } : {}), ...(r.recordCode ? { recordCode: r.recordCode } : {}),
});

export function accountClosuresService(deps: AccountClosuresDeps) {
  const rows = accountClosureModel(deps.db);
  const slots = accountClosureSlotModel(deps.db);
  const holderOpen = async (requestId: string) => {
    const holder = await rows.findById(requestId).lean();
    return holder ? OPEN.includes(holder.state) : undefined;
  };

  async function live(r: AccountClosureDoc): Promise<{ live?: { stage: AccountClosureStage; waitingFor: string[] } }> {
    const s = await unlessUnavailable(() => deps.processes.accountClosureStatus(r.accountId, r._id));
    return s ? { live: { stage: s.stage, waitingFor: s.waitingFor } } : {};
  }

  return {
    /** The open closure (if any), the one that closed the account (if it did), and the rejected ones, newest first. */
    async ofAccount(accountId: string, caller: Caller): Promise<{ clause: string; open?: OpenAccountClosureView; closed?: AccountClosureView; rejected: AccountClosureView[] }> {
      const { account, entity } = await guardedAccount(deps, accountId, caller, 'account.read');
      const all = await rows.find({ accountId: account._id }).sort({ requestedAt: -1, _id: -1 }).lean();
      const open = all.find((r) => OPEN.includes(r.state));
      const closed = all.find((r) => r.state === 'closed');
      return {
        clause: closureClause(entity.profile),
        ...(open ? { open: { ...view(open), ...(await live(open)) } } : {}),
        ...(closed ? { closed: view(closed) } : {}),
        rejected: all.filter((r) => r.state === 'rejected').map(view),
      };
    },

    /** Issue 19 §5: only the CM or the head asks; the head decides (SENACE 7.2). */
    async request(accountId: string, body: unknown, caller: Caller): Promise<AccountClosureView & { headAsked: boolean }> {
      const { account, entity } = await guardedAccount(deps, accountId, caller, 'account.manage');
      const clause = closureClause(entity.profile);
      const p = caller.principal;
      if (p.kind !== 'person' || !mayRequestClosure(p, entity)) {
        throw new Refusal('forbidden', `Solo el community manager o el/la titular de la Oficina de Comunicaciones piden cerrar una cuenta; el/la titular lo decide (${clause}).`);
      }
      const parsed = validate(closureRequestSchema, body, clause);
      if (!parsed.ok) throw new Refusal('validation_failed', 'Revise el pedido de cierre.', parsed.errors);
      if (account.status === 'retired') throw new Refusal('conflict', 'La cuenta ya fue dada de baja.');
      const requestId = randomBytes(12).toString('hex');
      if (!(await takeAccountSlot(slots, accountId, requestId, holderOpen))) {
        throw new Refusal('conflict', 'La cuenta ya tiene un pedido de cierre en curso: espere su decisión.');
      }
      const inactivity = inactivityFact(await accountInactivity(deps.db, account, entity), writtenDay);
      const row: AccountClosureDoc = {
        _id: requestId, entityId: entity._id, accountId, workflowId: accountClosureWorkflowId(accountId, requestId), reason: parsed.value.reason,
        ...(inactivity ? { inactivity } : {}), requestedBy: p.email.toLowerCase(), requestedAt: new Date(), state: 'pending',
      };
      await rows.create(row);
      try {
        await deps.processes.startAccountClosure(accountId, requestId);
      } catch (err) {
        // Nothing half-stored: without its process the row would block the account's next request.
        await rows.deleteOne({ _id: requestId });
        await releaseAccountSlot(slots, accountId, requestId);
        throw err;
      }
      await deps.audit.recordBy(caller, { action: 'request.submitted', entityId: entity._id, accountId, workflowId: row.workflowId, detail: `Cierre de la cuenta (${clause}): ${row.reason}` });
      return { ...view(row), headAsked: isHeadOf(p, entity) };
    },
  };
}

export type AccountClosuresService = ReturnType<typeof accountClosuresService>;
