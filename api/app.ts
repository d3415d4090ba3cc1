import express, { type ErrorRequestHandler, type Request } from 'express';
import type { Client } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { pinoHttp } from 'pino-http';
import type { LinkSigner } from '../infra/links';
import type { SmtpCapture } from '../infra/local/smtpCapture';
import type { Logger } from '../infra/logger';
import { linkEventModel } from '../infra/models/linkEvent';
import { AppError, TEMPORAL_DEADLINE_MS } from './errors';
import { messagePage } from './render';
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

  // Middleware order, top to bottom: request log (tokens in link paths are not logged), bodies, routes, errors.
  app.use(
    pinoHttp({
      logger: deps.log,
      serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.replace(/\/enlace\/[^/?]+/, '/enlace/[token]') }) },
      autoLogging: { ignore: (req) => req.url === '/healthz' },
    }),
  );
  app.use(express.json({ limit: '100kb' }));
  app.use(express.urlencoded({ extended: true, limit: '100kb', parameterLimit: 200 }));

  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
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
            : undefined;
    if (!known) req.log.error({ err }, 'unhandled error');
    const e = known ?? new AppError(500, 'internal', 'Ocurrió un error interno. Intente de nuevo; si persiste, avise a soporte.');
    if (wantsJson(req)) res.status(e.status).json({ error: { code: e.code, message: e.message, ...(e.details.length ? { details: e.details } : {}) } });
    else messagePage(res, e.status, e.status >= 500 ? 'Error' : 'Solicitud no válida', e.message);
  };
  app.use(onError);
  return app;
}
