/** The handover form's body as the service takes it (domain/handoverInput.ts is strict: only its fields). */
import { filled, str } from './fields';

/** Who leaves and who takes over, as addresses picked from the roster; an unpicked one is left out, so the schema names it. */
export function handoverFromForm(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of ['outgoingEmail', 'incomingEmail'] as const) if (filled(body[field])) out[field] = str(body[field])!;
  return out;
}
