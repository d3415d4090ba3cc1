/**
 * Roles on an institutional page and the anomalies a monthly review looks for (RULEBOOK §3:
 * PCM 5.1.10, 6.1.1.6, 6.1.2.10, 6.1.2.11, 6.2.3.5; CONGRESO 6.2.8). Pure: the review workflow
 * and the API both read them.
 */
import type { Network } from './networks';
import { PROFILES, type PolicyProfileId } from './policyProfiles';

export const PAGE_ROLES = ['admin', 'editor', 'moderator', 'advertiser', 'analyst'] as const;
export type PageRole = (typeof PAGE_ROLES)[number];

export const PAGE_ROLE_LABELS: Record<PageRole, string> = {
  admin: 'Administrador(a)',
  editor: 'Editor(a)',
  moderator: 'Moderador(a)',
  advertiser: 'Anunciante',
  analyst: 'Analista',
};

/** Someone holding a role on a page, as the registry records it. */
export interface RoleHolder {
  name: string;
  email: string;
  pageRole: PageRole;
}

export interface AccountRoster {
  accountId: string;
  network: Network;
  username: string;
  status: 'active' | 'paused' | 'retired';
  roles: RoleHolder[];
}

/** PCM 6.1.2.10: an agency holds the advertiser role (or a partner role through Business Manager). */
export const AGENCY_ROLES = ['advertiser', 'partner'] as const;
export type AgencyRole = (typeof AGENCY_ROLES)[number];
export const AGENCY_ROLE_LABELS: Record<AgencyRole, string> = { advertiser: 'Anunciante', partner: 'Socio (Business Manager)' };

/** The states of an agency grant; only `removed` and `cancelled` mean the agency holds nothing. */
export const GRANT_STATES = ['scheduled', 'active', 'removal_due', 'removed', 'cancelled'] as const;
export type GrantState = (typeof GRANT_STATES)[number];
export const GRANT_STATE_LABELS: Record<GrantState, string> = {
  scheduled: 'Programado',
  active: 'Vigente',
  removal_due: 'Pendiente de retiro',
  removed: 'Retirado',
  cancelled: 'Anulado',
};
export const grantHoldsRole = (s: GrantState) => s === 'active' || s === 'removal_due' || s === 'scheduled';

export interface GrantSummary {
  grantId: string;
  accountId: string;
  agencyName: string;
  businessManagerId?: string;
  role: AgencyRole;
  campaign: string;
  /** Lima dates, `YYYY-MM-DD`, both inclusive. */
  startsOn: string;
  endsOn: string;
  state: GrantState;
}

/** Same agency: the Business Manager ID when both have one, else the name ignoring case, accents and spacing. */
export function sameAgency(a: Pick<GrantSummary, 'agencyName' | 'businessManagerId'>, b: Pick<GrantSummary, 'agencyName' | 'businessManagerId'>): boolean {
  if (a.businessManagerId && b.businessManagerId) return a.businessManagerId.trim() === b.businessManagerId.trim();
  const norm = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toLowerCase();
  return norm(a.agencyName) === norm(b.agencyName);
}

/** PCM 6.1.2.10: at grant time, the agency must hold nothing from an earlier campaign on any account of the entity. */
export function earlierAgencyGrants(grant: Pick<GrantSummary, 'agencyName' | 'businessManagerId' | 'campaign'>, entityGrants: GrantSummary[]): GrantSummary[] {
  return entityGrants.filter((g) => grantHoldsRole(g.state) && sameAgency(g, grant) && g.campaign.trim().toLowerCase() !== grant.campaign.trim().toLowerCase());
}

export type AnomalyKind = 'too-few-admins' | 'too-many-admins' | 'supervisor-missing' | 'agency-overdue' | 'left-office';

export interface Anomaly {
  kind: AnomalyKind;
  accountId: string;
  rule: string;
  message: string;
}

export interface ReviewFacts {
  profile: PolicyProfileId;
  supervisorEmail: string;
  accounts: AccountRoster[];
  grants: GrantSummary[];
  /** Lower-case addresses of everyone with an active membership in the entity. */
  members: string[];
  /** The review's Lima date, `YYYY-MM-DD`. */
  today: string;
}

/** What a reviewer should look at first; an empty list means nothing Custodio can see is wrong. */
export function reviewAnomalies(f: ReviewFacts): Anomaly[] {
  const out: Anomaly[] = [];
  const profile = PROFILES[f.profile];
  const members = new Set(f.members.map((m) => m.toLowerCase()));
  const supervisor = f.supervisorEmail.toLowerCase();
  for (const a of f.accounts.filter((x) => x.status !== 'retired')) {
    const label = `${a.username} (${a.network})`;
    const admins = a.roles.filter((r) => r.pageRole === 'admin');
    if (admins.length < profile.admins.min) {
      out.push({ kind: 'too-few-admins', accountId: a.accountId, rule: 'PCM 5.1.10', message: `${label} tiene ${admins.length} administrador(es); el mínimo es ${profile.admins.min}.` });
    }
    if (admins.length > profile.admins.max) {
      out.push({ kind: 'too-many-admins', accountId: a.accountId, rule: 'PCM 5.1.10', message: `${label} tiene ${admins.length} administradores; el máximo es ${profile.admins.max}.` });
    }
    if (profile.requiresSupervisorAsAdmin && !admins.some((r) => r.email.toLowerCase() === supervisor)) {
      out.push({ kind: 'supervisor-missing', accountId: a.accountId, rule: 'PCM 6.1.1.6', message: `${label}: la Coordinación de Comunicación Digital de la SCS (${f.supervisorEmail}) no figura como administradora.` });
    }
    for (const r of a.roles) {
      const email = r.email.toLowerCase();
      if (email === supervisor || members.has(email)) continue;
      out.push({ kind: 'left-office', accountId: a.accountId, rule: 'PCM 6.2.3.5', message: `${label}: ${r.name} (${r.email}) ya no integra la oficina y conserva el rol ${r.pageRole}.` });
    }
  }
  for (const g of f.grants) {
    if (grantHoldsRole(g.state) && g.endsOn < f.today) {
      out.push({ kind: 'agency-overdue', accountId: g.accountId, rule: 'PCM 6.1.2.10', message: `La agencia ${g.agencyName} conserva el rol ${AGENCY_ROLE_LABELS[g.role].toLowerCase()} de la campaña «${g.campaign}», que terminó el ${g.endsOn}.` });
    }
  }
  return out;
}
