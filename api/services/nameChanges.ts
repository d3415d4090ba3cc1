/**
 * «Cambio de nombre o usuario» (PCM 6.1.2.7): the CM (or the head) asks from the account page; the
 * request's row is written first, then its process starts (workflows/nameChange.ts). One open request
 * per account, so the head never decides two renames of the same account at once. The `done` rows are
 * the account's history of names.
 */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { nameChangeWorkflowId, type NameChangeStage } from '../../contracts/nameChange';
import { unlessUnavailable, type Processes } from '../../contracts/processes';
import { rolesFor } from '../../domain/access';
import type { AuditTrail, Caller } from '../../registry/audit';
import { nameChangeSchema, nameChangeViolations, proposedChanges } from '../../domain/accountNames';
import { usernameViolation } from '../../domain/accountProposal';
import { Refusal } from '../../domain/refusal';
import { validate } from '../../domain/validation';
import { nameChangeModel, nameChangeSlotModel, type NameChangeDoc, type NameChangeState } from '../../infra/models/nameChange';
import { releaseAccountSlot, takeAccountSlot } from '../../registry/accountSlots';
import { guardedAccount } from '../../registry/guards';
import type { EntityDoc } from '../../infra/models/entity';
import type { Registry } from '../../registry/reads';

export interface NameChangesDeps {
  db: Connection;
  registry: Registry;
  processes: Processes;
  audit: AuditTrail;
}

const OPEN: NameChangeState[] = ['pending', 'correcting', 'approved'];

export interface NameChangeView {
  requestId: string;
  workflowId: string;
  state: NameChangeState;
  from: { name?: string; username: string };
  to: { name?: string; username?: string };
  reason: string;
  requestedBy: string;
  requestedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  doneBy?: string;
  doneAt?: string;
  /** An observation or a rejection. */
  decisionReason?: string;
}

/** The open request with what its process says now: the stage and whom it waits for; absent while Temporal is silent. */
export type OpenNameChangeView = NameChangeView & { live?: { stage: NameChangeStage; waitingFor: string[] } };

/** Head and CM ask for renames (PCM 6.1.2.7); a principal that is not a person never does. */
export function mayRequestRename(p: Caller['principal'], entity: { _id: string; profile: EntityDoc['profile'] }): boolean {
  return p.kind === 'person' && rolesFor(p, { id: entity._id, profile: entity.profile }).some((r) => r === 'cm' || r === 'head');
}

const view = (r: NameChangeDoc): NameChangeView => ({
  requestId: r._id, workflowId: r.workflowId, state: r.state, from: r.from, to: r.to, reason: r.reason, requestedBy: r.requestedBy, requestedAt: r.requestedAt.toISOString(),
  ...(r.decidedBy ? { decidedBy: r.decidedBy } : {}), ...(r.decidedAt ? { decidedAt: r.decidedAt.toISOString() } : {}),
  ...(r.doneBy ? { doneBy: r.doneBy } : {}), ...(r.doneAt ? { doneAt: r.doneAt.toISOString() } : {}),
  ...(r.decisionReason ? { decisionReason: r.decisionReason } : {}),
});

export function nameChangesService(deps: NameChangesDeps) {
  const rows = nameChangeModel(deps.db);
  const slots = nameChangeSlotModel(deps.db);

  /** A rename already asked for holds the account's slot until it ends (registry/accountSlots.ts). */
  const holderOpen = async (requestId: string) => {
    const holder = await rows.findById(requestId).lean();
    return holder ? OPEN.includes(holder.state) : undefined;
  };

  /** What the open request's process says; the registry's row stands alone while Temporal is silent. */
  async function live(r: NameChangeDoc): Promise<{ live?: { stage: NameChangeStage; waitingFor: string[] } }> {
    const s = await unlessUnavailable(() => deps.processes.nameChangeStatus(r.accountId, r._id));
    return s ? { live: { stage: s.stage, waitingFor: s.waitingFor } } : {};
  }

  return {
    /** The open request (if any) and the history of names, newest first. */
    async ofAccount(accountId: string, caller: Caller): Promise<{ open?: OpenNameChangeView; history: NameChangeView[] }> {
      const { account } = await guardedAccount(deps, accountId, caller, 'account.read');
      const all = await rows.find({ accountId: account._id }).sort({ requestedAt: -1, _id: -1 }).lean();
      const open = all.find((r) => OPEN.includes(r.state));
      return { ...(open ? { open: { ...view(open), ...(await live(open)) } } : {}), history: all.filter((r) => r.state === 'done').map(view) };
    },

    /** PCM 6.1.2.7: only the CM or the head asks (a person, who can be told the decision). */
    async request(accountId: string, body: unknown, caller: Caller): Promise<NameChangeView> {
      const { account, entity } = await guardedAccount(deps, accountId, caller, 'account.manage');
      const p = caller.principal;
      if (p.kind !== 'person' || !mayRequestRename(p, entity)) {
        throw new Refusal('forbidden', 'Solo el community manager o el/la titular de la Oficina de Comunicaciones piden un cambio de nombre o usuario (PCM 6.1.2.7).');
      }
      const parsed = validate(nameChangeSchema, body, 'PCM 6.1.2.7');
      if (!parsed.ok) {
        // Every problem at once: a username against PCM 6.1.1.8 is told beside a reason too short.
        const u = (body as { username?: unknown } | null)?.username;
        const username = typeof u === 'string' && u.trim() && !parsed.errors.some((e) => e.field === 'username') ? usernameViolation(u.trim().replace(/^@/, '')) : undefined;
        throw new Refusal('validation_failed', 'Revise el pedido de cambio.', [...parsed.errors, ...(username ? [{ field: 'username', rule: 'PCM 6.1.1.8', message: username }] : [])]);
      }
      const current = { username: account.username, ...(account.name ? { name: account.name } : {}) };
      const problems = nameChangeViolations(parsed.value, current);
      if (problems.length) throw new Refusal('validation_failed', 'Revise el pedido de cambio.', problems);
      const requestId = randomBytes(12).toString('hex');
      if (!(await takeAccountSlot(slots, accountId, requestId, holderOpen))) {
        throw new Refusal('conflict', 'La cuenta ya tiene un cambio de nombre o usuario en curso: espere su decisión.');
      }
      const row: NameChangeDoc = {
        _id: requestId, entityId: entity._id, accountId, workflowId: nameChangeWorkflowId(accountId, requestId), from: current,
        to: proposedChanges(parsed.value, current), reason: parsed.value.reason, requestedBy: p.email.toLowerCase(), requestedAt: new Date(), state: 'pending',
      };
      await rows.create(row);
      try {
        await deps.processes.startNameChange(accountId, requestId);
      } catch (err) {
        // Nothing half-stored: without its process the row would block the account's next request.
        await rows.deleteOne({ _id: requestId });
        await releaseAccountSlot(slots, accountId, requestId);
        throw err;
      }
      await deps.audit.recordBy(caller, {
        action: 'request.submitted', entityId: entity._id, accountId, workflowId: row.workflowId,
        detail: `Cambio de nombre o usuario (PCM 6.1.2.7): ${describeChange(row.from, row.to)}`,
      });
      return view(row);
    },
  };
}

/** «usuario: A → B; nombre: C → D», only what changes. */
export function describeChange(from: NameChangeView['from'], to: NameChangeView['to']): string {
  return [
    ...(to.username !== undefined ? [`usuario: ${from.username} → ${to.username}`] : []),
    ...(to.name !== undefined ? [`nombre: ${from.name ?? '(no registrado)'} → ${to.name}`] : []),
  ].join('; ');
}

export type NameChangesService = ReturnType<typeof nameChangesService>;
