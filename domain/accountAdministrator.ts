/**
 * The Congress's custody of its accounts (CONGRESO 5.1.2, 6.1.3–6.1.6): the Account Administrator (the
 * roster's `cm`) is office staff on an indefinite-term contract; page admin stays with the head of the
 * office and the Account Administrator, plus one more indefinite-term member of the office the head
 * assigns; the rest of the team works as editor, analyst or lower. Pure: the roster and accounts
 * services read it.
 */
import type { PageRole } from './pageRoles';
import { PROFILES, type PolicyProfileId } from './policyProfiles';
import type { EntityRole } from './access';
import type { RuleViolation } from './validation';

/** A roster member as these rules read them (domain/roster.ts's RosterEntry has these fields). */
interface Member {
  email: string;
  name: string;
  role: EntityRole;
  tenure?: Tenure;
}

/** A member's contract with the institution, as the office records it; absent means not recorded. */
export const TENURES = ['indefinite', 'fixed'] as const;
export type Tenure = (typeof TENURES)[number];
export const TENURE_LABELS: Record<Tenure, string> = {
  indefinite: 'Plazo indeterminado',
  fixed: 'Otro (plazo fijo, CAS, locación u otro)',
};

/**
 * CONGRESO 5.1.2: warnings, not refusals: an office may have no indefinite-term staff to name while it
 * asks for one, and its accounts still need someone to look after them meanwhile.
 */
export function tenureWarnings(profile: PolicyProfileId, roster: Member[]): (RuleViolation & { email: string })[] {
  if (!PROFILES[profile].accountAdministratorRules) return [];
  return roster
    .filter((r) => r.role === 'cm' && r.tenure !== 'indefinite')
    .map((r) => ({
      email: r.email,
      field: 'tenure',
      rule: 'CONGRESO 5.1.2',
      message: `${r.name} es Administrador(a) de Cuentas y ${r.tenure ? 'figura con otro tipo de contrato' : 'no tiene registrado su tipo de contrato'}: el cargo corresponde a personal de la oficina a plazo indeterminado.`,
    }));
}

/** A page role as the accounts API receives it. */
export interface PageRoleGrant {
  name: string;
  email: string;
  pageRole: PageRole;
}

/** CONGRESO 6.1.3: the head of the office and the Account Administrator (the roster's `cm`) hold every access and password. */
export const CUSTODIANS: readonly EntityRole[] = ['head', 'cm'];

/**
 * CONGRESO 6.1.4–6.1.6: refusals for the admins of a page's new role list, each at its row. The head and
 * the Account Administrator administer; one more member of the office on an indefinite-term contract may
 * (6.1.6); a team member otherwise works as editor, analyst or lower (6.1.5); anyone else may not (6.1.4).
 */
export function pageAdminProblems(profile: PolicyProfileId, roles: PageRoleGrant[], roster: Pick<Member, 'email' | 'role' | 'tenure'>[]): RuleViolation[] {
  if (!PROFILES[profile].accountAdministratorRules) return [];
  const out: RuleViolation[] = [];
  let extra: string | undefined;
  roles.forEach((r, i) => {
    if (r.pageRole !== 'admin') return;
    const email = r.email.toLowerCase();
    const held = roster.filter((m) => m.email.toLowerCase() === email);
    if (held.some((m) => CUSTODIANS.includes(m.role))) return;
    const field = `roles.${i}.pageRole`;
    if (held.some((m) => m.tenure === 'indefinite')) {
      if (!extra) {
        extra = r.name;
        return;
      }
      out.push({ field, rule: 'CONGRESO 6.1.6', message: `Además del jefe y del Administrador de Cuentas, administra una sola persona más (${extra}); asigne a ${r.name} un rol menor.` });
      return;
    }
    if (held.some((m) => m.role === 'team')) {
      out.push({ field, rule: 'CONGRESO 6.1.5', message: `${r.name} integra el equipo: le corresponde el rol de editor, analista u otro menor. Solo un miembro más de la oficina a plazo indeterminado puede administrar (CONGRESO 6.1.6).` });
      return;
    }
    out.push({
      field,
      rule: 'CONGRESO 6.1.4',
      message: `El rol de administrador queda en manos del jefe de la Oficina y del Administrador de Cuentas, y de un miembro más de la oficina a plazo indeterminado (CONGRESO 6.1.6). ${r.name} no es ninguno de ellos en la nómina.`,
    });
  });
  return out;
}
