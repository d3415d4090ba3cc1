import { createHash, randomBytes } from 'node:crypto';
import type { Connection, Model } from 'mongoose';
import { can, principalLabel, type Permission } from '../../domain/access';
import { agencyGrantCreateSchema, agencyGrantEndSchema } from '../../domain/agencyGrantInput';
import { limaDate } from '../../domain/businessDays';
import { NETWORK_LABELS } from '../../domain/networks';
import {
  AGENCY_ROLE_LABELS,
  GRANT_STATES,
  GRANT_STATE_LABELS,
  earlierAgencyGrants,
  grantHoldsRole,
  type AgencyRole,
  type GrantState,
} from '../../domain/pageRoles';
import { validate, type RuleViolation } from '../../domain/validation';
import type { AuditTrail } from '../../infra/audit';
import { trusted } from '../../infra/db';
import { accountModel, type AccountDoc } from '../../infra/models/account';
import { agencyGrantModel, toGrantSummary, type AgencyGrantDoc } from '../../infra/models/agencyGrant';
import type { EntityDoc } from '../../infra/models/entity';
import type { Registry } from '../../infra/registry';
import type { Caller } from './accountRequests';
import { grantWorkflowId, type GrantStatus } from '../../contracts/agencyGrant';
import type { Processes } from '../../contracts/processes';
import { Refusal } from '../../domain/refusal';

const RULE = 'PCM 6.1.2.10';

/** A grant as the registry keeps it (RULEBOOK §3.1). */
export interface GrantView {
  id: string;
  workflowId: string;
  entityId: string;
  accountId: string;
  agencyName: string;
  businessManagerId?: string;
  role: AgencyRole;
  roleLabel: string;
  campaign: string;
  startsOn: string;
  endsOn: string;
  endedEarlyOn?: string;
  state: GrantState;
  stateLabel: string;
  grantedBy: string;
  createdAt?: string;
  removedAt?: string;
  removedBy?: string;
}

/** An earlier grant of the same agency that still holds a role in the entity (PCM 6.1.2.10). */
export interface GrantWarning {
  grantId: string;
  accountId: string;
  agencyName: string;
  campaign: string;
  state: GrantState;
  rule: typeof RULE;
  message: string;
}

export interface GrantOpened {
  grant: GrantView;
  warnings: GrantWarning[];
  /** False when the idempotency key named a grant opened before: nothing new was written or started. */
  created: boolean;
}

/** One grant with its live process: the open step, whom it waits for and since when. */
export type GrantDetail = GrantView & { live?: GrantStatus };

export interface GrantEnded {
  grantId: string;
  on: string;
  reason: string;
  /** What the process will do: annul a grant not yet started, ask for the removal now, or on the working morning after `on`. */
  effect: 'cancelled' | 'removal-now' | 'removal-scheduled';
}

export const toGrantView = (g: AgencyGrantDoc): GrantView => ({
  id: g._id,
  workflowId: grantWorkflowId(g._id),
  entityId: g.entityId,
  accountId: g.accountId,
  agencyName: g.agencyName,
  ...(g.businessManagerId ? { businessManagerId: g.businessManagerId } : {}),
  role: g.role,
  roleLabel: AGENCY_ROLE_LABELS[g.role],
  campaign: g.campaign,
  startsOn: g.startsOn,
  endsOn: g.endsOn,
  ...(g.endedEarlyOn ? { endedEarlyOn: g.endedEarlyOn } : {}),
  state: g.state,
  stateLabel: GRANT_STATE_LABELS[g.state],
  grantedBy: g.grantedBy,
  ...(g.createdAt ? { createdAt: new Date(g.createdAt).toISOString() } : {}),
  ...(g.removedAt ? { removedAt: new Date(g.removedAt).toISOString() } : {}),
  ...(g.removedBy ? { removedBy: g.removedBy } : {}),
});

const invalid = (errors: RuleViolation[]) => new Refusal('validation_failed', `Datos no válidos (${RULE}).`, errors);
const hash = (s: string) => createHash('sha256').update(s).digest('hex');
const HOLDING: GrantState[] = GRANT_STATES.filter(grantHoldsRole);

export interface GrantOpeningDeps {
  grants: Model<AgencyGrantDoc>;
  accounts: Model<AccountDoc>;
  /** Starts the grant's process (infra/processes.ts `startAgencyGrant`, under a deadline in the API). */
  startProcess: (grantId: string) => Promise<void>;
  /** The clock that says which day "today" is in Lima. */
  now: () => Date;
}

export interface GrantOpening {
  accountId: string;
  /** Checked with `agencyGrantCreateSchema`, whoever sends it. */
  input: unknown;
  /** Who grants: a person's address, `api-key:<id>`, or the process that opens it (a campaign). */
  grantedBy: string;
  /** Overrides `input.idempotencyKey` (e.g. the `Idempotency-Key` header). */
  idempotencyKey?: string;
}

/**
 * Opens an agency grant: checks it, writes the registry row, then starts its process; if the start fails
 * the row is deleted again, so nothing is left half-done. The same idempotency key on the same account
 * opens one grant. Callers check permissions first; a paid campaign (issue #5: "a paid campaign names its
 * media agency, which opens an agency grant") calls this from an activity with a key derived from the
 * campaign and account, so a retried activity opens nothing twice. Errors are AppErrors (400, 404, 409);
 * a failed start rethrows the process error.
 */
export async function openAgencyGrant(deps: GrantOpeningDeps, req: GrantOpening): Promise<GrantOpened> {
  const checked = validate(agencyGrantCreateSchema, req.input, RULE);
  if (!checked.ok) throw invalid(checked.errors);
  const input = checked.value;
  const account = await deps.accounts.findById(String(req.accountId)).lean();
  if (!account) throw new Refusal('not_found', 'No existe esa cuenta.');
  if (account.status !== 'active') {
    throw new Refusal('conflict', `La cuenta ${account.username} no está activa (${account.status === 'paused' ? 'pausada' : 'dada de baja'}): no se otorga acceso a agencias en ella.`);
  }
  const today = limaDate(deps.now());
  if (input.endsOn < today) {
    throw invalid([{ field: 'endsOn', rule: RULE, message: `La campaña ya terminó (${input.endsOn}): una agencia solo recibe acceso durante su campaña.` }]);
  }

  const key = req.idempotencyKey ?? input.idempotencyKey;
  if (key !== undefined && (key.length < 1 || key.length > 200)) throw new Refusal('bad_request', 'Clave de idempotencia no válida (de 1 a 200 caracteres).');
  const grantId = key !== undefined ? hash(`${account._id}:${key}`).slice(0, 24) : randomBytes(12).toString('hex');
  const row: AgencyGrantDoc = {
    _id: grantId,
    entityId: account.entityId,
    accountId: account._id,
    agencyName: input.agencyName,
    ...(input.businessManagerId ? { businessManagerId: input.businessManagerId } : {}),
    role: input.role,
    campaign: input.campaign,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    state: 'scheduled',
    grantedBy: req.grantedBy,
  };
  let created: boolean;
  try {
    created = (await deps.grants.updateOne({ _id: grantId }, { $setOnInsert: row }, { upsert: true })).upsertedCount > 0;
  } catch (err) {
    // Two upserts of one id at once (a double click): the loser gets a duplicate key, and the row exists.
    if ((err as { code?: number }).code !== 11000) throw err;
    created = false;
  }
  let existing: AgencyGrantDoc | null = null;
  if (!created) {
    existing = await deps.grants.findById(grantId).lean();
    const fields = ['accountId', 'agencyName', 'businessManagerId', 'role', 'campaign', 'startsOn', 'endsOn'] as const;
    if (!existing || fields.some((f) => (existing![f] ?? '') !== (row[f] ?? ''))) {
      throw new Refusal('idempotency_conflict', 'Esa clave de idempotencia ya se usó con otro acceso de agencia.');
    }
  }
  try {
    // A repeat whose grant has not moved yet starts it too: the first call may still be starting it, and
    // "already started" is success. A grant that moved has a process that ran.
    if (created || existing?.state === 'scheduled') await deps.startProcess(grantId);
  } catch (err) {
    // Only the call that wrote the row takes it back; a repeat must not delete a grant that may be running.
    if (created) await deps.grants.deleteOne({ _id: grantId });
    throw err;
  }
  const saved = (await deps.grants.findById(grantId).lean()) ?? row;
  return { grant: toGrantView(saved), warnings: await warningsFor(deps, saved), created };
}

/** PCM 6.1.2.10: at grant time, the agency must hold nothing from an earlier campaign on any account of the entity. */
async function warningsFor(deps: Pick<GrantOpeningDeps, 'grants' | 'accounts'>, grant: AgencyGrantDoc): Promise<GrantWarning[]> {
  const holding = await deps.grants.find({ entityId: grant.entityId, state: trusted({ $in: HOLDING }) }).lean();
  const others = holding.filter((g) => g._id !== grant._id);
  const earlier = earlierAgencyGrants(toGrantSummary(grant), others.map(toGrantSummary));
  if (!earlier.length) return [];
  const accounts = await deps.accounts.find({ entityId: grant.entityId }).lean();
  const labels = new Map(accounts.map((a) => [a._id, `${a.username} (${NETWORK_LABELS[a.network]})`]));
  return earlier.map((g) => ({
    grantId: g.grantId,
    accountId: g.accountId,
    agencyName: g.agencyName,
    campaign: g.campaign,
    state: g.state,
    rule: RULE,
    message:
      `La agencia ${g.agencyName} todavía figura con el rol de ${AGENCY_ROLE_LABELS[g.role].toLowerCase()} en la cuenta ${labels.get(g.accountId) ?? g.accountId} ` +
      `por la campaña anterior «${g.campaign}» (${GRANT_STATE_LABELS[g.state].toLowerCase()}, del ${g.startsOn} al ${g.endsOn}). Antes de otorgar el nuevo acceso, ` +
      `verifique que no conserve permisos de campañas anteriores y retírelos (${RULE}).`,
  }));
}

export interface AgencyGrantsDeps {
  db: Connection;
  registry: Registry;
  audit: AuditTrail;
  processes: Processes;
  /** The clock that says which day "today" is in Lima; tests may set it. */
  now?: () => Date;
}

/** Agency grants of the entity's accounts (issue #4 §2, PCM 6.1.2.10): open, list, read, end early. */
export function agencyGrantsService(deps: AgencyGrantsDeps) {
  const grants = agencyGrantModel(deps.db);
  const accounts = accountModel(deps.db);
  const clock = deps.now ?? (() => new Date());
  const record = (caller: Caller, entry: Omit<Parameters<AuditTrail['record']>[0], 'actor'>) => deps.audit.record({ ...entry, actor: caller.actor, ...caller.client });

  const allowed = (caller: Caller, permission: Permission, entity: EntityDoc | null, what: string) => {
    if (!entity || !can(caller.principal, permission, { id: entity._id, profile: entity.profile })) {
      throw new Refusal('forbidden', `No tiene permiso para esta acción en ${what}.`);
    }
  };

  async function guardedAccount(accountId: string, caller: Caller, permission: Permission): Promise<AccountDoc> {
    if (caller.principal.kind === 'anonymous') throw new Refusal('unauthenticated', 'Inicie sesión o presente una clave de API.');
    const account = await accounts.findById(String(accountId)).lean();
    const entity = account ? await deps.registry.entity(account.entityId) : null;
    if (!account || !entity) throw new Refusal('not_found', 'No existe esa cuenta.');
    allowed(caller, permission, entity, 'esta cuenta');
    return account;
  }

  async function guardedGrant(grantId: string, caller: Caller, permission: Permission): Promise<AgencyGrantDoc> {
    if (caller.principal.kind === 'anonymous') throw new Refusal('unauthenticated', 'Inicie sesión o presente una clave de API.');
    const grant = /^[0-9a-f]{24}$/.test(String(grantId)) ? await grants.findById(String(grantId)).lean() : null;
    if (!grant) throw new Refusal('not_found', 'No existe ese acceso de agencia.');
    allowed(caller, permission, await deps.registry.entity(grant.entityId), 'este acceso de agencia');
    return grant;
  }

  return {
    /** `POST /api/accounts/:id/agency-grants`: the grant with the warnings of PCM 6.1.2.10. */
    async create(accountId: string, body: unknown, idempotencyKey: string | undefined, caller: Caller): Promise<GrantOpened> {
      const account = await guardedAccount(accountId, caller, 'account.manage');
      const opened = await openAgencyGrant(
        { grants, accounts, now: clock, startProcess: (id) => deps.processes.startAgencyGrant(id) },
        { accountId: account._id, input: body, grantedBy: principalLabel(caller.principal), ...(idempotencyKey !== undefined ? { idempotencyKey } : {}) },
      );
      if (opened.created) {
        const g = opened.grant;
        await record(caller, {
          action: 'grant.created', entityId: g.entityId, accountId: g.accountId, workflowId: g.workflowId,
          detail: `${g.agencyName}${g.businessManagerId ? ` (BM ${g.businessManagerId})` : ''}: ${g.roleLabel.toLowerCase()}, campaña «${g.campaign}», del ${g.startsOn} al ${g.endsOn}` +
            (opened.warnings.length ? `; ${opened.warnings.length} advertencia(s) ${RULE}` : ''),
        });
      }
      return opened;
    },

    /** `GET /api/accounts/:id/agency-grants`: from the registry, newest first. */
    async list(accountId: string, caller: Caller): Promise<GrantView[]> {
      const account = await guardedAccount(accountId, caller, 'account.read');
      const rows = await grants.find({ accountId: account._id }).sort({ createdAt: -1, _id: 1 }).limit(500).lean();
      return rows.map(toGrantView);
    },

    /** `GET /api/agency-grants/:grantId`: the row, and while it holds a role, the live process. */
    async get(grantId: string, caller: Caller): Promise<GrantDetail> {
      const grant = await guardedGrant(grantId, caller, 'account.read');
      const view = toGrantView(grant);
      if (!grantHoldsRole(grant.state)) return view;
      const live = await deps.processes.grantStatus(grant._id);
      // A process ended by an operator: the row is all there is.
      return live ? { ...view, live } : view;
    },

    /** `POST /api/agency-grants/:grantId/end`: the campaign ends early, so the grant does. */
    async end(grantId: string, body: unknown, caller: Caller): Promise<GrantEnded> {
      const grant = await guardedGrant(grantId, caller, 'account.manage');
      const checked = validate(agencyGrantEndSchema, body, RULE);
      if (!checked.ok) throw invalid(checked.errors);
      const today = limaDate(clock());
      const on = checked.value.on ?? today;
      const { reason } = checked.value;
      if (grant.state === 'removed' || grant.state === 'cancelled') {
        throw new Refusal('conflict', `Este acceso ya está ${GRANT_STATE_LABELS[grant.state].toLowerCase()}: no hay nada que terminar.`);
      }
      if (grant.state === 'removal_due') {
        throw new Refusal('conflict', 'La campaña ya terminó y el retiro del rol ya se pidió al custodio; no hay nada que adelantar.');
      }
      const endsOn = grant.endedEarlyOn ?? grant.endsOn;
      if (on > endsOn) throw invalid([{ field: 'on', rule: RULE, message: `La campaña ya termina el ${endsOn}; para terminarla antes, indique una fecha anterior o igual.` }]);
      const started = grant.state === 'active' || today >= grant.startsOn;
      if (started && on < grant.startsOn) throw invalid([{ field: 'on', rule: RULE, message: `El acceso empezó el ${grant.startsOn}; no puede terminar antes de esa fecha.` }]);
      const effect: GrantEnded['effect'] = !started && on < grant.startsOn ? 'cancelled' : on <= today ? 'removal-now' : 'removal-scheduled';
      const by = principalLabel(caller.principal);
      const signalled = await deps.processes.endAgencyGrantEarly(grant._id, { on, reason, by });
      if (!signalled) throw new Refusal('conflict', 'El proceso de este acceso ya terminó; no hay nada que terminar.');
      await record(caller, {
        action: 'grant.ended', entityId: grant.entityId, accountId: grant.accountId, workflowId: grantWorkflowId(grant._id),
        detail: `${grant.agencyName}, campaña «${grant.campaign}»: término anticipado al ${on} (${effect}): ${reason}`,
      });
      return { grantId: grant._id, on, reason, effect };
    },
  };
}

export type AgencyGrantsService = ReturnType<typeof agencyGrantsService>;

/**
 * Tells the running grants of an entity to read the roster again (a new custodian or head), so an open
 * removal step is reassigned. For whoever changes the roster; grants that ended are skipped.
 */
export async function refreshEntityGrants(deps: { db: Connection; processes: Processes }, entityId: string): Promise<void> {
  const open = await agencyGrantModel(deps.db).find({ entityId, state: trusted({ $in: HOLDING }) }, { _id: 1 }).lean();
  await deps.processes.refreshAgencyGrants(open.map((g) => g._id));
}
