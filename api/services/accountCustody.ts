import type { Connection } from 'mongoose';
import { can, ENTITY_ROLE_SHORT, type EntityRole } from '../../domain/access';
import {
  CUSTODIANS,
  HOLDERS_CLAUSE,
  keepsPasswordHolders,
  keepsRecoveryDevice,
  maskedPhone,
  MAY_RECEIVE,
  passwordHolderProblems,
  passwordHoldersSchema,
  RECOVERY_CLAUSE,
  RECOVERY_HOLDERS,
  recoveryDeviceProblems,
  recoveryDeviceSchema,
} from '../../domain/accountCustody';
import { Refusal } from '../../domain/refusal';
import type { RosterEntry } from '../../domain/roster';
import { validate, type RuleViolation } from '../../domain/validation';
import { accountModel, holdersOf, type AccountDoc } from '../../infra/models/account';
import type { EntityDoc } from '../../infra/models/entity';
import type { AuditTrail, Caller } from '../../registry/audit';
import { guardedAccount } from '../../registry/guards';
import type { Registry } from '../../registry/reads';

export interface AccountCustodyDeps {
  db: Connection;
  registry: Registry;
  audit: AuditTrail;
}

/** A person as the custody view names them; `left` when the roster no longer lists them. */
interface Named {
  name?: string;
  email: string;
  role?: string;
  left?: true;
}

/** Who holds what of one account (CONGRESO 6.1.3, 6.1.7, 6.2.3); sections absent where the profile has no such rule. */
export interface CustodyView {
  accountId: string;
  passwords?: {
    clause: string;
    /** The head and the Account Administrator, who hold every password (CONGRESO 6.1.3). */
    custodians: Named[];
    holders: Array<Named & { since: string }>;
    /** The team members the head may hand it to now. */
    eligible: Named[];
  };
  recovery?: {
    clause: string;
    device?: { device: string; phone: string; holder: Named; recoveryEmail?: string; recordedAt: string; recordedBy: string };
    /** Whom the caller may record as holding it: the Account Administrator, or anyone of the office when the head records it. */
    holderOptions: Named[];
  };
  /** What the office should put right (someone who left still holding a password or the phone). */
  warnings: RuleViolation[];
}

const invalid = (rule: string, errors: RuleViolation[]) => new Refusal('validation_failed', `Datos no válidos (${rule}).`, errors);

/**
 * The Congress's custody of each account: to whom the head handed its password (CONGRESO 6.1.7) and the
 * institution's recovery phone (6.2.3). Names are read from the roster when asked, so a renamed or
 * departed member shows as they are now. Every change is audited; no number reaches the trail.
 */
export function accountCustodyService(deps: AccountCustodyDeps) {
  const accounts = accountModel(deps.db);

  const named = (roster: RosterEntry[], email: string): Named => {
    const r = roster.find((m) => m.email === email.toLowerCase());
    return r ? { name: r.name, email: r.email, role: ENTITY_ROLE_SHORT[r.role] } : { email, left: true };
  };

  function view(account: AccountDoc, entity: EntityDoc, roster: RosterEntry[], caller: Caller): CustodyView {
    const warnings: RuleViolation[] = [];
    const out: CustodyView = { accountId: account._id, warnings };
    if (keepsPasswordHolders(entity.profile, account.network)) {
      const holders = holdersOf(account).map((h) => ({ ...named(roster, h.email), since: new Date(h.since).toISOString() }));
      for (const h of holders.filter((x) => x.left)) {
        warnings.push({ field: 'holders', rule: HOLDERS_CLAUSE, message: `${h.email} ya no integra la oficina y recibió la contraseña: quítelo(a) de la lista y pida un cambio de contraseña.` });
      }
      const withRole = (roles: readonly EntityRole[]) => roster.filter((m) => roles.includes(m.role)).map((m) => named(roster, m.email));
      out.passwords = { clause: HOLDERS_CLAUSE, custodians: withRole(CUSTODIANS), holders, eligible: withRole(MAY_RECEIVE) };
    }
    if (keepsRecoveryDevice(entity.profile)) {
      const d = account.recoveryDevice;
      const scope = { id: entity._id, profile: entity.profile };
      const seesNumber = can(caller.principal, 'account.manage', scope);
      const byHead = can(caller.principal, 'account.lifecycle', scope);
      out.recovery = {
        clause: RECOVERY_CLAUSE,
        // The Account Administrator first: the phone is theirs unless the head says otherwise.
        holderOptions: (byHead ? RECOVERY_HOLDERS : (['cm'] as const)).flatMap((role) => roster.filter((m) => m.role === role)).map((m) => named(roster, m.email)),
        ...(d
          ? {
              device: {
                device: d.device, phone: seesNumber ? d.phone : maskedPhone(d.phone), holder: named(roster, d.holderEmail),
                ...(d.recoveryEmail ? { recoveryEmail: d.recoveryEmail } : {}), recordedAt: d.recordedAt.toISOString(), recordedBy: d.recordedBy,
              },
            }
          : {}),
      };
      if (d && out.recovery.device!.holder.left) {
        warnings.push({ field: 'holderEmail', rule: RECOVERY_CLAUSE, message: `${d.holderEmail} ya no integra la oficina y figura con el equipo de recuperación ${d.device}: registre quién lo tiene ahora.` });
      }
    }
    return out;
  }

  const guarded = (accountId: string, caller: Caller, permission: 'account.read' | 'account.manage' | 'account.lifecycle') => guardedAccount(deps, accountId, caller, permission);

  return {
    async get(accountId: string, caller: Caller): Promise<CustodyView> {
      const { account, entity } = await guarded(accountId, caller, 'account.read');
      return view(account, entity, await deps.registry.rosterAsOf(entity._id, entity.rosterRevision ?? 0), caller);
    },

    /** CONGRESO 6.1.7: the head says to whom the password is handed; the list replaces the previous one. */
    async setPasswordHolders(accountId: string, body: unknown, caller: Caller): Promise<CustodyView> {
      const { account, entity } = await guarded(accountId, caller, 'account.lifecycle');
      if (!keepsPasswordHolders(entity.profile, account.network)) {
        const why = account.network === 'facebook' && keepsRecoveryDevice(entity.profile)
          ? 'En Facebook el acceso es por roles de página (CONGRESO 6.1.4–6.1.5): regístrelos en los roles.'
          : 'Solo el community manager y el titular conocen las contraseñas (PCM 6.2.1.2): no se entregan a nadie más.';
        throw new Refusal('conflict', why);
      }
      const checked = validate(passwordHoldersSchema, body, HOLDERS_CLAUSE);
      if (!checked.ok) throw invalid(HOLDERS_CLAUSE, checked.errors);
      const roster = await deps.registry.roster(entity._id);
      const problems = passwordHolderProblems(roster, checked.value.holders);
      if (problems.length) throw invalid(problems[0]!.rule, problems);
      const before = new Map(holdersOf(account).map((h) => [h.email, h.since]));
      const now = new Date();
      const holders = checked.value.holders.map((email) => ({ email, since: before.get(email) ?? now }));
      const updated = await accounts.findByIdAndUpdate(account._id, holders.length ? { $set: { passwordHolders: holders } } : { $unset: { passwordHolders: 1 } }, { returnDocument: 'after' }).lean();
      const removed = [...before.keys()].filter((e) => !checked.value.holders.includes(e));
      await deps.audit.recordBy(caller, {
        action: 'account.passwordHolders.changed', entityId: entity._id, accountId: account._id,
        detail: `${holders.map((h) => h.email).join(', ') || '(solo custodios)'}${removed.length ? `; dejan de recibirla: ${removed.join(', ')}` : ''}`,
      });
      return view(updated!, entity, roster, caller);
    },

    /** CONGRESO 6.2.3: the phone that recovers the account, the institution's, and who has it. */
    async setRecoveryDevice(accountId: string, body: unknown, caller: Caller): Promise<CustodyView> {
      const { account, entity } = await guarded(accountId, caller, 'account.manage');
      if (!keepsRecoveryDevice(entity.profile)) throw new Refusal('conflict', `El perfil ${entity.profile} no registra equipos de recuperación (CONGRESO 6.2.3).`);
      const checked = validate(recoveryDeviceSchema, body, RECOVERY_CLAUSE);
      if (!checked.ok) throw invalid(RECOVERY_CLAUSE, checked.errors);
      const roster = await deps.registry.roster(entity._id);
      const byHead = can(caller.principal, 'account.lifecycle', { id: entity._id, profile: entity.profile });
      const problems = recoveryDeviceProblems(entity, roster, checked.value, byHead);
      if (problems.length) throw invalid(RECOVERY_CLAUSE, problems);
      const { device, phone, holderEmail, recoveryEmail } = checked.value;
      const recordedBy = caller.principal.kind === 'person' ? caller.principal.email : caller.principal.kind === 'apiKey' ? `clave ${caller.principal.label}` : '—';
      const doc = { device, phone, holderEmail, ...(recoveryEmail ? { recoveryEmail } : {}), recordedAt: new Date(), recordedBy };
      const updated = await accounts.findByIdAndUpdate(account._id, { $set: { recoveryDevice: doc } }, { returnDocument: 'after' }).lean();
      // The number is a way into the account: the trail says it was recorded, never what it is.
      await deps.audit.recordBy(caller, {
        action: 'account.recoveryDevice.changed', entityId: entity._id, accountId: account._id,
        detail: `Equipo ${device}, en manos de ${holderEmail}${recoveryEmail ? `; correo de recuperación ${recoveryEmail}` : ''}`,
      });
      return view(updated!, entity, roster, caller);
    },
  };
}

export type AccountCustodyService = ReturnType<typeof accountCustodyService>;
