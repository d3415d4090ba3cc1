import type { Connection } from 'mongoose';
import { principalLabel, type Permission, asReadBy } from '../../domain/access';
import type { Contact } from '../../domain/entity';
import { HANDOVER_RULE, handoverProblems } from '../../domain/handover';
import { handoverCreateSchema } from '../../domain/handoverInput';
import { validate, type RuleViolation } from '../../domain/validation';
import type { AuditTrail, Caller } from '../../registry/audit';
import { handoverLocks, handoverModel, type HandoverDoc, type HandoverLockDoc, type HandoverState } from '../../infra/models/handover';
import type { Registry } from '../../registry/reads';
import { guardedEntity } from '../../registry/guards';
import { handoverWorkflowId, type HandoverStatus } from '../../contracts/handover';
import { Refusal } from '../../domain/refusal';
import type { Processes } from '../../contracts/processes';
import type { Page, PageCounts, PageQuery } from '../../domain/paging';
import { countOf, newestFirst, pageOf } from '../../registry/paging';
import { rowIdFor } from '../idempotency';

export interface HandoversDeps {
  db: Connection;
  registry: Registry;
  audit: AuditTrail;
  processes: Processes;
}

/** A handover as the registry keeps it: who leaves, who takes over, each confirmation. Never a password. */
export interface HandoverView {
  id: string;
  entityId: string;
  workflowId: string;
  outgoing: Contact;
  incoming: Contact;
  startedBy: string;
  startedAt: string;
  state: HandoverState;
  stateLabel: string;
  step?: string;
  decisions: Array<{ step: string; action: string; by: string; at: string; reason?: string }>;
  accountIds: string[];
  completedAt?: string;
}

/** One handover with its live process while it runs: the open step, whom it waits for, whether it escalated. */
export type HandoverDetail = HandoverView & { live?: HandoverStatus };

const STATE_LABELS: Record<HandoverState, string> = { running: 'En curso', completed: 'Concluido', interrupted: 'Interrumpido' };

/** A lock younger than this belongs to a start still in flight (its process may not be visible yet). */
const STARTING_MS = 60_000;
const NEWEST_FIRST = newestFirst('handovers', 'startedAt');

const contact = (c: Contact): Contact => ({ name: c.name, email: c.email });

// FerretDB drops empty arrays: an absent list is an empty one.
const toView = (h: HandoverDoc): HandoverView => ({
  id: h._id,
  entityId: h.entityId,
  workflowId: h.workflowId,
  outgoing: contact(h.outgoing),
  incoming: contact(h.incoming),
  startedBy: h.startedBy,
  startedAt: new Date(h.startedAt).toISOString(),
  state: h.state,
  stateLabel: STATE_LABELS[h.state],
  ...(h.step ? { step: h.step } : {}),
  decisions: (h.decisions ?? []).map((d) => ({ step: d.step, action: d.action, by: d.by, at: new Date(d.at).toISOString(), ...(d.reason ? { reason: d.reason } : {}) })),
  accountIds: [...(h.accountIds ?? [])],
  ...(h.completedAt ? { completedAt: new Date(h.completedAt).toISOString() } : {}),
});

const invalid = (errors: RuleViolation[]) => new Refusal('validation_failed', `Datos no válidos (${HANDOVER_RULE}).`, errors);

/**
 * Handovers of administration (issue #4 §4, PCM 6.2.3): the head starts one when a community manager
 * leaves; one runs per entity at a time. Each handover is its own workflow (`traspaso-<entity>-<id>`) so
 * its links and emails never mix with an earlier one's; the "one at a time" is a lock row per entity
 * (`handover_locks`), taken before the process starts and freed by the process when it completes.
 */
export function handoversService(deps: HandoversDeps) {
  const handovers = handoverModel(deps.db);
  const locks = handoverLocks(deps.db);

  const guarded = (entityId: string, caller: Caller, permission: Permission) => guardedEntity(deps.registry, entityId, caller, permission);

  /**
   * Whether the handover holding an entity's lock still runs. One whose process an operator ended is
   * marked `interrupted`, and one whose start failed left no row: either way the entity is free again.
   */
  async function stillRunning(held: HandoverLockDoc): Promise<boolean> {
    if (Date.now() - new Date(held.at).getTime() < STARTING_MS) return true;
    const row = await handovers.findById(held.handoverId).lean();
    if (!row) return false;
    if (row.state !== 'running') return false;
    if (await deps.processes.handoverRunning(row.entityId, row._id)) return true;
    await handovers.updateOne({ _id: row._id, state: 'running' }, { $set: { state: 'interrupted' } });
    return false;
  }

  /** The handover an idempotency key already started, if any; refused when the key came with other people. */
  async function repeated(handoverId: string, outgoingEmail: string, incomingEmail: string): Promise<HandoverView | undefined> {
    const row = await handovers.findById(handoverId).lean();
    if (!row) return undefined;
    if (row.outgoing.email !== outgoingEmail || row.incoming.email !== incomingEmail) {
      throw new Refusal('idempotency_conflict', 'Esa clave de idempotencia ya se usó con otro traspaso de administración.');
    }
    return toView(row);
  }

  return {
    /**
     * `POST /api/entities/:id/handovers`: the head starts the handover (PCM 6.2.3.1). The same
     * `idempotencyKey` (a form's hidden field) answers with the handover it started: a double click starts one.
     */
    async start(entityId: string, body: unknown, caller: Caller, idempotencyKey?: string): Promise<HandoverView> {
      const entity = await guarded(entityId, caller, 'account.lifecycle');
      const checked = validate(handoverCreateSchema, body, HANDOVER_RULE);
      if (!checked.ok) throw invalid(checked.errors);
      const { outgoingEmail, incomingEmail } = checked.value;
      const roster = await deps.registry.roster(entity._id);
      const problems = handoverProblems(roster, outgoingEmail, incomingEmail);
      if (problems.length) throw invalid(problems);

      const handoverId = rowIdFor(idempotencyKey, entity._id);
      const before = await repeated(handoverId, outgoingEmail, incomingEmail);
      if (before) return before;
      const workflowId = handoverWorkflowId(entity._id, handoverId);
      const name = (email: string) => roster.find((r) => r.email === email)!.name;
      const startedBy = principalLabel(caller.principal);
      const row: HandoverDoc = {
        _id: handoverId,
        entityId: entity._id,
        workflowId,
        outgoing: { name: name(outgoingEmail), email: outgoingEmail },
        incoming: { name: name(incomingEmail), email: incomingEmail },
        startedBy,
        startedAt: new Date(),
        state: 'running',
      };
      const lock = await locks.take(entity._id, handoverId, stillRunning);
      // The same key while its first start is still in flight: that start answers for both.
      if (!lock.ok && lock.handoverId === handoverId) return (await repeated(handoverId, outgoingEmail, incomingEmail)) ?? toView(row);
      if (!lock.ok) {
        const running = await handovers.findById(lock.handoverId).lean();
        throw new Refusal(
          'conflict',
          'Ya hay un traspaso de administración en curso en esta entidad' +
            (running ? ` (de ${running.outgoing.email} a ${running.incoming.email}, iniciado por ${running.startedBy})` : '') +
            ': debe concluir antes de iniciar otro.',
        );
      }

      try {
        await handovers.create(row);
        await deps.processes.startHandover({ handoverId, entityId: entity._id, outgoingEmail, incomingEmail, startedBy });
      } catch (err) {
        // Nothing half-done: without its process, the row and the lock would block the entity.
        await handovers.deleteOne({ _id: handoverId });
        await locks.release(entity._id, handoverId);
        throw err;
      }
      await deps.audit.recordBy(caller, {
        action: 'handover.started', entityId: entity._id, workflowId, subject: outgoingEmail,
        detail: `Traspaso de administración (${HANDOVER_RULE}): ${outgoingEmail} → ${incomingEmail}`,
      });
      return toView(row);
    },

    /** `GET /api/entities/:id/handovers`: the entity's handovers, newest first, a page at a time; `counted`, with the counts a page shows. */
    async list(entityId: string, q: PageQuery, caller: Caller, counted = false): Promise<Page<HandoverView> & { counts?: PageCounts }> {
      const entity = await guarded(entityId, caller, 'account.read');
      const filter = { entityId: entity._id };
      const page = await pageOf(handovers, filter, NEWEST_FIRST, q);
      return { ...page, rows: page.rows.map(toView), ...(counted ? { counts: await countOf(handovers, filter, NEWEST_FIRST, q.cursor) } : {}) };
    },

    /** `GET /api/entities/:id/handovers/:handoverId`: the row, and while it runs, its live process. */
    async get(entityId: string, handoverId: string, caller: Caller): Promise<HandoverDetail> {
      const entity = await guarded(entityId, caller, 'account.read');
      const row = /^[0-9a-f]{24}$/.test(String(handoverId)) ? await handovers.findOne({ _id: String(handoverId), entityId: entity._id }).lean() : null;
      if (!row) throw new Refusal('not_found', 'No existe ese traspaso de administración en esta entidad.');
      const view = toView(row);
      if (row.state !== 'running') return view;
      const live = await deps.processes.handoverStatus(row.entityId, row._id);
      // A process ended by an operator: the row is all there is.
      return live ? { ...view, live: asReadBy(caller.principal, { id: entity._id, profile: entity.profile }, live) } : view;
    },
  };
}

export type HandoversService = ReturnType<typeof handoversService>;
