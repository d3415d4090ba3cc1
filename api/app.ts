import express, { type ErrorRequestHandler, type Request } from 'express';
import type { Client } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { pinoHttp } from 'pino-http';
import { createAuditTrail } from '../registry/audit';
import type { LinkSigner } from '../infra/links';
import type { SmtpCapture } from '../local/smtpCapture';
import type { Logger } from '../infra/logger';
import type { Mailer } from '../infra/mailer';
import { createRegistry } from '../registry/reads';
import { actorOf, clientOf, csrfProtection, identify, isApi, requireSignIn, sessions, type AuthDeps } from './auth';
import { Refusal } from '../domain/refusal';
import { AppError, TEMPORAL_DEADLINE_MS, fromRefusal } from './errors';
import { limit, rejectOperatorKeys, securityHeaders } from './hardening';
import { openApiDocument } from './openapi';
import { messagePage, page } from './render';
import { accountRequestsApi } from './routes/accountRequests';
import { auditApi, auditPages } from './routes/audit';
import { devMailRoutes } from './routes/dev';
import { accountsApi, entityAccountsApi } from './routes/accounts';
import { accountsService } from './services/accounts';
import { roleReviewsApi } from './routes/roleReviews';
import { roleReviewsService } from './services/roleReviews';
import { accountAgencyGrantsApi, agencyGrantsApi } from './routes/agencyGrants';
import { agencyGrantsService } from './services/agencyGrants';
import { handoversApi } from './routes/handovers';
import { handoversService } from './services/handovers';
import { campaignPages, campaignsApi } from './routes/campaigns';
import { campaignsService } from './services/campaigns';
import { contentPages } from './routes/contentPages';
import { contentRequestsApi } from './routes/contentRequests';
import { contentRequestsService } from './services/contentRequests';
import { imageUpload } from './upload';
import { MAX_IMAGES, MAX_IMAGE_BASE64 } from '../domain/contentInput';
import { entitiesApi, meApi } from './routes/entities';
import { linkRoutes } from './routes/links';
import { accountRequestPages } from './routes/pages';
import { signinPages } from './routes/signin';
import { accountRequestsService } from './services/accountRequests';
import { apiKeysService } from './services/apiKeys';
import { auditService } from './services/audit';
import { processNudges } from './services/processNudges';
import { entitiesService } from './services/entities';
import { signinService } from './services/signin';
import { createProcesses } from '../processes/index';
import { ProcessesUnavailable } from '../contracts/processes';

export interface AppDeps {
  temporal: Client;
  db: Connection;
  links: LinkSigner;
  /** The master secret (LINK_SECRET): keys for sessions, CSRF and sign-in links derive from it. */
  secret: string;
  /** Sends sign-in links. */
  mailer: Mailer;
  /** Base of links in emails, e.g. `https://custodio.gob.pe`. */
  publicUrl: string;
  taskQueue: string;
  log: Logger;
  /** How long a request waits for Temporal before answering "try again" (default 15 s). */
  temporalDeadlineMs?: number;
  /** Per-IP limits; defaults suit people, tests lower them. */
  rateLimits?: { linksPer15Min?: number; submissionsPerMinute?: number; signinsPer15Min?: number; signinsPerAddress?: number };
  /** Production turns on HSTS, upgrade-insecure-requests and `Secure` cookies. */
  production?: boolean;
  /** Present in the local run: serves the captured mailbox. */
  mailbox?: SmtpCapture;
}

const TEMPORAL_UNAVAILABLE = 'El servicio de procesos no está disponible; intente de nuevo en unos minutos.';
const CSRF_MESSAGE = 'El formulario venció o no se originó en Custodio. Vuelva a abrir la página e intente de nuevo.';

/** Builds the Express app; tests mount it with supertest, `api/main.ts` and the local run listen. */
export function createApp(deps: AppDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const deadlineMs = deps.temporalDeadlineMs ?? TEMPORAL_DEADLINE_MS;
  const registry = createRegistry(deps.db);
  const audit = createAuditTrail(deps.db);
  const apiKeys = apiKeysService(deps.db);
  const auth: AuthDeps = { db: deps.db, registry, apiKeys, secret: deps.secret, production: deps.production ?? false };
  const processes = createProcesses(deps.temporal, { taskQueue: deps.taskQueue, deadlineMs });
  const accountRequests = accountRequestsService({ processes, db: deps.db, registry, audit });
  const nudges = processNudges({ db: deps.db, processes });
  const entities = entitiesService({ db: deps.db, registry, audit, apiKeys, nudges });
  const accounts = accountsService({ db: deps.db, registry, audit, processes });
  const roleReviews = roleReviewsService({ db: deps.db, registry, audit, processes });
  const agencyGrants = agencyGrantsService({ db: deps.db, registry, audit, processes });
  const handovers = handoversService({ db: deps.db, registry, audit, processes });
  const campaigns = campaignsService({ processes, db: deps.db, registry, audit });
  const contentRequests = contentRequestsService({ processes, db: deps.db, registry, audit, publicUrl: deps.publicUrl });
  const signin = signinService({ db: deps.db, registry, mailer: deps.mailer, audit, secret: deps.secret, publicUrl: deps.publicUrl, log: deps.log });
  const csrf = csrfProtection(auth);

  // Middleware order, top to bottom: security headers, request log (tokens in link paths are not
  // logged), bodies and their operator-key check, rate limits, session and identity, CSRF, routes, errors.
  app.use(securityHeaders(deps.production ?? false));
  app.use(
    pinoHttp({
      logger: deps.log,
      serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.replace(/\/(enlace|ingresar)\/[^/?]+/, '/$1/[token]') }) },
      autoLogging: { ignore: (req) => req.url === '/healthz' },
    }),
  );
  // Content requests carry images (RULEBOOK §6): limited before their larger body is read, base64 in JSON
  // up to MAX_IMAGES images of 5 MB; the form's multipart body is parsed after sign-in (below).
  const contentSubmissions = limit({ windowMs: 60_000, max: deps.rateLimits?.submissionsPerMinute ?? 30 });
  app.post(['/api/content-requests', '/contenidos/nueva'], contentSubmissions);
  app.post('/api/content-requests', express.json({ limit: MAX_IMAGES * MAX_IMAGE_BASE64 + 256 * 1024 }));
  app.use(express.json({ limit: '100kb' }));
  app.use(express.urlencoded({ extended: true, limit: '100kb', parameterLimit: 200 }));
  app.use(rejectOperatorKeys);
  const submissions = limit({ windowMs: 60_000, max: deps.rateLimits?.submissionsPerMinute ?? 30 });
  app.post('/api/account-requests', submissions);
  app.post('/solicitudes', submissions);
  app.post('/api/campaigns', submissions);
  app.post('/campanas/nueva', submissions);
  app.use('/enlace', limit({ windowMs: 15 * 60_000, max: deps.rateLimits?.linksPer15Min ?? 120 }));
  // Sign-in requests send email: limited per connection (an office shares one address, hence 50) and per mailbox.
  app.post('/ingresar', limit({ windowMs: 15 * 60_000, max: deps.rateLimits?.signinsPer15Min ?? 50 }));
  app.post('/ingresar', limit({ windowMs: 15 * 60_000, max: deps.rateLimits?.signinsPerAddress ?? 5, key: (req) => String((req.body as { email?: unknown })?.email ?? '').trim().toLowerCase() }));
  app.use('/ingresar/', limit({ windowMs: 15 * 60_000, max: deps.rateLimits?.linksPer15Min ?? 120 }));

  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  const apiDoc = openApiDocument();
  app.get('/api/openapi.json', (_req, res) => void res.json(apiDoc));
  app.get('/api/docs', (_req, res) => page(res, 200, 'apiDocs', { title: 'API', doc: apiDoc }));

  app.use(sessions(auth));
  app.use(identify(auth));
  app.post('/contenidos/nueva', requireSignIn, imageUpload);
  app.post('/enlace/:token', imageUpload);
  app.use(csrf.parse);
  app.use(csrf.protect);
  app.use(csrf.issue);

  app.use('/api/me', requireSignIn, meApi());
  app.use('/api/entities', entitiesApi(entities));
  app.use('/api/entities', entityAccountsApi(accounts));
  app.use('/api/entities', roleReviewsApi(roleReviews));
  app.use('/api/entities', handoversApi(handovers));
  app.use('/api/accounts', accountsApi(accounts));
  app.use('/api/accounts', accountAgencyGrantsApi(agencyGrants));
  app.use('/api/agency-grants', agencyGrantsApi(agencyGrants));
  app.use('/api/account-requests', accountRequestsApi(accountRequests));
  app.use('/api/campaigns', campaignsApi(campaigns));
  app.use('/api/content-requests', contentRequestsApi(contentRequests));
  app.use('/api/audit', auditApi(auditService({ registry, audit })));
  app.use('/enlace', linkRoutes({ processes, db: deps.db, links: deps.links, audit, registry, campaigns, contentRequests }));
  if (deps.mailbox) app.use('/dev', devMailRoutes(deps.mailbox));
  app.use(signinPages({ signin, registry, audit }));
  app.use('/auditoria', requireSignIn);
  app.use(auditPages(auditService({ registry, audit })));
  app.use(accountRequestPages(accountRequests, { devMailbox: Boolean(deps.mailbox), registry }));
  app.use(campaignPages(campaigns, registry));
  app.use(contentPages(contentRequests, registry));

  app.use((req, res) => {
    if (isApi(req) || req.path.startsWith('/dev/mail')) res.status(404).json({ error: { code: 'not_found', message: 'Ruta inexistente.' } });
    else messagePage(res, 404, 'Página no encontrada', 'La dirección que abrió no existe.', { next: { href: '/', label: 'Ir al inicio' } });
  });

  const known = (err: unknown): AppError | undefined => {
    if (err instanceof AppError) return err;
    if (err instanceof Refusal) return fromRefusal(err);
    if (err instanceof ProcessesUnavailable) return new AppError(503, 'temporal_unavailable', TEMPORAL_UNAVAILABLE);
    const { type, code } = err as { type?: string; code?: string };
    if (type === 'entity.too.large') return new AppError(413, 'payload_too_large', 'El contenido enviado es demasiado grande.');
    if (type === 'entity.parse.failed') return new AppError(400, 'bad_request', 'El cuerpo de la solicitud no es JSON válido.');
    if (type === 'operator.keys') return new AppError(400, 'bad_request', 'El contenido tiene claves no permitidas (que empiezan con $ o contienen un punto).');
    if (code === 'EBADCSRFTOKEN') return new AppError(403, 'csrf_failed', CSRF_MESSAGE);
    if (type === 'parameters.too.many') return new AppError(413, 'payload_too_large', 'El formulario tiene demasiados campos.');
    if (type === 'charset.unsupported' || type === 'encoding.unsupported') return new AppError(415, 'bad_request', 'Codificación no admitida: use UTF-8.');
    return undefined;
  };

  /**
   * The entity a refused request names, if it exists: in its path (`/api/entities/<id>/…`) or as the audit
   * trail's `entity` filter. Its refusals then land in that entity's trail, where its head sees them.
   */
  const namedEntity = async (req: Request): Promise<string | undefined> => {
    let id: string | undefined;
    const inPath = /^\/api\/entities\/([^/]+)/.exec(req.path)?.[1];
    if (inPath) {
      try {
        id = decodeURIComponent(inPath);
      } catch {
        return undefined;
      }
    } else if (req.path === '/api/audit' || req.path === '/auditoria') {
      const filter = (req.query as Record<string, unknown>).entity;
      if (typeof filter === 'string') id = filter;
    }
    if (!id || id.length > 64) return undefined;
    return (await registry.entity(id)) ? id : undefined;
  };

  const wantsJson = (req: Request) => isApi(req) || req.path.startsWith('/dev/mail');
  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    const e = known(err);
    if (!e) req.log.error({ err }, 'unhandled error');
    const shown = e ?? new AppError(500, 'internal', 'Ocurrió un error interno. Intente de nuevo; si persiste, avise a soporte.');
    if (shown.code === 'forbidden') {
      // Refusals are part of the record too: who tried what, from where.
      const entry = { action: 'access.denied' as const, actor: actorOf(res), detail: `${req.method} ${req.originalUrl.slice(0, 200)}`, ...clientOf(req) };
      void namedEntity(req)
        .then((entityId) => audit.record({ ...entry, ...(entityId ? { entityId } : {}) }))
        .catch((auditErr: unknown) => req.log.error({ err: auditErr }, 'audit write failed'));
    }
    if (res.headersSent) return;
    if (wantsJson(req)) res.status(shown.status).json({ error: { code: shown.code, message: shown.message, ...(shown.details.length ? { details: shown.details } : {}) } });
    else if (shown.status === 401) res.redirect(303, `/ingresar?siguiente=${encodeURIComponent(req.originalUrl)}`);
    else messagePage(res, shown.status, shown.status >= 500 ? 'Error' : shown.status === 403 ? 'Sin permiso' : 'Solicitud no válida', shown.message);
  };
  app.use(onError);
  return app;
}
