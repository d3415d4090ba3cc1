/** Reading HTML form bodies (urlencoded or multipart, in qs's bracket notation) into the JSON shapes the API takes. */

export const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
/** A field that may come once or repeated, as a list of strings; an absent or empty field is an empty list. */
export const list = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]).map(String);
export const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
export const filled = (v: unknown) => typeof v === 'string' && v.trim() !== '';
/** One entry per non-blank line. */
export const lines = (v: unknown) => (str(v) ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
/** qs gives `a[0]`… as an array, or as an object when indexes are sparse or many. */
export const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : []);

const isBlankRow = (row: unknown) =>
  typeof row !== 'object' || row === null || Object.values(row).every((v) => typeof v !== 'string' || v.trim() === '');

/** Repeated rows (admins, responsibles) without the blank ones, so an empty third row is not an error. */
export const rows = (value: unknown): unknown[] => asArray(value).filter((r) => !isBlankRow(r));

/** Groups violations by field path, for inline messages under each input. */
export function fieldErrors(errors: Array<{ field: string; message: string; rule: string }>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of errors) (out[e.field] ??= []).push(`${e.message} (${e.rule})`);
  return out;
}

