import express, { type ErrorRequestHandler, type Request } from 'express';
import type { Client } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { pinoHttp } from 'pino-http';
import type { LinkSigner } from '../infra/links';
import type { SmtpCapture } from '../infra/local/smtpCapture';
import type { Logger } from '../infra/logger';
import { linkEventModel } from '../infra/models/linkEvent';
import { AppError, TEMPORAL_DEADLINE_MS } from './errors';
import { limit, rejectOperatorKeys, securityHeaders } from './hardening';
import { openApiDocument } from './openapi';
import { messagePage, page } from './render';
import { accountRequestsApi } from './routes/accountRequests';
import { devMailRoutes } from './routes/dev';
import { linkRoutes } from './routes/links';
import { accountRequestPages } from './routes/pages';
import { accountRequestsService } from './services/accountRequests';

export interface AppDeps {
  temporal: Client;
  db: Connection;
  links: LinkSigner;
  taskQueue: string;
  log: Logger;
  /** How long a request waits for Temporal before answering "try again" (default 15 s). */
  temporalDeadlineMs?: number;
  /** Per-IP limits; defaults suit people, tests lower them. */
  rateLimits?: { linksPer15Min?: number; submissionsPerMinute?: number };
  /** Production turns on HSTS and upgrade-insecure-requests. */
  production?: boolean;
  /** Present in the local run: serves the captured mailbox. */
  mailbox?: SmtpCapture;
}

const wantsJson = (req: Request) => req.path.startsWith('/api/') || req.path.startsWith('/dev/mail');

/** Builds the Express app; tests mount it with supertest, `api/main.ts` and the local run listen. */
export function createApp(deps: AppDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const deadlineMs = deps.temporalDeadlineMs ?? TEMPORAL_DEADLINE_MS;
  const accountRequests = accountRequestsService({ temporal: deps.temporal, db: deps.db, taskQueue: deps.taskQueue, deadlineMs });

  // Middleware order, top to bottom: security headers, request log (tokens in link paths are not
  // logged), bodies and their operator-key check, rate limits, routes, errors.
  app.use(securityHeaders(deps.production ?? false));
  app.use(
    pinoHttp({
      logger: deps.log,
      serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.replace(/\/enlace\/[^/?]+/, '/enlace/[token]') }) },
      autoLogging: { ignore: (req) => req.url === '/healthz' },
    }),
  );
  app.use(express.json({ limit: '100kb' }));
  app.use(express.urlencoded({ extended: true, limit: '100kb', parameterLimit: 200 }));
  app.use(rejectOperatorKeys);
  const submissions = limit({ windowMs: 60_000, max: deps.rateLimits?.submissionsPerMinute ?? 30 });
  app.post('/api/account-requests', submissions);
  app.post('/solicitudes', submissions);
  app.use('/enlace', limit({ windowMs: 15 * 60_000, max: deps.rateLimits?.linksPer15Min ?? 120 }));

  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  const apiDoc = openApiDocument();
  app.get('/api/openapi.json', (_req, res) => void res.json(apiDoc));
  app.get('/api/docs', (_req, res) => page(res, 200, 'apiDocs', { title: 'API', doc: apiDoc }));
  app.use('/api/account-requests', accountRequestsApi(accountRequests));
  app.use('/enlace', linkRoutes({ temporal: deps.temporal, links: deps.links, linkEvents: linkEventModel(deps.db), accountRequests, deadlineMs }));
  if (deps.mailbox) app.use('/dev', devMailRoutes(deps.mailbox));
  app.use(accountRequestPages(accountRequests, { devMailbox: Boolean(deps.mailbox) }));

  app.use((req, res) => {
    if (wantsJson(req)) res.status(404).json({ error: { code: 'not_found', message: 'Ruta inexistente.' } });
    else messagePage(res, 404, 'Página no encontrada', 'La dirección que abrió no existe.', { next: { href: '/', label: 'Ir al inicio' } });
  });

  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    const known =
      err instanceof AppError
        ? err
        : (err as { type?: string }).type === 'entity.too.large'
          ? new AppError(413, 'payload_too_large', 'El contenido enviado es demasiado grande.')
          : (err as { type?: string }).type === 'entity.parse.failed'
            ? new AppError(400, 'bad_request', 'El cuerpo de la solicitud no es JSON válido.')
            : (err as { type?: string }).type === 'operator.keys'
              ? new AppError(400, 'bad_request', 'El contenido tiene claves no permitidas (que empiezan con $ o contienen un punto).')
              : undefined;
    if (!known) req.log.error({ err }, 'unhandled error');
    const e = known ?? new AppError(500, 'internal', 'Ocurrió un error interno. Intente de nuevo; si persiste, avise a soporte.');
    if (wantsJson(req)) res.status(e.status).json({ error: { code: e.code, message: e.message, ...(e.details.length ? { details: e.details } : {}) } });
    else messagePage(res, e.status, e.status >= 500 ? 'Error' : 'Solicitud no válida', e.message);
  };
  app.use(onError);
  return app;
}
