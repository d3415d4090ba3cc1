import { createHmac } from 'node:crypto';

/**
 * One configured secret (`LINK_SECRET`) yields a separate key per purpose, so a key leaked or
 * rotated for one use (session cookies, CSRF, sign-in links) says nothing about the others.
 */
export function deriveSecret(master: string, purpose: 'session' | 'csrf' | 'signin' | 'meta-token'): string {
  return createHmac('sha256', master).update(`custodio:${purpose}`).digest('hex');
}
