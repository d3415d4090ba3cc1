import { z } from 'zod';
import { mailbox } from './email';
import { NETWORKS, NETWORK_LABELS } from './networks';
import { POLICY_PROFILES, PROFILES, type PolicyProfile } from './policyProfiles';
import { isInstitutionalEmail, isOfficialHost, type EntityPolicy } from './entity';
import { shapeViolations, type RuleViolation, type Validated } from './validation';

/** Roles a proposed admin can have in the office (RULEBOOK "Actors"). */
export const ADMIN_ROLES = ['head', 'second', 'cm', 'team', 'supervisor'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];
export const ADMIN_ROLE_LABELS: Record<AdminRole, string> = {
  head: 'Titular de la Oficina de Comunicaciones',
  second: 'Segundo(a) en funciones',
  cm: 'Community manager / Administrador(a) de cuentas',
  team: 'Miembro del equipo',
  supervisor: 'SCS – Coordinación de Comunicación Digital',
};

/** How SCS is named as an administrator of an account it must administer (PCM 6.1.1.6). */
export const SUPERVISOR_ADMIN_NAME = 'Coordinación de Comunicación Digital de la SCS';

/**
 * SCS as the administrator its entity's profile requires (PCM 6.1.1.6), at the entity's own SCS address;
 * `undefined` where the profile has none. `rules` are the profile's as of today unless a process that
 * began under earlier ones says otherwise (domain/policyProfiles.ts `PROFILES_BEFORE_PCM_2_SCOPE`).
 */
export function supervisorAdmin(
  entity: Pick<EntityPolicy, 'profile' | 'supervisorEmail'>,
  rules: Pick<PolicyProfile, 'requiresSupervisorAsAdmin'> = PROFILES[entity.profile],
): { name: string; email: string; role: 'supervisor' } | undefined {
  if (!rules.requiresSupervisorAsAdmin) return undefined;
  return { name: SUPERVISOR_ADMIN_NAME, email: entity.supervisorEmail.toLowerCase(), role: 'supervisor' };
}

/**
 * The admins a form proposes, with SCS fixed (PCM 6.1.1.6): any row given the SCS role is replaced by
 * the entity's own SCS row, so a form can neither leave SCS out nor name another address for it; where
 * the profile has no SCS administrator such a row is dropped.
 */
export function withFixedSupervisor(
  admins: unknown[],
  entity: Pick<EntityPolicy, 'profile' | 'supervisorEmail'>,
  rules: Pick<PolicyProfile, 'requiresSupervisorAsAdmin'> = PROFILES[entity.profile],
): unknown[] {
  const others = admins.filter((a) => (a as { role?: unknown } | null)?.role !== 'supervisor');
  const scs = supervisorAdmin(entity, rules);
  return scs ? [...others, scs] : others;
}

const text = (max: number) => z.string().trim().min(1).max(max);
const email = z.string().trim().toLowerCase().pipe(mailbox());
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 -]{5,18}[0-9]$/, 'Teléfono no válido: use solo dígitos, espacios o guiones (7 a 15 dígitos).');

/** The Anexo 4 fields (PCM 6.1.1.2) plus justification, strategy, admins and bio. */
export const accountProposalSchema = z.object({
  entityId: text(80),
  policyProfile: z.enum(POLICY_PROFILES).optional(),
  requester: z.object({ name: text(120), email }),
  responsibles: z
    .array(z.object({ names: text(80), surnames: text(80), phone }))
    .min(1)
    .max(5),
  managingEmail: email,
  networks: z.array(z.enum(NETWORKS)).min(1).max(NETWORKS.length),
  otherNetwork: z.string().trim().max(60).optional(),
  proposedNames: z.tuple([text(40), text(40)]),
  description: z.object({ objectives: text(2000), audience: text(1000), functions: text(2000) }),
  contentType: text(500),
  justification: text(4000),
  strategy: text(4000),
  admins: z.array(z.object({ name: text(120), email, role: z.enum(ADMIN_ROLES) })).min(1).max(6),
  bio: text(300),
});

export type AccountProposal = z.infer<typeof accountProposalSchema>;

const USERNAME = /^[A-Za-z0-9_]+$/;

/** PCM 6.1.1.8: 6 to 15 characters, in upper and lower case. */
export function usernameViolation(name: string): string | undefined {
  if (name.length < 6 || name.length > 15) return 'El nombre de usuario debe tener entre 6 y 15 caracteres.';
  if (!USERNAME.test(name)) return 'El nombre de usuario solo admite letras sin tilde, dígitos y guion bajo.';
  if (!/[a-z]/.test(name) || !/[A-Z]/.test(name)) return 'El nombre de usuario debe combinar mayúsculas y minúsculas.';
  return undefined;
}

const URL_IN_TEXT = /https?:\/\/[^\s)]+/gi;

const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

/** PCM 6.1.1.9: the bio links to an official website (any `gob.pe` host or one of the entity's). */
export function hasOfficialLink(entity: Pick<EntityPolicy, 'officialHosts'>, bio: string): boolean {
  for (const match of bio.match(URL_IN_TEXT) ?? []) {
    let host: string;
    try {
      host = new URL(match).hostname;
    } catch {
      continue;
    }
    if (isOfficialHost(entity, host)) return true;
  }
  return false;
}

/** PCM 6.1.1.9: the bio names the institution's location (accents and case ignored). */
export function mentionsLocation(entity: Pick<EntityPolicy, 'location'>, bio: string): boolean {
  const city = fold(entity.location.split(',')[0] ?? entity.location).trim();
  return city.length > 0 && fold(bio).includes(city);
}

/** Rules that need the entity: each violation cites its clause. `profile`: the entity's rules, as for `supervisorAdmin`. */
export function proposalRuleViolations(p: AccountProposal, entity: EntityPolicy, profile: PolicyProfile = PROFILES[entity.profile]): RuleViolation[] {
  const out: RuleViolation[] = [];
  const add = (field: string, rule: string, message: string) => out.push({ field, rule, message });

  if (p.policyProfile && p.policyProfile !== entity.profile) {
    add('policyProfile', 'RULEBOOK perfiles', `La entidad se rige por el perfil ${entity.profile}, no por ${p.policyProfile}.`);
  }
  if (!isInstitutionalEmail(entity, p.managingEmail)) {
    add('managingEmail', 'PCM 6.1.1.4', `La cuenta se crea con un correo institucional (${entity.emailDomains.map((d) => '@' + d).join(', ')}).`);
  }
  if (!isInstitutionalEmail(entity, p.requester.email)) {
    add('requester.email', 'PEGE 4.5', 'El solicitante debe usar su correo institucional, canal oficial de la entidad.');
  }
  p.proposedNames.forEach((name, i) => {
    const problem = usernameViolation(name);
    if (problem) add(`proposedNames.${i}`, 'PCM 6.1.1.8', problem);
  });
  if (p.proposedNames[0].toLowerCase() === p.proposedNames[1].toLowerCase()) {
    add('proposedNames.1', 'PCM 6.1.1.2', 'Proponga dos nombres de cuenta distintos (Anexo 4).');
  }
  if (p.networks.includes('other') && !p.otherNetwork) {
    add('otherNetwork', 'PCM 6.1.1.2', 'Indique cuál es la otra red social (Anexo 4).');
  }

  const { min, max } = profile.admins;
  if (p.admins.length < min || p.admins.length > max) {
    add('admins', 'PCM 5.1.10', `Cada cuenta debe tener entre ${min} y ${max} administradores; se propusieron ${p.admins.length}.`);
  }
  const emails = p.admins.map((a) => a.email);
  if (new Set(emails).size !== emails.length) add('admins', 'PCM 5.1.10', 'Un mismo correo figura dos veces entre los administradores.');
  const roles = new Set(p.admins.map((a) => a.role));
  if (profile.requiresHeadAndSecondOnFacebook && p.networks.includes('facebook')) {
    if (!roles.has('head')) add('admins', 'PCM 6.1.1.5', 'En Facebook, el titular de la Oficina de Comunicaciones debe ser administrador.');
    if (!roles.has('second')) add('admins', 'PCM 6.1.1.5', 'En Facebook, el segundo en funciones de la Oficina debe ser administrador.');
  }
  if (profile.requiresSupervisorAsAdmin && !roles.has('supervisor')) {
    add('admins', 'PCM 6.1.1.6', 'Agregue a la Coordinación de Comunicación Digital de la SCS como administrador (roles de página).');
  }
  if (!profile.requiresSupervisorAsAdmin && roles.has('supervisor')) {
    add('admins', 'RULEBOOK perfiles', `El perfil ${entity.profile} no incluye a la SCS como administrador.`);
  }
  if (entity.profile === 'CONGRESO' && p.networks.includes('facebook')) {
    const teamAdmins = p.admins.filter((a) => a.role === 'team' || a.role === 'second').length;
    if (teamAdmins > 1) add('admins', 'CONGRESO 6.1.6', 'En Facebook solo administran el jefe, el Administrador de Cuentas y un miembro más del personal.');
  }
  p.admins.forEach((a, i) => {
    if (a.role !== 'supervisor' && !isInstitutionalEmail(entity, a.email)) {
      add(`admins.${i}.email`, 'PCM 6.1.2.6', 'Los administradores reciben las credenciales solo por correo institucional.');
    }
    if (a.role === 'supervisor' && a.email !== entity.supervisorEmail.toLowerCase()) {
      add(`admins.${i}.email`, 'PCM 6.1.1.6', `El correo de la SCS es ${entity.supervisorEmail}.`);
    }
  });

  if (!mentionsLocation(entity, p.bio)) {
    add('bio', 'PCM 6.1.1.9', `La biografía debe incluir la ubicación de la institución (${entity.location}).`);
  }
  if (!hasOfficialLink(entity, p.bio)) {
    add('bio', 'PCM 6.1.1.9', 'La biografía debe enlazar a una web oficial (por ejemplo https://www.gob.pe/...).');
  }
  return out;
}

/** Validates an untrusted proposal against the shape of Anexo 4 and the entity's rules. */
export function validateAccountProposal(input: unknown, entity: EntityPolicy, profile: PolicyProfile = PROFILES[entity.profile]): Validated<AccountProposal> {
  const parsed = accountProposalSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: shapeViolations(parsed.error, 'PCM 6.1.1.2 (Anexo 4)') };
  const errors = proposalRuleViolations(parsed.data, entity, profile);
  return errors.length ? { ok: false, errors } : { ok: true, value: parsed.data };
}

/** The proposal as rows for emails, pages and the technical report, in Anexo 4 order. */
export function proposalSummary(p: AccountProposal, entityName: string): Array<[string, string]> {
  const networks = p.networks.map((n) => (n === 'other' ? p.otherNetwork ?? NETWORK_LABELS.other : NETWORK_LABELS[n]));
  return [
    ['Entidad', entityName],
    ['Responsables', p.responsibles.map((r) => `${r.names} ${r.surnames} (${r.phone})`).join('; ')],
    ['Correo que administrará la cuenta', p.managingEmail],
    ['Redes sociales', networks.join(', ')],
    ['Nombres de cuenta propuestos', p.proposedNames.join(' / ')],
    ['Objetivos', p.description.objectives],
    ['Público objetivo', p.description.audience],
    ['Funciones', p.description.functions],
    ['Tipo de contenido', p.contentType],
    ['Justificación', p.justification],
    ['Estrategia', p.strategy],
    ['Administradores', p.admins.map((a) => `${a.name} <${a.email}> – ${ADMIN_ROLE_LABELS[a.role]}`).join('; ')],
    ['Biografía', p.bio],
    ['Solicitante', `${p.requester.name} <${p.requester.email}>`],
  ];
}
