import type { Connection } from 'mongoose';
import { accountRolesSchema, accountStatusSchema, rotateNowSchema } from '../../domain/accountInput';
import { can, type Permission, requireIdentified, principalLabel } from '../../domain/access';
import { pageAdminProblems } from '../../domain/accountAdministrator';
import { INACTIVITY_CLAUSE, INACTIVITY_DEFAULT_DAYS, inactivityMessage, reactivationOf, reactivationSchema, reactivationStands, type Inactivity, type Reactivation } from '../../domain/inactivity';
import { accountInactivity } from '../../registry/inactivity';
import { writtenDay } from '../../infra/limaTime';
import { isInstitutionalEmail } from '../../domain/entity';
import { validate, type RuleViolation } from '../../domain/validation';
import type { AuditTrail, Caller } from '../../registry/audit';
import { insertOnce } from '../../infra/db';
import { accountModel, rolesOf, type AccountDoc, accountRetirementModel } from '../../infra/models/account';
import { rotationModel } from '../../infra/models/rotation';
import { rotationStarts } from '../../registry/rotations';
import type { Registry } from '../../registry/reads';
import { guardedAccount } from '../../registry/guards';
import type { RotationStarting, RotationStatus } from '../../contracts/credentialRotation';
import { type Processes, ProcessesUnavailable } from '../../contracts/processes';
import { Refusal } from '../../domain/refusal';

export interface AccountsDeps {
  db: Connection;
  registry: Registry;
  audit: AuditTrail;
  processes: Processes;
}

/** An account as the API shows it: never a credential (RULEBOOK §2). */
export interface AccountView {
  id: string;
  entityId: string;
  network: AccountDoc['network'];
  username: string;
  /** The page (display) name, once known (PCM 6.1.2.7: it changes only by an approved rename). */
  name?: string;
  managingEmail: string;
  status: AccountDoc['status'];
  statusReason?: string;
  statusChangedAt?: string;
  activatedAt: string;
  /** How it came in: created by an account request (its id), or registered as one the entity already ran. */
  origin: { registered: true } | { registered: false; requestId?: string };
  roles: Array<{ name: string; email: string; pageRole: string; since?: string }>;
}

/** PCM 5.2.5 for one account: its state, the entity's period, and the flag in Spanish when it is inactive. */
export type ContinuityView = Inactivity & { clause: string; days: number; message?: string; reactivation?: Reactivation & { stands: boolean } };

/** A rotation as the registry recorded it (who confirmed, when), newest first. */
export interface RotationRow {
  cycle: number;
  dueAt: string;
  confirmedAt: string;
  confirmedBy: string;
  reason?: string;
}

export type RotationView = (RotationStatus | RotationStarting | { accountId: string; state: 'retirada' | 'sin-proceso' }) & { rotations: RotationRow[] };

const toView = (a: AccountDoc): AccountView => ({
  id: a._id,
  entityId: a.entityId,
  network: a.network,
  username: a.username,
  ...(a.name ? { name: a.name } : {}),
  managingEmail: a.managingEmail,
  status: a.status,
  ...(a.statusReason ? { statusReason: a.statusReason } : {}),
  ...(a.statusChangedAt ? { statusChangedAt: a.statusChangedAt.toISOString() } : {}),
  activatedAt: a.activatedAt.toISOString(),
  origin: a.origin === 'registered' ? { registered: true } : { registered: false, ...(a.requestId ? { requestId: a.requestId } : {}) },
  roles: rolesOf(a).map((r) => ({ name: r.name, email: r.email, pageRole: r.pageRole, ...(r.since ? { since: new Date(r.since).toISOString() } : {}) })),
});

const invalid = (rule: string, errors: RuleViolation[]) => new Refusal('validation_failed', `Datos no válidos (${rule}).`, errors);

/**
 * The registry's accounts (issue #4): page roles (PCM 6.1.2.11), pause and retirement, and the
 * rotation process of each. Every change is audited and told to the running rotation process.
 */
export function accountsService(deps: AccountsDeps) {
  const accounts = accountModel(deps.db);
  const rotations = rotationModel(deps.db);
  const retirements = accountRetirementModel(deps.db);
  const startsOf = rotationStarts({ accounts, rotations });

  /** The account and its entity, once the caller holds the permission on that entity. */
  const guarded = (accountId: string, caller: Caller, permission: Permission) => guardedAccount(deps, accountId, caller, permission);

  /** Tells the rotation process; the registry change stands even if Temporal is down (the next cycle reads it). */
  async function tellRotation(accountId: string) {
    await deps.processes.refreshRotations([accountId]).catch((err: unknown) => {
      if (!(err instanceof ProcessesUnavailable)) throw err;
    });
  }

  return {
    guarded,

    async list(entityId: string, caller: Caller): Promise<AccountView[]> {
      requireIdentified(caller.principal);
      const entity = await deps.registry.entity(String(entityId));
      if (!entity) throw new Refusal('not_found', 'No existe esa entidad.');
      if (!can(caller.principal, 'account.read', { id: entity._id, profile: entity.profile })) throw new Refusal('forbidden', 'No tiene permiso para esta acción en esta entidad.');
      const docs = await accounts.find({ entityId: entity._id }).sort({ username: 1, network: 1 }).lean();
      return docs.map(toView);
    },

    async get(accountId: string, caller: Caller): Promise<AccountView> {
      return toView((await guarded(accountId, caller, 'account.read')).account);
    },

    /** PCM 5.2.5: whether the account has gone silent, judged from its imported exports only. */
    async continuity(accountId: string, caller: Caller): Promise<ContinuityView> {
      const { account, entity } = await guarded(accountId, caller, 'account.read');
      const inactivity = await accountInactivity(deps.db, account, entity);
      const days = entity.inactivityDays ?? INACTIVITY_DEFAULT_DAYS;
      const reactivation = reactivationOf(account);
      const message = inactivityMessage(inactivity, writtenDay, reactivation, days);
      return {
        clause: INACTIVITY_CLAUSE, days, ...inactivity, ...(message ? { message } : {}),
        ...(reactivation ? { reactivation: { ...reactivation, stands: reactivationStands(inactivity, reactivation, days) } } : {}),
      };
    },

    /**
     * PCM 5.2.5: the head keeps a silent account and says what will be published; the flag then reports
     * the decision instead of asking for one, until a whole period passes without a publication.
     */
    async reactivate(accountId: string, body: unknown, caller: Caller): Promise<ContinuityView> {
      const { account, entity } = await guarded(accountId, caller, 'account.lifecycle');
      const checked = validate(reactivationSchema, body, INACTIVITY_CLAUSE);
      if (!checked.ok) throw invalid(INACTIVITY_CLAUSE, checked.errors);
      if (account.status === 'retired') throw new Refusal('conflict', 'La cuenta fue dada de baja.');
      const inactivity = await accountInactivity(deps.db, account, entity);
      if (inactivity.state !== 'inactive') throw new Refusal('conflict', 'La cuenta no está señalada sin actividad: no hay nada que decidir.');
      const by = caller.actor.email ?? 'desconocido';
      await accounts.updateOne({ _id: account._id }, { $set: { reactivation: { by, at: new Date(), plan: checked.value.plan } } });
      await deps.audit.recordBy(caller, { action: 'account.updated', entityId: entity._id, accountId: account._id, detail: `Reactivación decidida (${INACTIVITY_CLAUSE}): ${checked.value.plan}` });
      return this.continuity(accountId, caller);
    },

    /**
     * PCM 6.1.2.11: the roles on the page as they are now; institutional addresses only, except SCS
     * (PCM 6.1.1.4, 6.1.1.6); under CONGRESO, admin only for those 6.1.4–6.1.6 name, read from the roster now.
     */
    async setRoles(accountId: string, body: unknown, caller: Caller): Promise<AccountView> {
      const { account, entity } = await guarded(accountId, caller, 'account.manage');
      const checked = validate(accountRolesSchema, body, 'PCM 6.1.2.11');
      if (!checked.ok) throw invalid('PCM 6.1.2.11', checked.errors);
      const problems: RuleViolation[] = checked.value.roles.flatMap((r, i) =>
        r.email === entity.supervisorEmail.toLowerCase() || isInstitutionalEmail(entity, r.email)
          ? []
          : [{ field: `roles.${i}.email`, rule: 'PCM 6.1.1.4', message: `Use un correo institucional (${entity.emailDomains.map((d) => `@${d}`).join(', ')}).` }],
      );
      if (problems.length) throw invalid('PCM 6.1.1.4', problems);
      const admins = pageAdminProblems(entity.profile, checked.value.roles, await deps.registry.roster(entity._id));
      if (admins.length) throw invalid(admins[0]!.rule, admins);
      const before = new Map(rolesOf(account).map((r) => [r.email, r]));
      const now = new Date();
      // A role kept as it was keeps its date; a new or changed one starts today.
      const roles = checked.value.roles.map((r) => {
        const old = before.get(r.email);
        return { ...r, since: old && old.pageRole === r.pageRole && old.since ? old.since : now };
      });
      const updated = await accounts.findByIdAndUpdate(account._id, { $set: { roles } }, { returnDocument: 'after' }).lean();
      await deps.audit.recordBy(caller, {
        action: 'account.roles.changed', entityId: entity._id, accountId: account._id,
        detail: roles.map((r) => `${r.email}:${r.pageRole}`).join(', ') || '(sin roles)',
      });
      await tellRotation(account._id);
      return toView(updated!);
    },

    /** Pause, resume or retire: the rotation process follows at once (issue #4 §1). */
    async setStatus(accountId: string, body: unknown, caller: Caller): Promise<AccountView> {
      const { account, entity } = await guarded(accountId, caller, 'account.lifecycle');
      const checked = validate(accountStatusSchema, body, 'Custodio');
      if (!checked.ok) throw invalid('Custodio', checked.errors);
      const { status, reason } = checked.value;
      const retiredAlready = () => new Refusal('conflict', 'La cuenta ya fue dada de baja; no puede cambiar de estado.');
      if (account.status === 'retired') throw retiredAlready();
      const now = new Date();
      // Retirement is final (its process ends): the request that inserts the account's retirement row retires
      // it; a pause or resumption that raced it finds the row after its own write and puts the retirement back.
      if (status === 'retired') {
        if (!(await insertOnce(retirements, { _id: account._id, reason, at: now, by: principalLabel(caller.principal) }))) throw retiredAlready();
      } else if (await retirements.exists({ _id: account._id })) {
        throw retiredAlready();
      }
      const updated = await accounts.findOneAndUpdate({ _id: account._id }, { $set: { status, statusReason: reason, statusChangedAt: now } }, { returnDocument: 'after' }).lean();
      if (!updated) throw new Refusal('not_found', 'No existe esa cuenta.');
      if (status !== 'retired') {
        const retirement = await retirements.findById(account._id).lean();
        if (retirement) {
          await accounts.updateOne({ _id: account._id }, { $set: { status: 'retired', statusReason: retirement.reason, statusChangedAt: retirement.at } });
          throw retiredAlready();
        }
      }
      await deps.audit.recordBy(caller, { action: 'account.status.changed', entityId: entity._id, accountId: account._id, detail: `${account.status} → ${status}: ${reason}` });
      await tellRotation(account._id);
      return toView(updated);
    },

    /** Issue #4 §1: last rotations, next due date, overdue state. */
    async rotation(accountId: string, caller: Caller): Promise<RotationView> {
      const { account } = await guarded(accountId, caller, 'account.read');
      const rows = await rotations.find({ accountId: account._id }).sort({ confirmedAt: -1 }).limit(24).lean();
      const recorded = rows.map((r): RotationRow => ({
        cycle: r.cycle, dueAt: r.dueAt.toISOString(), confirmedAt: r.confirmedAt.toISOString(), confirmedBy: r.confirmedBy, ...(r.reason ? { reason: r.reason } : {}),
      }));
      const status = await deps.processes.rotationStatus(account._id);
      if (status) return { ...status, rotations: recorded };
      return { accountId: account._id, state: account.status === 'retired' ? 'retirada' : 'sin-proceso', rotations: recorded };
    },

    /** A rotation now (a suspected leak, a departure): the head asks, the custodian confirms by link. */
    async rotateNow(accountId: string, body: unknown, caller: Caller): Promise<{ accountId: string; requested: true }> {
      const { account, entity } = await guarded(accountId, caller, 'account.lifecycle');
      const checked = validate(rotateNowSchema, body, 'PCM 6.1.2.5');
      if (!checked.ok) throw invalid('PCM 6.1.2.5', checked.errors);
      if (account.status === 'retired') throw new Refusal('conflict', 'La cuenta fue dada de baja; no tiene credenciales que rotar.');
      const by = caller.actor.email ?? caller.actor.keyId ?? 'desconocido';
      await deps.processes.rotateNow(await startsOf([account._id]), { reason: checked.value.reason, by });
      await deps.audit.recordBy(caller, { action: 'rotation.requested', entityId: entity._id, accountId: account._id, detail: checked.value.reason });
      return { accountId: account._id, requested: true };
    },
  };
}

export type AccountsService = ReturnType<typeof accountsService>;
