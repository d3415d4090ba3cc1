/**
 * The check at a grant's end (issue 17 §1; PCM 6.1.2.10): once the custodian confirms the agency's role
 * was removed, the platform itself is asked whether the agency still holds access. Pure: an activity
 * reads Meta and hands the agencies here; the grant's row keeps the outcome and its page shows it.
 */
import { sameAgency, type GrantSummary } from './pageRoles';
import type { PlatformAgency } from './platformRoles';

/**
 * What the check found: `still-present` — the agency is still listed on the account; `gone` — it is not;
 * `manual` — nothing was read (no Meta token, no platform id, or a network that lists no agencies), so
 * the removal rests on the custodian's word; `failed` — Meta did not answer usefully (the reason).
 */
export type GrantPlatformCheckState = 'still-present' | 'gone' | 'manual' | 'failed';

export interface GrantPlatformCheck {
  state: GrantPlatformCheckState;
  /** When it was decided, ISO. */
  checkedAt: string;
  /** Why it stayed manual or failed, in Spanish. */
  reason?: string;
  /** The agency as the platform lists it, when still present. */
  agency?: PlatformAgency;
}

/** The page's words for each outcome. */
export const GRANT_PLATFORM_CHECK_LABELS: Record<GrantPlatformCheckState, string> = {
  'still-present': 'La agencia sigue con acceso en la plataforma',
  gone: 'Verificado en la plataforma: la agencia ya no tiene acceso',
  manual: 'Verificación manual: no se consultó la plataforma',
  failed: 'No se pudo verificar en la plataforma',
};

export const NO_TOKEN_REASON = 'La entidad no registró un token de Meta: verifique en la red social que la agencia ya no tenga acceso.';
export const NO_PLATFORM_ID_REASON = 'La cuenta no tiene registrado su identificador de Meta: verifique en la red social que la agencia ya no tenga acceso.';
export const NO_AGENCY_LIST_REASON = 'La plataforma no ofrece la lista de agencias con acceso a esta cuenta: verifique en la red social que la agencia ya no tenga acceso.';

/**
 * The agency of the grant among those the platform lists, matched as the monthly review matches them
 * (`sameAgency`: the Business Manager ID when both have one, else the name).
 */
export function agencyStillListed(grant: Pick<GrantSummary, 'agencyName' | 'businessManagerId'>, agencies: PlatformAgency[]): PlatformAgency | undefined {
  return agencies.find((ag) => sameAgency(grant, { agencyName: ag.name, businessManagerId: ag.id }));
}
