/**
 * Who is asking: sessions (after an emailed sign-in link), entity API keys, CSRF protection, and the
 * guards routes use. Middleware order lives in `app.ts`.
 */
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import type { Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import type { Connection } from 'mongoose';
import { type Principal, requireIdentified } from '../domain/access';
import type { AuditActor } from '../infra/models/audit';
import type { Registry } from '../registry/reads';
import { deriveSecret } from '../infra/secrets';
import { MongooseSessionStore } from './sessionStore';
import { AppError } from './errors';
import type { ApiKeysService } from './services/apiKeys';
import { urls } from '../infra/urls';

declare module 'express-session' {
  interface SessionData {
    personId?: string;
  }
}

/** A working day's session; signing in again is one emailed link away. */
export const SESSION_MAX_AGE_MS = 10 * 60 * 60_000;

export interface AuthDeps {
  db: Connection;
  registry: Registry;
  apiKeys: ApiKeysService;
  secret: string;
  /** Outside local runs cookies are `Secure` and CSRF's carries the `__Host-` prefix. */
  production: boolean;
}

export const isApi = (req: Request) => req.originalUrl.startsWith('/api/');

export const principalOf = (res: Response): Principal => (res.locals.principal as Principal | undefined) ?? { kind: 'anonymous' };

/** The audit trail's words for whoever made this request. */
export function actorOf(res: Response): AuditActor {
  const p = principalOf(res);
  if (p.kind === 'person') return { kind: 'person', email: p.email };
  if (p.kind === 'apiKey') return { kind: 'apiKey', keyId: p.keyId };
  return { kind: 'anonymous' };
}

export const clientOf = (req: Request) => ({ ...(req.ip ? { ip: req.ip } : {}), userAgent: req.get('user-agent')?.slice(0, 300) ?? '' });

/** Who is acting and from where, as services take it. */
export const callerOf = (req: Request, res: Response) => ({ principal: principalOf(res), actor: actorOf(res), client: clientOf(req) });

export function sessions(deps: AuthDeps): RequestHandler {
  return session({
    name: 'custodio.sid',
    secret: deriveSecret(deps.secret, 'session'),
    store: new MongooseSessionStore(deps.db, SESSION_MAX_AGE_MS),
    resave: false,
    saveUninitialized: false,
    rolling: false,
    // Lax, not Strict: a link opened from a webmail is a cross-site navigation, and its page must know who is signed in.
    cookie: { httpOnly: true, secure: deps.production, sameSite: 'lax', maxAge: SESSION_MAX_AGE_MS, path: '/' },
  });
}

/** Sets `res.locals.principal`: an API key when one is presented, else the signed-in person, else anonymous. */
export function identify(deps: AuthDeps): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const key = match ? await deps.apiKeys.verify(match[1]!) : undefined;
      if (!key) {
        next(new AppError(401, 'invalid_api_key', 'La clave de API no es válida o fue revocada.'));
        return;
      }
      res.locals.principal = key;
      next();
      return;
    }
    const personId = req.session?.personId;
    if (personId) {
      const principal = await deps.registry.principal(personId);
      if (principal) res.locals.principal = principal;
      // A person removed from every role is signed out at once.
      else await new Promise<void>((r) => req.session.destroy(() => r()));
    }
    next();
  };
}

/**
 * CSRF (double-submit cookie, signed and bound to the session): forms carry `_csrf`, scripts the
 * `x-csrf-token` header. Anonymous forms (sign-in, decision links) are protected too, against login
 * CSRF; API calls that carry no session cookie, or carry an API key, have no ambient credential to abuse.
 */
export function csrfProtection(deps: AuthDeps): { parse: RequestHandler; protect: RequestHandler; issue: RequestHandler } {
  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: () => deriveSecret(deps.secret, 'csrf'),
    getSessionIdentifier: (req) => (req.session?.personId ? req.sessionID : ''),
    cookieName: deps.production ? '__Host-custodio.csrf' : 'custodio.csrf',
    cookieOptions: { sameSite: 'strict', secure: deps.production, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req) =>
      // Multipart forms (content images) are parsed before this check by api/upload.ts.
      req.is('application/x-www-form-urlencoded') || req.is('multipart/form-data') ? (req.body as { _csrf?: string } | undefined)?._csrf : req.get('x-csrf-token'),
    skipCsrfProtection: (req) => req.get('authorization') !== undefined || (isApi(req) && !req.session?.personId),
  });
  return {
    parse: cookieParser(),
    protect: doubleCsrfProtection,
    issue: (req, res, next) => {
      if (!isApi(req)) res.locals.csrfToken = generateCsrfToken(req, res);
      next();
    },
  };
}

/** Refuses anonymous callers: the sign-in page (then back here) for pages, the one guard's 401 under /api. */
export const requireSignIn: RequestHandler = (req, res, next) => {
  const p = principalOf(res);
  if (p.kind === 'anonymous' && !isApi(req)) {
    res.redirect(303, urls.signIn(req.originalUrl));
    return;
  }
  requireIdentified(p);
  next();
};
