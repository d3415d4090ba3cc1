/** The incident form's body as the service takes it (domain/incident.ts is strict: only its fields). */
import { filled, list, str } from './fields';

/** The kind, the accounts ticked, what happened and when it was noticed; an empty field is left out, so the schema names it. */
export function incidentFromForm(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { accountIds: list(body.accountIds) };
  for (const field of ['kind', 'description', 'noticedAt'] as const) if (filled(body[field])) out[field] = str(body[field])!;
  return out;
}
