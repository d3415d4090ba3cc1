/** The agency-grant forms' bodies as the service takes them (domain/agencyGrantInput.ts is strict: only its fields). */
import { filled, str } from './fields';

/** The open-a-grant form: what was typed, blank optional fields left out so the schema says what is missing. */
export function grantFromForm(body: Record<string, unknown>): Record<string, string | undefined> {
  return {
    agencyName: str(body.agencyName),
    businessManagerId: str(body.businessManagerId),
    role: filled(body.role) ? str(body.role) : undefined,
    campaign: str(body.campaign),
    startsOn: str(body.startsOn),
    endsOn: str(body.endsOn),
    agencyContactName: str(body.agencyContactName),
    agencyContactEmail: str(body.agencyContactEmail),
  };
}

/** The end-early form: a blank date means today (the service's default). */
export function grantEndFromForm(body: Record<string, unknown>): Record<string, string | undefined> {
  return { reason: str(body.reason), ...(filled(body.on) ? { on: str(body.on) } : {}) };
}
