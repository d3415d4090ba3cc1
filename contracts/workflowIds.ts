/**
 * Workflow ids carry what they govern (STYLE "Guardrails"): each process's contract builds its ids with
 * these helpers, and `workflowSubject` reads any id back, so nothing else matches id prefixes by hand.
 */

/** An id made of a prefix and one key, e.g. `rotacion-<accountId>`; `.parse` gives the key back. */
export function prefixedId(prefix: string) {
  const of = (key: string) => `${prefix}${key}`;
  return Object.assign(of, { parse: (id: string): string | undefined => (id.startsWith(prefix) && id.length > prefix.length ? id.slice(prefix.length) : undefined) });
}
