/**
 * «Cambio de nombre o usuario» (PCM 6.1.2.7): the CM (or the head) asks from the account page; the
 * request's row is written first, then its process starts (workflows/nameChange.ts). One open request
 * per account, so the head never decides two renames of the same account at once. The `done` rows are
 * the account's history of names.
 */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { nameChangeWorkflowId } from '../../contracts/nameChange';
import type { Processes } from '../../contracts/processes';
import { rolesFor } from '../../domain/access';
import type { Caller } from '../../registry/audit';
import { nameChangeSchema, nameChangeViolations, proposedChanges } from '../../domain/accountNames';
import { Refusal } from '../../domain/refusal';
import { validate } from '../../domain/validation';
import { trusted } from '../../infra/db';
import { nameChangeModel, type NameChangeDoc, type NameChangeState } from '../../infra/models/nameChange';
import { guardedAccount } from '../../registry/guards';
import type { Registry } from '../../registry/reads';

export interface NameChangesDeps {
  db: Connection;
  registry: Registry;
  processes: Processes;
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
}

const view = (r: NameChangeDoc): NameChangeView => ({
  requestId: r._id, workflowId: r.workflowId, state: r.state, from: r.from, to: r.to, reason: r.reason, requestedBy: r.requestedBy, requestedAt: r.requestedAt.toISOString(),
  ...(r.decidedBy ? { decidedBy: r.decidedBy } : {}), ...(r.decidedAt ? { decidedAt: r.decidedAt.toISOString() } : {}),
  ...(r.doneBy ? { doneBy: r.doneBy } : {}), ...(r.doneAt ? { doneAt: r.doneAt.toISOString() } : {}),
});

export function nameChangesService(deps: NameChangesDeps) {
  const rows = nameChangeModel(deps.db);
  return {
    /** The open request (if any) and the history of names, newest first. */
    async ofAccount(accountId: string, caller: Caller): Promise<{ open?: NameChangeView; history: NameChangeView[] }> {
      await guardedAccount(deps, accountId, caller, 'account.read');
      const all = await rows.find({ accountId }).sort({ requestedAt: -1, _id: -1 }).lean();
      const open = all.find((r) => OPEN.includes(r.state));
      return { ...(open ? { open: view(open) } : {}), history: all.filter((r) => r.state === 'done').map(view) };
    },

    /** PCM 6.1.2.7: only the CM or the head asks (a person, who can be told the decision). */
    async request(accountId: string, body: unknown, caller: Caller): Promise<NameChangeView> {
      const { account, entity } = await guardedAccount(deps, accountId, caller, 'account.manage');
      const p = caller.principal;
      const roles = p.kind === 'person' ? rolesFor(p, { id: entity._id, profile: entity.profile }) : [];
      if (p.kind !== 'person' || !roles.some((r) => r === 'cm' || r === 'head')) {
        throw new Refusal('forbidden', 'Solo el community manager o el/la titular de la Oficina de Comunicaciones piden un cambio de nombre o usuario (PCM 6.1.2.7).');
      }
      const parsed = validate(nameChangeSchema, body, 'PCM 6.1.2.7');
      if (!parsed.ok) throw new Refusal('validation_failed', 'Revise el pedido de cambio.', parsed.errors);
      const current = { username: account.username, ...(account.name ? { name: account.name } : {}) };
      const problems = nameChangeViolations(parsed.value, current);
      if (problems.length) throw new Refusal('validation_failed', 'Revise el pedido de cambio.', problems);
      if (await rows.exists({ accountId, state: trusted({ $in: OPEN }) })) {
        throw new Refusal('conflict', 'La cuenta ya tiene un cambio de nombre o usuario en curso: espere su decisión.');
      }
      const requestId = randomBytes(12).toString('hex');
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
        throw err;
      }
      return view(row);
    },
  };
}

export type NameChangesService = ReturnType<typeof nameChangesService>;
