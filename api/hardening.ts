import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { messagePage } from './render';

/**
 * Security headers. Pages use one inline <style> and the dev mailbox previews emails in a sandboxed
 * srcdoc frame, hence 'unsafe-inline' for styles only; no script runs on any page.
 */
export function securityHeaders(production: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'script-src': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'base-uri': ["'self'"],
        'object-src': ["'none'"],
        ...(production ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    strictTransportSecurity: production,
  });
}

/** A per-IP (or per `key`) limit that answers in Spanish: JSON under /api, a page elsewhere. */
export function limit(opts: { windowMs: number; max: number; key?: (req: Request) => string }): RequestHandler {
  return rateLimit({
    windowMs: opts.windowMs,
    limit: opts.max,
    ...(opts.key ? { keyGenerator: opts.key } : {}),
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req, res) => {
      const message = 'Demasiadas solicitudes desde su conexión. Espere unos minutos e intente de nuevo.';
      if (req.originalUrl.startsWith('/api/')) res.status(429).json({ error: { code: 'rate_limited', message } });
      else messagePage(res, 429, 'Demasiadas solicitudes', message);
    },
  });
}

const hasOperatorKey = (value: unknown, depth = 0): boolean => {
  if (depth > 20 || value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => k.startsWith('$') || k.includes('.') || hasOperatorKey(v, depth + 1));
};

/**
 * Refuses bodies with `$`-prefixed or dotted keys: no Custodio field is named so, and such keys are
 * how MongoDB operators get smuggled in (mongoose's sanitizeFilter guards the queries as well).
 */
export const rejectOperatorKeys: RequestHandler = (req, _res, next) => {
  if (hasOperatorKey(req.body)) {
    next(Object.assign(new Error('operator keys in body'), { type: 'operator.keys' }));
    return;
  }
  next();
};
