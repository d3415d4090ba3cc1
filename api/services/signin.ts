import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { AuditTrail } from '../../registry/audit';
import { insertOnce } from '../../infra/db';
import { renderEmail } from '../../infra/mail/layout';
import type { Logger } from '../../infra/logger';
import type { Mailer } from '../../infra/mailer';
import { signinTokenModel, signinUseModel } from '../../infra/models/credentials';
import type { Registry } from '../../registry/reads';
import { deriveSecret } from '../../infra/secrets';
import { urls } from '../../infra/urls';

/** Sign-in links are short-lived: long enough to switch to the mailbox, short enough to be useless later. */
export const SIGNIN_TTL_MINUTES = 15;

export type SigninCheck =
  | { ok: true; email: string; next: string }
  | { ok: false; reason: 'malformed' | 'tampered' | 'expired' | 'used' };

export interface SigninDeps {
  db: Connection;
  registry: Registry;
  mailer: Mailer;
  audit: AuditTrail;
  secret: string;
  publicUrl: string;
  log: Logger;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Only paths of this site: `/x` but not `//host` or `/\host`, which browsers treat as another site. */
export const safeNext = (next: unknown): string => (typeof next === 'string' && /^\/(?![/\\])[\x21-\x7e]{0,500}$/.test(next) ? next : '/');

/**
 * Passwordless sign-in (issue #3 §2). A link carries 32 random bytes and their HMAC: a tampered link
 * is refused without a database read; the database keeps only the hash of the random part, its
 * expiry and when it was used, so each link works once.
 */
export function signinService(deps: SigninDeps) {
  const tokens = signinTokenModel(deps.db);
  const uses = signinUseModel(deps.db);
  const key = deriveSecret(deps.secret, 'signin');
  const mac = (random: string) => createHmac('sha256', key).update(random).digest();

  function parse(token: string): { id: string } | { reason: 'malformed' | 'tampered' } {
    const m = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!m) return { reason: 'malformed' };
    const given = Buffer.from(m[2]!, 'base64url');
    const expected = mac(m[1]!);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { reason: 'tampered' };
    return { id: sha256(m[1]!) };
  }

  /** Whether a link can still be used, without using it (the confirmation page's GET). */
  async function check(token: string, now = new Date()): Promise<SigninCheck> {
    const parsed = parse(token);
    if ('reason' in parsed) return { ok: false, reason: parsed.reason };
    const row = await tokens.findById(parsed.id).lean();
    if (!row) return { ok: false, reason: 'expired' };
    if (row.usedAt) return { ok: false, reason: 'used' };
    if (row.expiresAt <= now) return { ok: false, reason: 'expired' };
    return { ok: true, email: row.email, next: row.next };
  }

  return {
    /**
     * Emails a sign-in link when the address belongs to someone with a role; answers the same either
     * way, so the form does not reveal who is registered.
     */
    async request(email: string, next: string, client: { ip?: string; userAgent: string }): Promise<void> {
      const person = await deps.registry.personByEmail(email);
      const principal = person ? await deps.registry.principal(String(person._id)) : undefined;
      const entityId = principal?.kind === 'person' ? principal.memberships[0]?.entityId : undefined;
      if (!person || !principal) {
        await deps.audit.record({ action: 'signin.unknown', actor: { kind: 'anonymous' }, subject: email.toLowerCase(), ...client });
        return;
      }
      const random = randomBytes(32).toString('base64url');
      const token = `${random}.${mac(random).toString('base64url')}`;
      const now = new Date();
      await tokens.create({ _id: sha256(random), personId: person._id, email: person.email, next: safeNext(next), createdAt: now, expiresAt: new Date(now.getTime() + SIGNIN_TTL_MINUTES * 60_000) });
      const { html, text } = renderEmail({
        greeting: `Estimado(a) ${person.name}:`,
        paragraphs: ['Recibimos una solicitud para ingresar a Custodio con su correo institucional. Use el botón para ingresar.', 'Si usted no lo pidió, ignore este correo: nadie podrá ingresar sin él.'],
        buttons: [{ label: 'Ingresar a Custodio', url: `${deps.publicUrl}${urls.signInLink(token)}` }],
        footnote: `El enlace es personal, sirve una sola vez y vence en ${SIGNIN_TTL_MINUTES} minutos. Custodio no usa contraseñas.`,
      });
      // Not awaited: a known address must answer as fast as an unknown one, or timing would reveal who is registered.
      void deps.mailer
        .send({ messageId: `<signin-${sha256(random).slice(0, 32)}@custodio>`, to: [person.email], subject: 'Su enlace para ingresar a Custodio', html, text })
        .catch((err: unknown) => deps.log.error({ err }, 'sign-in email could not be sent'));
      await deps.audit.record({ action: 'signin.requested', actor: { kind: 'anonymous' }, subject: person.email, ...(entityId ? { entityId } : {}), ...client });
    },

    check,

    /**
     * Uses the link: at most one caller ever gets the person, even when POSTs race, because the use is a
     * unique insert (`signin_uses`), not a conditional update.
     */
    async consume(token: string, now = new Date()): Promise<{ ok: true; personId: string; email: string; next: string } | Extract<SigninCheck, { ok: false }>> {
      const parsed = parse(token);
      if ('reason' in parsed) return { ok: false, reason: parsed.reason };
      const row = await tokens.findById(parsed.id).lean();
      if (!row || row.expiresAt <= now) return { ok: false, reason: 'expired' };
      if (row.usedAt) return { ok: false, reason: 'used' };
      if (!(await insertOnce(uses, { _id: parsed.id, at: now }))) return { ok: false, reason: 'used' };
      // For the confirmation page of a link opened again; the insert above is what decides.
      await tokens.updateOne({ _id: parsed.id }, { $set: { usedAt: now } });
      return { ok: true, personId: String(row.personId), email: row.email, next: row.next };
    },
  };
}

export type SigninService = ReturnType<typeof signinService>;
