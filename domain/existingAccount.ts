/**
 * An account the entity already runs, registered as it is (issue 15 §1): the Anexo 4 data of "si ya
 * cuenta con cuentas en redes sociales" plus what Custodio needs to govern it (its link, page roles,
 * when its password last changed). Creation's rules apply where they can: an existing account's name
 * or managing address that a new one could not have is reported (`findings`), not refused, because
 * the account exists and must be governed all the same (PCM 6.1.8: current accounts follow the
 * security protocol too).
 */
import { z } from 'zod';
import { roleHolderSchema } from './accountInput';
import { usernameViolation } from './accountProposal';
import { calendarDaySchema } from './dates';
import { mailbox } from './email';
import { isInstitutionalEmail, type EntityPolicy } from './entity';
import { NETWORK_LABELS, type Network } from './networks';
import type { RuleViolation } from './validation';
import { hostWithin } from './webAddress';

/** Networks an existing account can be registered on: those Custodio can name and link to. */
export const REGISTRABLE_NETWORKS = ['facebook', 'x', 'instagram', 'tiktok', 'youtube', 'linkedin', 'flickr'] as const satisfies readonly Network[];
export type RegistrableNetwork = (typeof REGISTRABLE_NETWORKS)[number];

/** Hosts an account's link may have, per network. */
const NETWORK_HOSTS: Record<RegistrableNetwork, string[]> = {
  facebook: ['facebook.com', 'fb.com'],
  x: ['x.com', 'twitter.com'],
  instagram: ['instagram.com'],
  tiktok: ['tiktok.com'],
  youtube: ['youtube.com'],
  linkedin: ['linkedin.com'],
  flickr: ['flickr.com'],
};

const text = (max: number) => z.string().trim().min(1, 'Escriba este dato.').max(max, `Use como máximo ${max} caracteres.`);

export const responsibleSchema = z.object({
  name: text(160),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 -]{5,18}[0-9]$/, 'Teléfono no válido: use solo dígitos, espacios o guiones (7 a 15 dígitos).'),
});

export const existingAccountSchema = z
  .object({
    network: z.enum(REGISTRABLE_NETWORKS),
    /** As the platform shows it; a leading `@` is dropped. */
    username: z
      .string()
      .trim()
      .transform((s) => s.replace(/^@+/, '').trim())
      .pipe(z.string().min(1, 'Escriba la denominación de la cuenta.').max(100)),
    url: z.url({ protocol: /^https?$/, message: 'Escriba el enlace completo de la cuenta (https://…).' }).optional(),
    managingEmail: z.string().trim().toLowerCase().pipe(mailbox('Escriba un correo válido, por ejemplo redes@entidad.gob.pe.')),
    responsibles: z.array(responsibleSchema).min(1, 'Indique al menos un responsable con su teléfono (Anexo 4).').max(5),
    description: text(2000),
    contentType: text(500),
    /** The day the password last changed (YYYY-MM-DD, Lima); absent when nobody knows. */
    lastRotatedOn: calendarDaySchema.optional(),
    roles: z.array(roleHolderSchema).max(50).optional(),
    /** The Facebook page's or Instagram account's id on Meta (issue 17 §1): the monthly review reads its roles there. */
    platformId: z.string().trim().regex(/^\d{5,25}$/, 'El identificador de Meta son solo dígitos: el ID de la página de Facebook o de la cuenta de Instagram.').optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.platformId && a.network !== 'facebook' && a.network !== 'instagram') {
      ctx.addIssue({ code: 'custom', path: ['platformId'], message: 'Solo las páginas de Facebook y las cuentas de Instagram tienen identificador de Meta.' });
    }
  });

export type ExistingAccount = z.output<typeof existingAccountSchema>;

/** The key that makes a registration idempotent: one account per entity, network and name (case aside). */
export const accountKey = (a: { network: string; username: string }) => `${a.network}:${a.username.toLowerCase()}`;

/** What refuses the registration: a link to another network, a date still to come. */
export function existingAccountViolations(a: ExistingAccount, today: string): RuleViolation[] {
  const out: RuleViolation[] = [];
  if (a.url) {
    const host = new URL(a.url).hostname.toLowerCase();
    if (!hostWithin(host, NETWORK_HOSTS[a.network])) {
      out.push({ field: 'url', rule: 'PCM 6.3.5 (Anexo 4)', message: `El enlace no es de ${NETWORK_LABELS[a.network]}.` });
    }
  }
  if (a.lastRotatedOn && a.lastRotatedOn > today) {
    out.push({ field: 'lastRotatedOn', rule: 'PCM 6.1.2.5', message: 'La fecha del último cambio de contraseña no puede ser futura.' });
  }
  const emails = (a.roles ?? []).map((r) => r.email.toLowerCase());
  if (new Set(emails).size !== emails.length) out.push({ field: 'roles', rule: 'PCM 6.1.2.11', message: 'Cada persona figura una sola vez en los roles.' });
  return out;
}

/**
 * Creation rules the account does not meet: registered anyway, shown to whoever registers it and kept
 * in the audit trail, so the office can put it right.
 */
export function existingAccountFindings(a: ExistingAccount, entity: Pick<EntityPolicy, 'emailDomains' | 'supervisorEmail'>): RuleViolation[] {
  const out: RuleViolation[] = [];
  if (!isInstitutionalEmail(entity, a.managingEmail)) {
    out.push({ field: 'managingEmail', rule: 'PCM 6.1.1.4', message: `El correo de gestión no es institucional (${entity.emailDomains.map((d) => `@${d}`).join(', ')}): cámbielo en la red social.` });
  }
  const name = usernameViolation(a.username);
  if (name) out.push({ field: 'username', rule: 'PCM 6.1.1.8', message: `${name} (Regla para cuentas nuevas: esta se registra igual.)` });
  (a.roles ?? []).forEach((r, i) => {
    if (r.email !== entity.supervisorEmail.toLowerCase() && !isInstitutionalEmail(entity, r.email)) {
      out.push({ field: `roles.${i}.email`, rule: 'PCM 6.1.1.4', message: `${r.email} no es un correo institucional: revise quién tiene ese rol.` });
    }
  });
  return out;
}
