/**
 * Who may do what (issue #3 §3). Roles are held per entity, except the supervisor (SCS, which reads
 * every entity the PCM directive binds: the Executive Branch, PCM 2) and the platform admin (who manages entities). One table maps
 * roles to permissions; `can` is the only place that reads it, and every route and page asks `can`.
 */
import { PROFILES, type PolicyProfileId } from './policyProfiles';
import { Refusal } from './refusal';

/** Office roles inside one entity (RULEBOOK "Actors"). */
export const ENTITY_ROLES = ['head', 'second', 'cm', 'team', 'requester', 'presidency', 'gerencia'] as const;
export type EntityRole = (typeof ENTITY_ROLES)[number];

/** The role after a person's name on pages: «Ana Quispe (titular)». */
export const ENTITY_ROLE_SHORT: Record<EntityRole, string> = {
  head: 'titular',
  second: 'segundo(a) al mando',
  cm: 'community manager',
  team: 'equipo',
  requester: 'unidad solicitante',
  presidency: 'presidencia de la entidad',
  gerencia: 'gerencia general',
};

export const ENTITY_ROLE_LABELS: Record<EntityRole, string> = {
  head: 'Titular de la Oficina de Comunicaciones',
  second: 'Segundo(a) al mando',
  cm: 'Community manager / Administrador(a) de cuentas',
  team: 'Integrante del equipo',
  requester: 'Unidad solicitante',
  presidency: 'Presidencia de la entidad (aprueba información sensible)',
  gerencia: 'Gerencia General (decide las cuentas propias de las unidades)',
};

export const PERMISSIONS = [
  'request.submit',
  /** Every request of the entity. */
  'request.read',
  /** Only requests the person made. */
  'request.readOwn',
  'account.read',
  /** Page roles and agency grants of the entity's accounts (PCM 6.1.2.10–11). */
  'account.manage',
  /** Pause, resume or retire an account, ask for an immediate rotation, start a handover (PCM 6.2.3.1). */
  'account.lifecycle',
  'roster.read',
  'roster.manage',
  'entity.read',
  /** Name, domains, profile, supervisor: the platform admin's. */
  'entity.manage',
  /** Decreed non-working days and the reminder plan: the head may tune them within the directive. */
  'policy.manage',
  'apiKey.manage',
  'audit.read',
  /** Phones of the roster (Ley 29733: only those who need them). */
  'personalData.read',
  /** Cancel a campaign before its diffusion or end it early: the head approves campaigns (PCM 5.1.1). */
  'campaign.end',
  /** The cross-entity board of the entities under supervision (PCM 6.1.1.2, 6.3.5). */
  'supervision.read',
  /**
   * Phones of the responsible people in the Anexo 4 directory (PCM 6.3.5): SCS, which keeps the
   * directory, and the entity's head, who answers for it. Nobody else (Ley 29733: only who needs them).
   */
  'directory.phones',
  /**
   * Connect the entity to Meta's Graph API with a system-user token, replace or revoke it (issue 17 §1):
   * the head's alone, as a credential of the office (not the platform admin's, not an API key's).
   */
  'meta.connect',
  /** Record a hidden or reported comment, or under INPE a blocked follower (PCM 6.2.2.13, INPE 5.4.b): the CM and the head. */
  'moderation.record',
  /** Mark a block record «Revisado» or «Observado» (INPE 5.4.b: the record is supervised by the head). */
  'moderation.review',
  /** A moderation record's user handle and evidence links (Ley 29733): the entity's office only, never SCS or an API key. */
  'moderation.personal',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_ALL: Permission[] = ['request.read', 'account.read', 'roster.read', 'entity.read'];

/** PCM 5.2.4: the head authorises and sees everything of the entity; the rest see what their work needs. */
export const ROLE_PERMISSIONS: Record<EntityRole | 'supervisor' | 'admin' | 'apiKey', readonly Permission[]> = {
  head: ['request.submit', ...READ_ALL, 'account.manage', 'account.lifecycle', 'campaign.end', 'roster.manage', 'policy.manage', 'apiKey.manage', 'audit.read', 'personalData.read', 'directory.phones', 'meta.connect', 'moderation.record', 'moderation.review', 'moderation.personal'],
  second: ['request.submit', ...READ_ALL, 'personalData.read', 'moderation.personal'],
  cm: ['request.submit', ...READ_ALL, 'account.manage', 'personalData.read', 'moderation.record', 'moderation.personal'],
  team: ['request.submit', 'request.readOwn', 'account.read', 'roster.read', 'entity.read', 'moderation.personal'],
  requester: ['request.submit', 'request.readOwn', 'entity.read'],
  // INPE 5.2.b: the Presidency approves sensitive content by link; it runs no part of the office.
  presidency: ['entity.read'],
  // INPE 4.2.c: the Gerencia General decides by link whether a unit gets an account of its own.
  gerencia: ['entity.read'],
  // SCS supervises read-only (PCM 6.1.1.2, 6.3.5) and answers its own links.
  supervisor: [...READ_ALL, 'audit.read', 'personalData.read', 'supervision.read', 'directory.phones'],
  // Manages entities and rosters, but reads no process of any entity (least privilege).
  admin: ['entity.read', 'entity.manage', 'policy.manage', 'roster.read', 'roster.manage', 'apiKey.manage', 'personalData.read'],
  // Machine access acts for the entity as its community manager would, without personal data.
  apiKey: ['request.submit', 'request.read', 'account.read', 'account.manage', 'entity.read'],
};

export interface Membership {
  entityId: string;
  role: EntityRole;
}

/** Whoever is making a request: a signed-in person, an entity's API key, or nobody. */
export type Principal =
  | { kind: 'person'; personId: string; email: string; name: string; memberships: Membership[]; supervisor: boolean; platformAdmin: boolean }
  | { kind: 'apiKey'; keyId: string; entityId: string; label: string }
  | { kind: 'anonymous' };

/** What `can` needs to know about the entity a request touches. */
export interface EntityScope {
  id: string;
  profile: PolicyProfileId;
}

/** Every role the principal holds towards one entity. */
export function rolesFor(p: Principal, entity: EntityScope): Array<keyof typeof ROLE_PERMISSIONS> {
  if (p.kind === 'anonymous') return [];
  if (p.kind === 'apiKey') return p.entityId === entity.id ? ['apiKey'] : [];
  const roles: Array<keyof typeof ROLE_PERMISSIONS> = p.memberships.filter((m) => m.entityId === entity.id).map((m) => m.role);
  // PCM 2: the supervisor's scope is the Executive Branch, INPE and Senace included; never the Congress.
  if (p.supervisor && PROFILES[entity.profile].supervisedByScs) roles.push('supervisor');
  if (p.platformAdmin) roles.push('admin');
  return roles;
}

/** True when the principal holds the permission on the entity. */
export function can(p: Principal, permission: Permission, entity: EntityScope): boolean {
  return rolesFor(p, entity).some((r) => ROLE_PERMISSIONS[r].includes(permission));
}

/**
 * Permissions that do not depend on one entity, held by the roles that are not an entity's: creating an
 * entity (the platform admin), the supervision board (the supervisor; which rows it shows, `can` says).
 */
export function canGlobally(p: Principal, permission: 'entity.manage' | 'supervision.read'): boolean {
  if (p.kind !== 'person') return false;
  const roles = [...(p.supervisor ? (['supervisor'] as const) : []), ...(p.platformAdmin ? (['admin'] as const) : [])];
  return roles.some((r) => ROLE_PERMISSIONS[r].includes(permission));
}

/** Who a principal is, in the words of the audit trail. */
export function principalLabel(p: Principal): string {
  if (p.kind === 'person') return p.email;
  if (p.kind === 'apiKey') return `api-key:${p.keyId}`;
  return 'anónimo';
}

/** A principal that is someone: a signed-in person or an entity's API key. */
export type Identified = Exclude<Principal, { kind: 'anonymous' }>;

/** The one anonymous check: refuses (`unauthenticated`) whoever is not signed in and presents no API key. */
export function requireIdentified(p: Principal): asserts p is Identified {
  if (p.kind === 'anonymous') throw new Refusal('unauthenticated', 'Inicie sesión o presente una clave de API.');
}

/** Keys under which a value holds personal data (Ley 29733): phones, and where a decision came from. */
const PERSONAL_KEYS = new Set(['phone', 'ip', 'userAgent']);

function withoutPersonalData<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutPersonalData) as T;
  if (!value || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !PERSONAL_KEYS.has(k)).map(([k, v]) => [k, withoutPersonalData(v)])) as T;
}

/**
 * The one place personal data is redacted: `value` as the principal may read it about the entity. Those
 * without `personalData.read` (an API key, a requesting unit, a team member) get it without phones and
 * without the IP address and browser of each decision. `'platform'` is what belongs to no entity (an
 * unknown sign-in address, a broken link): only the platform admin reads it whole.
 */
export function asReadBy<T>(p: Principal, entity: EntityScope | 'platform', value: T): T {
  const allowed = entity === 'platform' ? p.kind === 'person' && p.platformAdmin && ROLE_PERMISSIONS.admin.includes('personalData.read') : can(p, 'personalData.read', entity);
  return allowed ? value : withoutPersonalData(value);
}
