import { createHmac, timingSafeEqual } from 'node:crypto';
import { DECISION_ACTIONS, type DecisionAction } from '../domain/decision';

/**
 * What a signed link binds (issue #2 §5): the workflow, the step and its link version, the person's
 * address and the action, plus an expiry. Single use is enforced by the workflow, which accepts only
 * the first decision on a step.
 */
export interface LinkClaims {
  workflowId: string;
  step: string;
  version: number;
  email: string;
  action: DecisionAction;
  /** Expiry, epoch milliseconds. */
  expiresAt: number;
}

/** An expired link still says, authentically, whose and which it was: its addressee may ask for a new one. */
export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'malformed' | 'tampered' } | { ok: false; reason: 'expired'; claims: LinkClaims };

export interface LinkSigner {
  sign(claims: LinkClaims): string;
  verify(token: string, now?: number): LinkCheck;
}

const b64 = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

/** HMAC-SHA256 signer; the secret comes from config and never leaves the server. */
export function createLinkSigner(secret: string): LinkSigner {
  if (secret.length < 32) throw new Error('LINK_SECRET must be at least 32 characters');
  const mac = (body: string) => createHmac('sha256', secret).update(body).digest();
  return {
    sign(claims) {
      const body = b64(JSON.stringify([claims.workflowId, claims.step, claims.version, claims.email, claims.action, claims.expiresAt]));
      return `${body}.${b64(mac(body))}`;
    },
    verify(token, now = Date.now()) {
      const [body, sig, extra] = token.split('.');
      if (!body || !sig || extra !== undefined) return { ok: false, reason: 'malformed' };
      const given = Buffer.from(sig, 'base64url');
      const expected = mac(body);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'tampered' };
      let parts: unknown;
      try {
        parts = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      } catch {
        return { ok: false, reason: 'malformed' };
      }
      if (!Array.isArray(parts) || parts.length !== 6) return { ok: false, reason: 'malformed' };
      const [workflowId, step, version, email, action, expiresAt] = parts as unknown[];
      if (
        typeof workflowId !== 'string' || typeof step !== 'string' || typeof version !== 'number' ||
        typeof email !== 'string' || typeof expiresAt !== 'number' ||
        !DECISION_ACTIONS.includes(action as DecisionAction)
      ) {
        return { ok: false, reason: 'malformed' };
      }
      const claims = { workflowId, step, version, email, action: action as DecisionAction, expiresAt };
      if (expiresAt <= now) return { ok: false, reason: 'expired', claims };
      return { ok: true, claims };
    },
  };
}
