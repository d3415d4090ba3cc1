/**
 * Addresses people type into forms: an https address with no credentials, and whether its host lies on
 * a given site. Each rule says in its own words (and clause) why an address does not serve.
 */

/** Why a typed address is not a usable https address. */
export type AddressProblem = 'missing' | 'invalid' | 'not-https' | 'credentials';

/** The lower-case host of a typed https address (trimmed), or why it is not one. */
export function httpsHost(raw: unknown): { host: string } | { problem: AddressProblem } {
  if (typeof raw !== 'string' || !raw.trim()) return { problem: 'missing' };
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { problem: 'invalid' };
  }
  if (url.protocol !== 'https:') return { problem: 'not-https' };
  if (url.username || url.password) return { problem: 'credentials' };
  return { host: url.hostname.toLowerCase() };
}

/** The (lower-case) host is one of these domains or a subdomain of one. */
export const hostWithin = (host: string, domains: readonly string[]): boolean => domains.some((d) => host === d || host.endsWith(`.${d}`));
