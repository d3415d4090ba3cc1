/**
 * The roles a platform reports, held against the registry and the approved agency grants (issue 17 §1).
 * Pure: an activity reads Meta's Graph API and hands the reading here; the monthly review shows what
 * comes out (PCM 6.1.2.11: the head supervises the page's permissions and roles every month).
 */
import type { Network } from './networks';
import { grantHoldsRole, sameAgency, type AccountRoster, type Anomaly, type GrantSummary } from './pageRoles';
import { PROFILES, type PolicyProfileId } from './policyProfiles';

/** Meta reads roles of Facebook pages and Instagram professional accounts; X, TikTok and YouTube publish no list. */
export const READABLE_NETWORKS: readonly Network[] = ['facebook', 'instagram'];
export const platformListsRoles = (n: Network) => READABLE_NETWORKS.includes(n);

/** Someone with access on the platform: a business or system user (`assigned_users`) or a person (`roles`). */
export interface PlatformHolder {
  id: string;
  name: string;
  /** Graph gives no address for most users; when it does, it matches before the name. */
  email?: string;
  tasks: string[];
  kind: 'business-user' | 'system-user' | 'person';
}

export interface PlatformAgency {
  /** The business's id: the Business Manager ID a grant records. */
  id: string;
  name: string;
  tasks: string[];
}

export interface PlatformReading {
  accountId: string;
  name: string;
  username?: string;
  holders: PlatformHolder[];
  agencies: PlatformAgency[];
}

export type PlatformAnomalyKind =
  | 'unknown-on-platform'
  | 'admin-missing-on-platform'
  | 'supervisor-not-admin'
  | 'admins-out-of-range'
  | 'agency-after-removal'
  | 'unknown-agency'
  | 'team-member-admin';

export interface PlatformAnomaly {
  kind: PlatformAnomalyKind;
  accountId: string;
  /** Stable within a reading: the review records the head's answer under it, and re-checks it. */
  key: string;
  rule: string;
  message: string;
}

export interface PlatformFacts {
  profile: PolicyProfileId;
  supervisorEmail: string;
  account: AccountRoster;
  reading: PlatformReading;
  /** The account's grants. */
  grants: GrantSummary[];
  /** Lower-case addresses of the entity's `team` members (CONGRESO 6.1.5: editors or lower). */
  team: string[];
  /** Custodio's own reader (the system user whose token reads): not a person to review. */
  readerIds?: string[];
  /** Lima date, `YYYY-MM-DD`. */
  today: string;
}

/** Full control of a Meta page is the MANAGE task (the old «administrador» role). */
export const isPlatformAdmin = (h: Pick<PlatformHolder, 'tasks'>) => h.tasks.includes('MANAGE');

/** Names compared as people write them: no accents, case or extra spaces. */
export const sameName = (a: string, b: string) => {
  const n = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toLowerCase();
  return n(a) === n(b);
};

const SCS_NAME = /secretar[ií]a de comunicaci[oó]n social|\bscs\b/i;

/** What a monthly review should look at on one account, from what the platform itself reports. */
export function platformAnomalies(f: PlatformFacts): PlatformAnomaly[] {
  const out: PlatformAnomaly[] = [];
  const a = f.account;
  const label = `${a.username} (${a.network})`;
  const supervisor = f.supervisorEmail.toLowerCase();
  const readers = new Set(f.readerIds ?? []);
  const holders = f.reading.holders.filter((h) => !readers.has(h.id));
  const registryOf = (h: PlatformHolder) => a.roles.find((r) => (h.email && r.email.toLowerCase() === h.email.toLowerCase()) || sameName(r.name, h.name));
  const isSupervisor = (h: PlatformHolder) => h.email?.toLowerCase() === supervisor || SCS_NAME.test(h.name) || registryOf(h)?.email.toLowerCase() === supervisor;

  // PCM 6.1.2.11: whoever the platform shows must be someone the registry knows.
  for (const h of holders) {
    if (registryOf(h) || isSupervisor(h)) continue;
    out.push({ kind: 'unknown-on-platform', accountId: a.accountId, key: `unknown:${h.id}`, rule: 'PCM 6.1.2.11', message: `${label}: ${h.name} tiene acceso en la plataforma (${h.tasks.join(', ') || 'sin tareas'}) y no figura en el registro.` });
  }
  // PCM 6.1.2.11: a registry admin the platform does not show as admin.
  for (const r of a.roles.filter((x) => x.pageRole === 'admin')) {
    if (r.email.toLowerCase() === supervisor) continue; // checked below, under its own clause
    const there = holders.find((h) => (h.email && h.email.toLowerCase() === r.email.toLowerCase()) || sameName(h.name, r.name));
    if (there && isPlatformAdmin(there)) continue;
    out.push({ kind: 'admin-missing-on-platform', accountId: a.accountId, key: `admin-missing:${r.email.toLowerCase()}`, rule: 'PCM 6.1.2.11', message: `${label}: ${r.name} figura como administrador(a) en el registro, pero la plataforma ${there ? 'no le da la tarea MANAGE' : 'no lo (la) muestra'}.` });
  }
  const profile = PROFILES[f.profile];
  // PCM 6.1.1.6: SCS's Coordinación de Comunicación Digital administers every page of the Executive Branch.
  if (profile.requiresSupervisorAsAdmin && !holders.some((h) => isSupervisor(h) && isPlatformAdmin(h))) {
    out.push({ kind: 'supervisor-not-admin', accountId: a.accountId, key: 'supervisor', rule: 'PCM 6.1.1.6', message: `${label}: la plataforma no muestra a la Coordinación de Comunicación Digital de la SCS como administradora.` });
  }
  // PCM 5.1.10: two or three admins, so the account does not depend on one person. System users are not people.
  const admins = holders.filter((h) => h.kind !== 'system-user' && isPlatformAdmin(h));
  if (admins.length < profile.admins.min || admins.length > profile.admins.max) {
    out.push({ kind: 'admins-out-of-range', accountId: a.accountId, key: 'admins', rule: 'PCM 5.1.10', message: `${label}: la plataforma muestra ${admins.length} administrador(es); deben ser entre ${profile.admins.min} y ${profile.admins.max}.` });
  }
  // CONGRESO 6.1.5: the team works as editor, analyst or lower; PCM 5.1.10 keeps admin to the 2–3 the head designates.
  const team = new Set(f.team.map((e) => e.toLowerCase()));
  for (const h of admins) {
    const r = registryOf(h);
    if (!r || !team.has(r.email.toLowerCase())) continue;
    out.push({ kind: 'team-member-admin', accountId: a.accountId, key: `team-admin:${r.email.toLowerCase()}`, rule: f.profile === 'CONGRESO' ? 'CONGRESO 6.1.5' : 'PCM 5.1.10', message: `${label}: ${r.name} integra el equipo y tiene rol de administrador(a) en la plataforma; al equipo le corresponden roles de editor, analista u otros menores.` });
  }
  // PCM 6.1.2.10: the advertiser role goes once the campaign ends; an agency without any grant was never approved.
  for (const ag of f.reading.agencies) {
    const mine = f.grants.filter((g) => sameAgency(g, { agencyName: ag.name, businessManagerId: ag.id }));
    if (!mine.length) {
      if (SCS_NAME.test(ag.name)) continue;
      out.push({ kind: 'unknown-agency', accountId: a.accountId, key: `agency-unknown:${ag.id}`, rule: 'PCM 6.1.2.10', message: `${label}: la empresa o agencia ${ag.name} (ID ${ag.id}) tiene acceso y no tiene un acceso aprobado en Custodio.` });
      continue;
    }
    // A grant that holds its role and has not ended covers the agency (access may be given a little before the start).
    const current = mine.some((g) => grantHoldsRole(g.state) && f.today <= g.endsOn);
    if (current) continue;
    const last = [...mine].sort((x, y) => y.endsOn.localeCompare(x.endsOn))[0]!;
    out.push({ kind: 'agency-after-removal', accountId: a.accountId, key: `agency-after:${ag.id}`, rule: 'PCM 6.1.2.10', message: `${label}: la agencia ${ag.name} sigue con acceso; su campaña «${last.campaign}» terminó el ${last.endsOn} y el rol debía retirarse.` });
  }
  return out;
}

/** An anomaly of the monthly review: from the registry (`domain/pageRoles.ts`) or read on the platform (it has a `key`). */
export type ReviewAnomaly = Anomaly | PlatformAnomaly;
export const isPlatformAnomaly = (a: ReviewAnomaly): a is PlatformAnomaly => 'key' in a && typeof a.key === 'string';

/** How one account fared in the review's platform read, in words the review shows. */
export interface PlatformAccountRead {
  accountId: string;
  network: Network;
  username: string;
  state: 'read' | 'no-list' | 'no-platform-id' | 'failed';
  /** Why it was not read (a failed read's Spanish reason). */
  message?: string;
}

/**
 * What the monthly review read on the platforms (issue 17 §1), recorded in the review's history:
 * `manual` — the entity has no Meta token (the review stays as before); `failed` — the read could not
 * be done (the reason in Spanish; the review goes on with the registry's anomalies); `checked`.
 */
export type PlatformReview =
  | { state: 'manual' }
  | { state: 'failed'; message: string }
  | { state: 'checked'; accounts: PlatformAccountRead[]; anomalies: PlatformAnomaly[] };

/** The review's line for an account the platform read no list of (PCM 6.1.2.11: the attestation stays). */
export const NO_LIST_MESSAGE = 'La plataforma no ofrece la lista de quién tiene acceso: revise los roles en la red social; su conformidad la cubre.';
export const NO_PLATFORM_ID_MESSAGE = 'La cuenta no tiene registrado su identificador de Meta: no se leyó en la plataforma.';
