/**
 * Who holds what of an account under the Congress's document, kept per account: the team members the
 * head hands each network's password to (CONGRESO 6.1.7; the head and the Account Administrator hold
 * them always, 6.1.3), and the institution's phone that recovers the account, with its number and
 * holder (CONGRESO 6.2.3). Custodio records *who* holds them, never a password (RULEBOOK §2). Pure: the
 * service, the pages and the processes read it.
 */
import { z } from 'zod';
import type { EntityRole } from './access';
import { CUSTODIANS } from './accountAdministrator';
import { typedEmail as email } from './email';
import { isInstitutionalEmail, type EntityPolicy } from './entity';
import type { Network } from './networks';
import { PROFILES, type PolicyProfileId } from './policyProfiles';
import { phoneSchema } from './registryInput';
import type { RuleViolation } from './validation';

export const HOLDERS_CLAUSE = 'CONGRESO 6.1.7';
export const RECOVERY_CLAUSE = 'CONGRESO 6.2.3';

/** A roster member as these rules read them. */
interface Member {
  email: string;
  name: string;
  role: EntityRole;
}

/**
 * CONGRESO 6.1.7 speaks of the networks entered with a user name or address and a password; Facebook's
 * page is administered by roles instead (6.1.4–6.1.5), so its holders are its page roles.
 */
export const keepsPasswordHolders = (profile: PolicyProfileId, network: Network) => PROFILES[profile].accountAdministratorRules && network !== 'facebook';
/** CONGRESO 6.2.3: every account of the Congress may be recovered through a phone; the institution's. */
export const keepsRecoveryDevice = (profile: PolicyProfileId) => PROFILES[profile].accountAdministratorRules;

/** Roles whose holders may receive a password from the head: the team assigned to the networks (6.1.7). */
export const MAY_RECEIVE: readonly EntityRole[] = ['team', 'second'];
/** Roles that hold every password already (6.1.3): defined with the Account Administrator. */
export { CUSTODIANS } from './accountAdministrator';
/** Roles of the communications office, who may hold the recovery phone (6.2.3); the Account Administrator first. */
export const RECOVERY_HOLDERS: readonly EntityRole[] = ['cm', 'head', 'second', 'team'];

export const passwordHoldersSchema = z
  .object({ holders: z.array(email).max(20, 'Como máximo 20 personas.') })
  .strict()
  .refine((v) => new Set(v.holders).size === v.holders.length, { message: 'Cada persona figura una sola vez.', path: ['holders'] });

/** CONGRESO 6.1.7: whom the head may hand the password to, read from the roster now. */
export function passwordHolderProblems(roster: Member[], holders: string[]): RuleViolation[] {
  return holders.flatMap((e, i): RuleViolation[] => {
    const held = roster.filter((m) => m.email.toLowerCase() === e);
    const field = `holders.${i}`;
    if (!held.length) return [{ field, rule: HOLDERS_CLAUSE, message: `${e} no figura en la nómina de la entidad.` }];
    if (held.some((m) => CUSTODIANS.includes(m.role))) return [{ field, rule: 'CONGRESO 6.1.3', message: `${held[0]!.name} custodia ya todas las contraseñas: no hace falta entregársela.` }];
    if (held.some((m) => MAY_RECEIVE.includes(m.role))) return [];
    return [{ field, rule: HOLDERS_CLAUSE, message: `${held[0]!.name} no integra el equipo asignado a las redes sociales: las contraseñas se entregan solo a ese equipo.` }];
  });
}

export const recoveryDeviceSchema = z
  .object({
    device: z.string().trim().min(2, 'Indique el código patrimonial o de inventario del equipo.').max(60),
    phone: phoneSchema,
    holderEmail: email,
    recoveryEmail: email.optional(),
    /** Checked with the rules below, so a form hears of it together with them. */
    institutionOwned: z.boolean().optional(),
  })
  .strict();
export type RecoveryDeviceInput = z.infer<typeof recoveryDeviceSchema>;

/**
 * CONGRESO 6.2.3: the phone and its line are the institution's; it stays with the Account Administrator or
 * a member the head names; a recovery address is always institutional. `byHead`: only the head names
 * someone else.
 */
export function recoveryDeviceProblems(entity: Pick<EntityPolicy, 'emailDomains'>, roster: Member[], input: RecoveryDeviceInput, byHead: boolean): RuleViolation[] {
  const out: RuleViolation[] = [];
  if (input.institutionOwned !== true) {
    out.push({ field: 'institutionOwned', rule: RECOVERY_CLAUSE, message: 'Confirme que el equipo y la línea son de propiedad de la institución.' });
  }
  const holder = roster.filter((m) => m.email.toLowerCase() === input.holderEmail);
  if (!holder.length) {
    out.push({ field: 'holderEmail', rule: RECOVERY_CLAUSE, message: `${input.holderEmail} no figura en la nómina de la entidad.` });
  } else if (!holder.some((m) => m.role === 'cm') && !byHead) {
    out.push({ field: 'holderEmail', rule: RECOVERY_CLAUSE, message: 'El equipo queda en manos del Administrador de Cuentas; solo el jefe de la Oficina puede encargarlo a otra persona.' });
  } else if (!holder.some((m) => RECOVERY_HOLDERS.includes(m.role))) {
    out.push({ field: 'holderEmail', rule: RECOVERY_CLAUSE, message: `${holder[0]!.name} no es de la Oficina de Comunicaciones: el equipo queda en la oficina.` });
  }
  if (input.recoveryEmail && !isInstitutionalEmail(entity, input.recoveryEmail)) {
    out.push({ field: 'recoveryEmail', rule: RECOVERY_CLAUSE, message: `El correo de recuperación es siempre institucional (${entity.emailDomains.map((d) => `@${d}`).join(', ')}).` });
  }
  return out;
}

/** The number as people without the account's management see it: the last three digits. */
export const maskedPhone = (phone: string) => `••• ${phone.replace(/\D/g, '').slice(-3)}`;
