import type { Connection } from 'mongoose';
import { type Permission, asReadBy } from '../../domain/access';
import type { Contact } from '../../domain/entity';
import type { Anomaly } from '../../domain/pageRoles';
import { monthLabel, reviewMonthOf, roleReviewId } from '../../domain/roleReview';
import { reviewMonthSchema } from '../../domain/roleReviewInput';
import { validate } from '../../domain/validation';
import type { AuditTrail, Caller } from '../../registry/audit';
import { accountModel } from '../../infra/models/account';
import { agencyGrantModel } from '../../infra/models/agencyGrant';
import { limaDate } from '../../domain/businessDays';
import { buildRoleReviewSnapshot, readRoleFacts, type RoleReviewSnapshot } from '../../registry/roleReviewSnapshot';
import { roleReviewModel, type RoleReviewDoc, type RoleReviewState } from '../../infra/models/roleReview';
import type { Registry } from '../../registry/reads';
import { guardedEntity } from '../../registry/guards';
import { roleReviewWorkflowId, type RoleReviewStatus } from '../../contracts/roleReview';
import type { Processes } from '../../contracts/processes';
import { Refusal } from '../../domain/refusal';

export interface RoleReviewsDeps {
  db: Connection;
  registry: Registry;
  audit: AuditTrail;
  processes: Processes;
  /** The clock that says which month "now" is; tests set it. */
  now?: () => Date;
}

/** A month's review as the registry recorded it. */
export interface RoleReviewView {
  entityId: string;
  month: string;
  /** e.g. «enero de 2027». */
  monthLabel: string;
  workflowId: string;
  state: RoleReviewState;
  reviewer: Contact;
  designated: boolean;
  escalateTo: Contact[];
  anomalies: Anomaly[];
  accountsReviewed: number;
  grantsListed: number;
  openedAt: string;
  attestedBy?: string;
  attestedAt?: string;
}

/** One review, with the live state of its step while it is open (who it waits for, escalation). */
export type RoleReviewDetail = RoleReviewView & { live?: RoleReviewStatus };

/** What the review page shows: the review, and the entity's page roles and anomalies as they are now. */
export type RoleReviewPage = RoleReviewDetail & { entityName: string; now: Pick<RoleReviewSnapshot, 'accounts' | 'grants' | 'anomalies' | 'today'> };

export interface RoleReviewStart {
  entityId: string;
  month: string;
  workflowId: string;
  /** False when the month's review had already been started (by the scheduler or an earlier call). */
  started: boolean;
}

const contact = (c: Contact): Contact => ({ name: c.name, email: c.email });

// FerretDB drops empty arrays: an absent list is an empty one.
const toView = (r: RoleReviewDoc): RoleReviewView => ({
  entityId: r.entityId,
  month: r.month,
  monthLabel: monthLabel(r.month),
  workflowId: r.workflowId,
  state: r.state,
  reviewer: contact(r.reviewer),
  designated: r.designated ?? false,
  escalateTo: (r.escalateTo ?? []).map(contact),
  anomalies: (r.anomalies ?? []).map((a) => ({ kind: a.kind, accountId: a.accountId, rule: a.rule, message: a.message })),
  accountsReviewed: r.accountsReviewed,
  grantsListed: r.grantsListed,
  openedAt: r.openedAt.toISOString(),
  ...(r.attestedBy ? { attestedBy: r.attestedBy } : {}),
  ...(r.attestedAt ? { attestedAt: r.attestedAt.toISOString() } : {}),
});


/** The monthly reviews of page roles (PCM 6.1.2.11): the registry's rows, and a review started on demand. */
export function roleReviewsService(deps: RoleReviewsDeps) {
  const reviews = roleReviewModel(deps.db);
  const models = { accounts: accountModel(deps.db), grants: agencyGrantModel(deps.db) };
  const clock = deps.now ?? (() => new Date());

  const guarded = (entityId: string, caller: Caller, permission: Permission) => guardedEntity(deps.registry, entityId, caller, permission);

  return {
    /** Every review of the entity, newest month first. */
    async list(entityId: string, caller: Caller): Promise<RoleReviewView[]> {
      const entity = await guarded(entityId, caller, 'account.read');
      return (await reviews.find({ entityId: entity._id }).sort({ month: -1 }).lean()).map(toView);
    },

    /**
     * The review and, beside what was read when it opened, the same reading today: a reviewer who
     * corrects a role on the review page sees the anomaly go before attesting.
     */
    async page(entityId: string, month: unknown, caller: Caller): Promise<RoleReviewPage> {
      const detail = await this.get(entityId, month, caller);
      const entity = (await deps.registry.entity(detail.entityId))!;
      const facts = await readRoleFacts(models, deps.registry, entity._id);
      const snap = buildRoleReviewSnapshot({ entity, ...facts, month: detail.month, today: limaDate(clock()) });
      return { ...detail, entityName: entity.name, now: { accounts: snap.accounts, grants: snap.grants, anomalies: snap.anomalies, today: snap.today } };
    },

    async get(entityId: string, month: unknown, caller: Caller): Promise<RoleReviewDetail> {
      const entity = await guarded(entityId, caller, 'account.read');
      const checked = validate(reviewMonthSchema, month, 'PCM 6.1.2.11');
      if (!checked.ok) throw new Refusal('validation_failed', 'Datos no válidos (PCM 6.1.2.11).', checked.errors.map((e) => ({ ...e, field: 'month' })));
      const row = await reviews.findById(roleReviewId(entity._id, checked.value)).lean();
      if (!row) throw new Refusal('not_found', `No hay revisión de roles de ${monthLabel(checked.value)} para esta entidad.`);
      const view = toView(row);
      if (row.state !== 'open') return view;
      const live = await deps.processes.roleReviewStatus(row.entityId, row.month);
      // A review whose process is gone (terminated by an operator): the row is all there is.
      return live ? { ...view, live: asReadBy(caller.principal, { id: entity._id, profile: entity.profile }, live) } : view;
    },

    /**
     * Whether the month's review row exists, waiting up to `ms` for a review just started: its process
     * writes the row a moment after it starts, and the page it leads to reads that row.
     */
    async opened(entityId: string, month: string, ms: number): Promise<boolean> {
      const id = roleReviewId(entityId, month);
      for (const until = Date.now() + ms; ; await new Promise((r) => setTimeout(r, 200))) {
        if (await reviews.exists({ _id: id })) return true;
        if (Date.now() >= until) return false;
      }
    },

    /**
     * This month's review now (an entity that just joined, a test), and the entity's scheduler for the
     * months to come. The head's: PCM 6.1.2.11 makes the review theirs. Idempotent for the month.
     */
    async start(entityId: string, caller: Caller): Promise<RoleReviewStart> {
      const entity = await guarded(entityId, caller, 'account.lifecycle');
      const month = reviewMonthOf(clock());
      const workflowId = roleReviewWorkflowId(entity._id, month);
      if (await reviews.exists({ _id: roleReviewId(entity._id, month) })) return { entityId: entity._id, month, workflowId, started: false };
      await deps.processes.startReviewSchedulers([entity._id]);
      const started = await deps.processes.startRoleReview(entity._id, month);
      if (started) {
        await deps.audit.recordBy(caller, { action: 'roleReview.started', entityId: entity._id, workflowId, detail: `Revisión de roles de ${monthLabel(month)} (PCM 6.1.2.11)` });
      }
      return { entityId: entity._id, month, workflowId, started };
    },
  };
}

export type RoleReviewsService = ReturnType<typeof roleReviewsService>;
