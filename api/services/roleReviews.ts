import type { Connection } from 'mongoose';
import { type Permission, asReadBy, can } from '../../domain/access';
import type { Contact } from '../../domain/entity';
import { isPlatformAnomaly, type PlatformAccountRead, type ReviewAnomaly } from '../../domain/platformRoles';
import { insertOnce } from '../../infra/db';
import { GraphFailure } from '../../infra/meta/graph';
import { tokenKeyring } from '../../infra/meta/tokenCipher';
import { ANOMALY_ANSWERS, roleReviewAnswerId, roleReviewAnswerModel, type AnomalyAnswer } from '../../infra/models/roleReviewAnswer';
import { metaConnections } from '../../registry/metaConnections';
import { checkPlatformRoles } from '../../registry/platformRoles';
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
  /** Meta's Graph API and the token keys: «Ya lo retiré» is checked on the platform (issue 17 §1). */
  meta?: { graph: { baseUrl: string; version: string }; secret: string; metaTokenKeys?: string | undefined };
}

/** The reviewer's answer to a platform-read anomaly, as the page shows it. */
export interface AnomalyAnswerView {
  accountId: string;
  key: string;
  answer: AnomalyAnswer;
  by: string;
  at: string;
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
  anomalies: ReviewAnomaly[];
  /** What was read on Meta when it opened (issue 17 §1); absent when the entity was not connected. */
  platform?: { state: 'checked' | 'failed'; message?: string; accounts: PlatformAccountRead[] };
  /** The answers to the platform-read anomalies, first one each. */
  answers: AnomalyAnswerView[];
  accountsReviewed: number;
  grantsListed: number;
  openedAt: string;
  attestedBy?: string;
  attestedAt?: string;
  /** PCM 5.2.7: whom the accounts follow was attested with the review. */
  follows?: { clause: string; unfollowed?: string };
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
const toView = (r: RoleReviewDoc, answers: AnomalyAnswerView[] = []): RoleReviewView => ({
  entityId: r.entityId,
  month: r.month,
  monthLabel: monthLabel(r.month),
  workflowId: r.workflowId,
  state: r.state,
  reviewer: contact(r.reviewer),
  designated: r.designated ?? false,
  escalateTo: (r.escalateTo ?? []).map(contact),
  anomalies: (r.anomalies ?? []).map((a) => ({ kind: a.kind, accountId: a.accountId, ...(isPlatformAnomaly(a) ? { key: a.key } : {}), rule: a.rule, message: a.message }) as ReviewAnomaly),
  ...(r.platform ? { platform: { state: r.platform.state, ...(r.platform.message ? { message: r.platform.message } : {}), accounts: r.platform.accounts ?? [] } } : {}),
  answers,
  accountsReviewed: r.accountsReviewed,
  grantsListed: r.grantsListed,
  openedAt: r.openedAt.toISOString(),
  ...(r.attestedBy ? { attestedBy: r.attestedBy } : {}),
  ...(r.attestedAt ? { attestedAt: r.attestedAt.toISOString() } : {}),
  ...(r.follows ? { follows: { clause: r.follows.clause, ...(r.follows.unfollowed ? { unfollowed: r.follows.unfollowed } : {}) } } : {}),
});


/** The monthly reviews of page roles (PCM 6.1.2.11): the registry's rows, and a review started on demand. */
export function roleReviewsService(deps: RoleReviewsDeps) {
  const reviews = roleReviewModel(deps.db);
  const answerRows = roleReviewAnswerModel(deps.db);
  const models = { accounts: accountModel(deps.db), grants: agencyGrantModel(deps.db) };
  const clock = deps.now ?? (() => new Date());

  const guarded = (entityId: string, caller: Caller, permission: Permission) => guardedEntity(deps.registry, entityId, caller, permission);

  /** «Ya lo retiré» holds only if Meta, read again now, no longer shows the anomaly. */
  async function stillOnPlatform(entityId: string, accountId: string, key: string, message: string): Promise<void> {
    const refuse = (why: string) => {
      throw new Refusal('validation_failed', why, [{ field: 'answer', rule: 'PCM 6.1.2.11', message: why }]);
    };
    if (!deps.meta) return refuse('Custodio no tiene configurada la lectura de Meta: no puede comprobar el retiro.');
    const connections = metaConnections(deps.db, tokenKeyring(deps.meta.metaTokenKeys, deps.meta.secret));
    let check;
    try {
      check = await checkPlatformRoles({ db: deps.db, registry: deps.registry, connections, graph: deps.meta.graph }, entityId, limaDate(clock()), { accountIds: [accountId] });
    } catch (err) {
      if (err instanceof GraphFailure) return refuse(`No se pudo comprobar en Meta: ${err.message}`);
      throw err;
    }
    if (check.state === 'manual') return refuse('La entidad ya no está conectada con Meta: no se puede comprobar el retiro en la plataforma.');
    const account = check.accounts.find((a) => a.accountId === accountId);
    if (!account || account.state !== 'read') return refuse(account?.state === 'failed' ? `No se pudo comprobar en Meta: ${account.message}` : 'La cuenta ya no se puede leer en Meta: no se puede comprobar el retiro.');
    if (account.anomalies.some((a) => a.key === key)) refuse(`Meta todavía lo muestra: ${message} Retírelo en la plataforma y vuelva a intentarlo, o responda «Es correcto».`);
  }

  return {
    /** Every review of the entity, newest month first. */
    async list(entityId: string, caller: Caller): Promise<RoleReviewView[]> {
      const entity = await guarded(entityId, caller, 'account.read');
      return (await reviews.find({ entityId: entity._id }).sort({ month: -1 }).lean()).map((r) => toView(r));
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
      const answers = (await answerRows.find({ reviewId: row._id }).sort({ at: 1, _id: 1 }).lean()).map((a) => ({ accountId: a.accountId, key: a.key, answer: a.answer, by: a.by, at: a.at.toISOString() }));
      const view = toView(row, answers);
      if (row.state !== 'open') return view;
      const live = await deps.processes.roleReviewStatus(row.entityId, row.month);
      // A review whose process is gone (terminated by an operator): the row is all there is.
      return live ? { ...view, live: asReadBy(caller.principal, { id: entity._id, profile: entity.profile }, live) } : view;
    },

    /**
     * The reviewer's answer to one anomaly read on the platform (issue 17 §1; PCM 6.1.2.11): «Es correcto»
     * (`correct`) is recorded as given; «Ya lo retiré» (`removed`) only once Meta, read again for that
     * account, no longer shows it. The reviewer, those the review escalates to, and the head may answer;
     * the first answer stands, and each is audited.
     */
    async answer(entityId: string, month: unknown, body: unknown, caller: Caller): Promise<AnomalyAnswerView> {
      const entity = await guarded(entityId, caller, 'account.read');
      const checked = validate(reviewMonthSchema, month, 'PCM 6.1.2.11');
      if (!checked.ok) throw new Refusal('validation_failed', 'Datos no válidos (PCM 6.1.2.11).', checked.errors.map((e) => ({ ...e, field: 'month' })));
      const reviewId = roleReviewId(entity._id, checked.value);
      const row = await reviews.findById(reviewId).lean();
      if (!row) throw new Refusal('not_found', `No hay revisión de roles de ${monthLabel(checked.value)} para esta entidad.`);
      const b = (body ?? {}) as Record<string, unknown>;
      const field = (k: string) => (typeof b[k] === 'string' ? (b[k] as string) : '');
      const answer = field('answer') as AnomalyAnswer;
      if (!ANOMALY_ANSWERS.includes(answer)) throw new Refusal('validation_failed', 'Elija «Es correcto» o «Ya lo retiré».', [{ field: 'answer', rule: 'PCM 6.1.2.11', message: 'Elija «Es correcto» o «Ya lo retiré».' }]);
      const anomaly = (row.anomalies ?? []).filter(isPlatformAnomaly).find((a) => a.accountId === field('accountId') && a.key === field('key'));
      if (!anomaly) throw new Refusal('not_found', 'Esa anomalía no figura entre las leídas en la plataforma para esta revisión.');
      const email = caller.actor.email?.toLowerCase();
      const asked = [row.reviewer, ...(row.escalateTo ?? [])].some((c) => c.email.toLowerCase() === email);
      if (!asked && !can(caller.principal, 'account.lifecycle', { id: entity._id, profile: entity.profile })) {
        throw new Refusal('forbidden', 'Solo quien revisa el mes o el/la titular responde las anomalías (PCM 6.1.2.11).');
      }
      if (row.state !== 'open') throw new Refusal('conflict', 'La revisión ya tiene conformidad: sus anomalías ya no se responden.');
      const id = roleReviewAnswerId(reviewId, anomaly.accountId, anomaly.key);
      const done = await answerRows.findById(id).lean();
      if (done) throw new Refusal('conflict', `Esta anomalía ya fue respondida por ${done.by}.`);
      if (answer === 'removed') await stillOnPlatform(entity._id, anomaly.accountId, anomaly.key, anomaly.message);
      const at = new Date();
      const by = caller.actor.email ?? caller.actor.kind;
      if (!(await insertOnce(answerRows, { _id: id, reviewId, entityId: entity._id, month: checked.value, accountId: anomaly.accountId, key: anomaly.key, answer, by, at }))) {
        throw new Refusal('conflict', 'Esta anomalía ya fue respondida.');
      }
      await deps.audit.recordBy(caller, {
        action: answer === 'correct' ? 'roleReview.anomalyConfirmed' : 'roleReview.anomalyRemoved',
        entityId: entity._id,
        workflowId: row.workflowId,
        detail: `${anomaly.message} (${anomaly.rule})`,
      });
      return { accountId: anomaly.accountId, key: anomaly.key, answer, by, at: at.toISOString() };
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
