/** The moderation forms' bodies as the service takes them (domain/moderation.ts is strict: only its fields). */
import { filled, lines, str } from './fields';

/** The account, action, reason, user, evidence links (one a line) and note; an empty field is left out, so the schema names it. */
export function moderationFromForm(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { evidenceUrls: lines(body.evidenceUrls) };
  for (const field of ['accountId', 'action', 'reason', 'userHandle', 'note'] as const) if (filled(body[field])) out[field] = str(body[field])!;
  return out;
}

/** The head's review: the verdict and, for «Observado», why. */
export function moderationReviewFromForm(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of ['verdict', 'note'] as const) if (filled(body[field])) out[field] = str(body[field])!;
  return out;
}
