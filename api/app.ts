import express from 'express';
import type { Client } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { pinoHttp } from 'pino-http';
import { MAX_IMAGES, MAX_IMAGE_BASE64 } from '../domain/contentInput';
import type { LinkSigner } from '../infra/links';
import type { Logger } from '../infra/logger';
import type { Mailer } from '../infra/mailer';
import { createMetrics, metricsHandler, type Metrics } from '../infra/metrics';
import { openSteps } from '../registry/openSteps';
import { csrfProtection, identify, requireSignIn, sessions, type AuthDeps } from './auth';
import { errorHandler, notFound } from './errorHandler';
import { TEMPORAL_DEADLINE_MS } from './errors';
import { limit, rejectOperatorKeys, securityHeaders } from './hardening';
import { httpMetrics } from './httpMetrics';
import { openApiDocument } from './openapi';
import { page } from './render';
import { accountRequestsApi } from './routes/accountRequests';
import { accountClosuresApi, accountCustodyApi, accountNameChangesApi, accountsApi, entityAccountsApi } from './routes/accounts';
import { accountAgencyGrantsApi, agencyGrantsApi } from './routes/agencyGrants';
import { auditApi, auditPages } from './routes/audit';
import { campaignPages, campaignsApi } from './routes/campaigns';
import { contentPages } from './routes/contentPages';
import { contentRequestsApi } from './routes/contentRequests';
import { devMailRoutes, type DevMailbox } from './routes/dev';
import { entitiesApi, meApi } from './routes/entities';
import { handoversApi } from './routes/handovers';
import { incidentsApi } from './routes/incidents';
import { imageIssuesApi } from './routes/imageIssues';
import { moderationApi } from './routes/moderation';
import { linkRoutes } from './routes/links';
import { accountRequestPages } from './routes/accountRequestPages';
import { processListPages } from './routes/processLists';
import { processLists } from './services/processLists';
import { inventoryApi, inventoryPages, templateRoutes } from './routes/inventory';
import { metricsTemplateRoutes, postMetricsApi, postMetricsPages } from './routes/postMetrics';
import { supervisionPages } from './routes/supervision';
import { directoryPages } from './routes/directory';
import { accountPages } from './routes/accountPages';
import { nameChangePages } from './routes/nameChangePages';
import { accountClosurePages } from './routes/accountClosurePages';
import { grantPages } from './routes/grantPages';
import { grantListPage } from './routes/grantListPage';
import { handoverPages } from './routes/handoverPages';
import { incidentPages } from './routes/incidentPages';
import { imageIssuePages } from './routes/imageIssuePages';
import { moderationPages } from './routes/moderationPages';
import { citizenQuestionPages } from './routes/citizenQuestionPages';
import { citizenQuestionsApi } from './routes/citizenQuestions';
import { coexistencePages } from './routes/coexistencePages';
import { digitalPlanPages } from './routes/digitalPlanPages';
import { digitalPlansApi } from './routes/digitalPlans';
import { roleReviewPages } from './routes/roleReviewPages';
import { entityPages } from './routes/entityPages';
import { roleReviewsApi } from './routes/roleReviews';
import { quarterlyReportApi, quarterlyReportPages } from './routes/quarterlyReportPages';
import { signinPages } from './routes/signin';
import { stepActions, stepPages, stepsApi } from './routes/steps';
import { createServices } from './services';
import { metaConnectionApi, metaConnectionPages } from './routes/metaConnection';
import { exportUpload, imageUpload, sheetUpload } from './upload';

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
  mailbox?: DevMailbox;
  /** The process's metrics, served at `/metrics`; the local run shares them with its worker. */
  metrics?: Metrics;
  /** Who may read `/metrics` (infra/metrics/endpoint.ts): without it, callers on this machine, and nobody in production. */
  metricsToken?: string;
  /** Told after each confirmed metrics import (issue 16 §1); best-effort. */
  afterMetricsImport?: (entityId: string, accountId: string) => Promise<void>;
  /** META_TOKEN_KEYS: the keys of the stored Meta tokens (issue 17 §1); unset, derived from `secret`. */
  metaTokenKeys?: string | undefined;
  /** Meta's Graph API (META_GRAPH_URL, META_GRAPH_VERSION): the review page re-checks an anomaly there; absent, it cannot. */
  metaGraph?: { baseUrl: string; version: string };
}

/** Builds the Express app; tests mount it with supertest, `api/main.ts` and the local run listen. */
export function createApp(deps: AppDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const metrics = deps.metrics ?? createMetrics();
  // Open and overdue steps by process and age, from the open-step index (registry/openSteps.ts).
  metrics.useOpenSteps(openSteps(deps.db).metricsSource());
  const services = createServices({ ...deps, metrics, deadlineMs: deps.temporalDeadlineMs ?? TEMPORAL_DEADLINE_MS });
  const { registry, audit, processes, accountRequests, entities, accounts, roleReviews, agencyGrants, handovers, campaigns, contentRequests, auditReader, signin, steps } = services;
  const auth: AuthDeps = { db: deps.db, registry, apiKeys: services.apiKeys, secret: deps.secret, production: deps.production ?? false };
  const csrf = csrfProtection(auth);

  // Middleware order, top to bottom: request timing (by route pattern), security headers, request log
  // (tokens in link paths are not logged), bodies and their operator-key check, rate limits, session and
  // identity, CSRF, routes, errors.
  app.use(httpMetrics(metrics));
  app.use(securityHeaders(deps.production ?? false));
  app.use(
    pinoHttp({
      logger: deps.log,
      serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.replace(/\/(enlace|ingresar)\/[^/?]+/, '/$1/[token]') }) },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
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
  app.post(['/api/entities/:id/inventory', '/entidades/:id/inventario'], submissions);
  app.post(['/api/accounts/:id/metrics', '/cuentas/:id/metricas'], submissions);
  app.use('/enlace', limit({ windowMs: 15 * 60_000, max: deps.rateLimits?.linksPer15Min ?? 120 }));
  // Sign-in requests send email: limited per connection (an office shares one address, hence 50) and per mailbox.
  app.post('/ingresar', limit({ windowMs: 15 * 60_000, max: deps.rateLimits?.signinsPer15Min ?? 50 }));
  app.post('/ingresar', limit({ windowMs: 15 * 60_000, max: deps.rateLimits?.signinsPerAddress ?? 5, key: (req) => String((req.body as { email?: unknown })?.email ?? '').trim().toLowerCase() }));
  app.use('/ingresar/', limit({ windowMs: 15 * 60_000, max: deps.rateLimits?.linksPer15Min ?? 120 }));

  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  const scrape = metricsHandler(metrics, { ...(deps.metricsToken ? { token: deps.metricsToken } : {}), production: deps.production ?? false });
  app.get('/metrics', (req, res) => scrape(req, res));
  const apiDoc = openApiDocument();
  app.get('/api/openapi.json', (_req, res) => void res.json(apiDoc));
  app.get('/api/docs', (_req, res) => page(res, 200, 'apiDocs', { title: 'API', doc: apiDoc }));

  app.use(sessions(auth));
  app.use(identify(auth));
  app.post('/contenidos/nueva', requireSignIn, imageUpload);
  app.post('/enlace/:token', imageUpload);
  app.post('/entidades/:id/inventario', requireSignIn, sheetUpload);
  app.post('/api/entities/:id/inventory', sheetUpload);
  app.post('/cuentas/:id/metricas', requireSignIn, exportUpload);
  app.post('/api/accounts/:id/metrics', exportUpload);
  app.use(csrf.parse);
  app.use(csrf.protect);
  app.use(csrf.issue);

  app.use('/api/me', requireSignIn, meApi());
  app.use('/api/entities', entitiesApi(entities));
  app.use('/api/entities', entityAccountsApi(accounts));
  app.use('/api/entities', roleReviewsApi(roleReviews));
  app.use('/api/entities', quarterlyReportApi(services.quarterlyReports));
  app.use('/api/entities', handoversApi(handovers));
  app.use('/api/entities', incidentsApi(services.incidents));
  app.use('/api/entities', imageIssuesApi(services.imageIssues));
  app.use('/api/entities', moderationApi(services.moderation));
  app.use('/api/entities', citizenQuestionsApi(services.citizenQuestions));
  app.use('/api/entities', digitalPlansApi(services.digitalPlans));
  app.use('/api/entities', inventoryApi(services.inventory));
  app.use('/api/entities', metaConnectionApi(services.metaConnection));
  app.use('/api/accounts', accountsApi(accounts));
  app.use('/api/accounts', accountNameChangesApi(services.nameChanges));
  app.use('/api/accounts', accountClosuresApi(services.accountClosures));
  app.use('/api/accounts', accountCustodyApi(services.accountCustody));
  app.use('/api/accounts', accountAgencyGrantsApi(agencyGrants));
  app.use('/api/accounts', postMetricsApi(services.postMetrics));
  app.use('/api/agency-grants', agencyGrantsApi(agencyGrants));
  app.use('/api/account-requests', accountRequestsApi(accountRequests));
  app.use('/api/campaigns', campaignsApi(campaigns));
  app.use('/api/content-requests', contentRequestsApi(contentRequests));
  app.use('/api/audit', auditApi(auditReader));
  app.use('/api/processes', stepsApi(steps));
  app.use('/enlace', linkRoutes({ processes, db: deps.db, links: deps.links, audit, registry, campaigns, contentRequests, metrics }));
  if (deps.mailbox) app.use('/dev', devMailRoutes(deps.mailbox));
  app.use(signinPages({ signin, registry, audit, metrics }));
  app.use('/auditoria', requireSignIn);
  app.use(auditPages(auditReader));
  app.use(processListPages(processLists({ registry, accountRequests, campaigns, contentRequests })));
  app.use(accountRequestPages(accountRequests, { devMailbox: Boolean(deps.mailbox), registry, myWork: services.myWork, glance: services.entityGlance }));
  app.use(campaignPages(campaigns, registry));
  app.use(contentPages(contentRequests, registry));
  app.use(stepPages(steps));
  app.use(stepActions({ processes, links: deps.links }));
  app.use(templateRoutes());
  app.use(metricsTemplateRoutes());
  app.use(directoryPages(services.directory));
  app.use(inventoryPages(services.inventory, services.accountBoard));
  app.use(postMetricsPages(services.postMetrics));
  app.use(accountPages(accounts, agencyGrants, services.postMetrics, services.accountCustody));
  app.use(nameChangePages(services.nameChanges, accounts));
  app.use(accountClosurePages(services.accountClosures, accounts));
  app.use(grantPages(agencyGrants, accounts, registry));
  app.use(grantListPage(agencyGrants, registry));
  app.use(handoverPages(handovers, accounts, registry));
  app.use(incidentPages(services.incidents, accounts, registry));
  app.use(imageIssuePages(services.imageIssues, accounts, registry));
  app.use(moderationPages(services.moderation, accounts, registry));
  app.use(citizenQuestionPages(services.citizenQuestions, registry));
  app.use(coexistencePages(services.coexistence, services.entities));
  app.use(digitalPlanPages(services.digitalPlans, registry));
  app.use(roleReviewPages(roleReviews, accounts, registry));
  app.use(quarterlyReportPages(services.quarterlyReports));
  app.use(metaConnectionPages(services.metaConnection));
  app.use(entityPages(entities));
  app.use(supervisionPages(services.supervisionBoard));

  app.use(notFound);
  app.use(errorHandler({ registry, audit }));
  return app;
}
