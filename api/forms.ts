/**
 * Turns an HTML form body (parsed by `express.urlencoded({ extended: true })`) into the JSON shape the
 * API takes, dropping blank repeated rows so that an empty third admin row is not an error.
 */
const isBlankRow = (row: unknown) =>
  typeof row !== 'object' || row === null || Object.values(row).every((v) => typeof v !== 'string' || v.trim() === '');

/** qs gives `a[0]`… as an array, or as an object when indexes are sparse or many. */
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : []);

const rows = (value: unknown): unknown[] => asArray(value).filter((r) => !isBlankRow(r));

const list = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]).map(String);

export function proposalFromForm(body: Record<string, unknown>): Record<string, unknown> {
  return {
    entityId: body.entityId,
    requester: body.requester,
    responsibles: rows(body.responsibles),
    managingEmail: body.managingEmail,
    networks: list(body.networks),
    ...(typeof body.otherNetwork === 'string' && body.otherNetwork.trim() ? { otherNetwork: body.otherNetwork } : {}),
    proposedNames: asArray(body.proposedNames),
    description: body.description,
    contentType: body.contentType,
    justification: body.justification,
    strategy: body.strategy,
    admins: rows(body.admins),
    bio: body.bio,
  };
}

/** The checklist step's body: ticked items and the username actually registered. */
export function checklistFromForm(body: Record<string, unknown>): { items: string[]; chosenName?: string } {
  const chosen = typeof body.chosenName === 'string' && body.chosenName ? { chosenName: body.chosenName } : {};
  return { items: list(body.items), ...chosen };
}

/** Groups violations by field path, for inline messages under each input. */
export function fieldErrors(errors: Array<{ field: string; message: string; rule: string }>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of errors) (out[e.field] ??= []).push(`${e.message} (${e.rule})`);
  return out;
}
