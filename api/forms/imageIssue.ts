/** The image-matter form's body as the service takes it (domain/imageIssue.ts is strict: only its fields). */
import { filled, list, str } from './fields';

/** Subject, description, the accounts ticked and the links, one per line; an empty field is left out, so the schema names it. */
export function imageIssueFromForm(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { accountIds: list(body.accountIds) };
  for (const field of ['subject', 'description'] as const) if (filled(body[field])) out[field] = str(body[field])!;
  out.links = (str(body.links) ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return out;
}

/** The schema names a bad link by its index (`links.2`); the form shows it at the field, by its line. */
export function linkLinesNamed<E extends { field: string; message: string }>(errors: E[]): E[] {
  return errors.map((e) => {
    const m = /^links\.(\d+)$/.exec(e.field);
    return m ? { ...e, field: 'links', message: `Línea ${Number(m[1]) + 1}: ${e.message}` } : e;
  });
}
