/**
 * Agency grants in the registry (RULEBOOK §3.1, PCM 6.1.2.10): opening one (shared by the API and a paid
 * campaign's activity), how the API shows one, and telling an entity's running grants that its roster
 * changed. A grant's one shape is `GrantSummary` (domain/pageRoles.ts); the row, this view, the process's
 * context and its status extend it.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Model } from 'mongoose';
import { grantWorkflowId } from '../contracts/agencyGrant';
import type { Processes } from '../contracts/processes';
import { agencyGrantCreateSchema } from '../domain/agencyGrantInput';
import { limaDate } from '../domain/businessDays';
import { GRANT_PLATFORM_CHECK_LABELS, type GrantPlatformCheck } from '../domain/grantPlatformCheck';
import { NETWORK_LABELS } from '../domain/networks';
import { AGENCY_ROLE_LABELS, GRANT_STATES, GRANT_STATE_LABELS, earlierAgencyGrants, grantHoldsRole, type GrantState, type GrantSummary } from '../domain/pageRoles';
import { Refusal } from '../domain/refusal';
import { validate, type RuleViolation } from '../domain/validation';
import { trusted } from '../infra/db';
import type { AccountDoc } from '../infra/models/account';
import { toGrantSummary, type AgencyGrantDoc } from '../infra/models/agencyGrant';

export const RULE = 'PCM 6.1.2.10';

/** A grant as the registry keeps it and the API shows it (RULEBOOK §3.1): the grant itself, with its labels and record. */
export interface GrantView extends Omit<GrantSummary, 'grantId'> {
  id: string;
  workflowId: string;
  entityId: string;
  roleLabel: string;
  endedEarlyOn?: string;
  stateLabel: string;
  grantedBy: string;
  agencyContactName?: string;
  agencyContactEmail?: string;
  createdAt?: string;
  removedAt?: string;
  removedBy?: string;
  /** The check on Meta once the removal was confirmed (issue 17 §1), with the page's words for it. */
  platformCheck?: GrantPlatformCheck & { label: string };
}

/** An earlier grant of the same agency that still holds a role in the entity (PCM 6.1.2.10). */
export interface GrantWarning extends Pick<GrantSummary, 'grantId' | 'accountId' | 'agencyName' | 'campaign' | 'state'> {
  rule: typeof RULE;
  message: string;
}

export interface GrantOpened {
  grant: GrantView;
  warnings: GrantWarning[];
  /** False when the idempotency key named a grant opened before: nothing new was written or started. */
  created: boolean;
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
  ...(g.agencyContactEmail ? { agencyContactEmail: g.agencyContactEmail, ...(g.agencyContactName ? { agencyContactName: g.agencyContactName } : {}) } : {}),
  ...(g.createdAt ? { createdAt: new Date(g.createdAt).toISOString() } : {}),
  ...(g.removedAt ? { removedAt: new Date(g.removedAt).toISOString() } : {}),
  ...(g.removedBy ? { removedBy: g.removedBy } : {}),
  ...(g.platformCheck ? { platformCheck: platformCheckView(g.platformCheck) } : {}),
});

// FerretDB drops empty arrays: an agency's absent task list is an empty one.
const platformCheckView = (c: GrantPlatformCheck): GrantPlatformCheck & { label: string } => ({
  state: c.state,
  checkedAt: c.checkedAt,
  label: GRANT_PLATFORM_CHECK_LABELS[c.state],
  ...(c.reason ? { reason: c.reason } : {}),
  ...(c.agency ? { agency: { id: c.agency.id, name: c.agency.name, tasks: [...(c.agency.tasks ?? [])] } } : {}),
});

export const invalidGrant = (errors: RuleViolation[]) => new Refusal('validation_failed', `Datos no válidos (${RULE}).`, errors);
const hash = (s: string) => createHash('sha256').update(s).digest('hex');
const HOLDING: GrantState[] = GRANT_STATES.filter(grantHoldsRole);

export interface GrantOpeningDeps {
  grants: Model<AgencyGrantDoc>;
  accounts: Model<AccountDoc>;
  /** Starts the grant's process (the Processes port's `startAgencyGrant`). */
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
  if (!checked.ok) throw invalidGrant(checked.errors);
  const input = checked.value;
  const account = await deps.accounts.findById(String(req.accountId)).lean();
  if (!account) throw new Refusal('not_found', 'No existe esa cuenta.');
  if (account.status !== 'active') {
    throw new Refusal('conflict', `La cuenta ${account.username} no está activa (${account.status === 'paused' ? 'pausada' : 'dada de baja'}): no se otorga acceso a agencias en ella.`);
  }
  const today = limaDate(deps.now());
  if (input.endsOn < today) {
    throw invalidGrant([{ field: 'endsOn', rule: RULE, message: `La campaña ya terminó (${input.endsOn}): una agencia solo recibe acceso durante su campaña.` }]);
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
    ...(input.agencyContactEmail ? { agencyContactEmail: input.agencyContactEmail, ...(input.agencyContactName ? { agencyContactName: input.agencyContactName } : {}) } : {}),
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
    const fields = ['accountId', 'agencyName', 'businessManagerId', 'role', 'campaign', 'startsOn', 'endsOn', 'agencyContactEmail'] as const;
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
export async function warningsFor(deps: Pick<GrantOpeningDeps, 'grants' | 'accounts'>, grant: AgencyGrantDoc): Promise<GrantWarning[]> {
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

/**
 * Tells the running grants of an entity to read the roster again (a new custodian or head), so an open
 * removal step is reassigned. For whoever changes the roster; grants that ended are skipped.
 */
export async function refreshEntityGrants(deps: { grants: Model<AgencyGrantDoc>; processes: Pick<Processes, 'refreshAgencyGrants'> }, entityId: string): Promise<void> {
  const open = await deps.grants.find({ entityId, state: trusted({ $in: HOLDING }) }, { _id: 1 }).lean();
  await deps.processes.refreshAgencyGrants(open.map((g) => g._id));
}
