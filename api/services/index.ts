/** Builds every service the routes call, from the app's dependencies; routes receive only what they use. */
import type { Client } from '@temporalio/client';
import type { Connection } from 'mongoose';
import type { Logger } from '../../infra/logger';
import type { Mailer } from '../../infra/mailer';
import type { Metrics } from '../../infra/metrics';
import { createProcesses } from '../../processes';
import { createAuditTrail } from '../../registry/audit';
import { createRegistry } from '../../registry/reads';
import { accountRequestsService } from './accountRequests';
import { accountBoard } from './accountBoard';
import { accountCustodyService } from './accountCustody';
import { accountsService } from './accounts';
import { agencyGrantsService } from './agencyGrants';
import { apiKeysService } from './apiKeys';
import { auditService } from './audit';
import { campaignsService } from './campaigns';
import { contentRequestsService } from './contentRequests';
import { entitiesService } from './entities';
import { handoversService } from './handovers';
import { incidentsService } from './incidents';
import { imageIssuesService } from './imageIssues';
import { moderationService } from './moderation';
import { inventoryService } from './inventory';
import { myWork } from './myWork';
import { postMetricsImportService } from './postMetricsImport';
import { processNudges } from './processNudges';
import { roleReviewsService } from './roleReviews';
import { quarterlyReportsService } from './quarterlyReports';
import { openReportQuarters } from '../../domain/reporting';
import { signinService } from './signin';
import { stepsService } from './steps';
import { supervisionBoard } from './supervisionBoard';
import { directoryService } from './directory';
import { entityGlance } from './entityGlance';
import { metaConnectionService } from './metaConnection';
import { nameChangesService } from './nameChanges';
import { accountClosuresService } from './accountClosures';
import { citizenQuestionsService } from './citizenQuestions';
import { coexistenceService } from './coexistence';
import { digitalPlansService } from './digitalPlans';

export interface ServiceDeps {
  temporal: Client;
  db: Connection;
  taskQueue: string;
  /** How long a request waits for Temporal before answering "try again". */
  deadlineMs: number;
  /** The master secret (LINK_SECRET): the sign-in links' key derives from it. */
  secret: string;
  mailer: Mailer;
  publicUrl: string;
  log: Logger;
  /** Counts the sign-in emails. */
  metrics: Metrics;
  /** Told after each confirmed metrics import (issue 16 §1), e.g. to signal the quarterly report's process. */
  afterMetricsImport?: (entityId: string, accountId: string) => Promise<void>;
  /** META_TOKEN_KEYS (infra/meta/tokenCipher.ts); unset, the key derives from `secret`. */
  metaTokenKeys?: string | undefined;
  /** Meta's Graph API (META_GRAPH_URL, META_GRAPH_VERSION): the review page re-checks an anomaly there; absent, it cannot. */
  metaGraph?: { baseUrl: string; version: string };
}

export function createServices(deps: ServiceDeps) {
  const { db } = deps;
  const registry = createRegistry(db);
  const audit = createAuditTrail(db);
  const processes = createProcesses(deps.temporal, { taskQueue: deps.taskQueue, deadlineMs: deps.deadlineMs });
  const apiKeys = apiKeysService(db);
  const common = { db, registry, audit, processes };
  return {
    registry,
    audit,
    processes,
    apiKeys,
    accountRequests: accountRequestsService(common),
    entities: entitiesService({ ...common, apiKeys, nudges: processNudges({ db, processes }) }),
    accounts: accountsService(common),
    accountCustody: accountCustodyService(common),
    inventory: inventoryService(common),
    // An import may complete a quarter's export set: its report reads the registry again (PCM 6.3.2).
    postMetrics: postMetricsImportService({ ...common, log: deps.log, afterImport: deps.afterMetricsImport ?? ((entityId) => processes.metricsImported(entityId, openReportQuarters(new Date()))) }),
    accountBoard: accountBoard({ db, registry }),
    myWork: myWork({ db, registry, processes }),
    supervisionBoard: supervisionBoard({ db, registry }),
    directory: directoryService(common),
    entityGlance: entityGlance({ db }),
    roleReviews: roleReviewsService({ ...common, ...(deps.metaGraph ? { meta: { graph: deps.metaGraph, secret: deps.secret, metaTokenKeys: deps.metaTokenKeys } } : {}) }),
    quarterlyReports: quarterlyReportsService(common),
    agencyGrants: agencyGrantsService(common),
    handovers: handoversService(common),
    metaConnection: metaConnectionService({ ...common, secret: deps.secret, metaTokenKeys: deps.metaTokenKeys }),
    incidents: incidentsService(common),
    imageIssues: imageIssuesService(common),
    moderation: moderationService(common),
    nameChanges: nameChangesService(common),
    accountClosures: accountClosuresService(common),
    citizenQuestions: citizenQuestionsService(common),
    coexistence: coexistenceService(common),
    digitalPlans: digitalPlansService(common),
    campaigns: campaignsService(common),
    contentRequests: contentRequestsService({ ...common, publicUrl: deps.publicUrl }),
    steps: stepsService(common),
    auditReader: auditService({ registry, audit }),
    signin: signinService({ db, registry, mailer: deps.metrics.emails.meter(deps.mailer, 'signin'), audit, secret: deps.secret, publicUrl: deps.publicUrl, log: deps.log }),
  };
}

export type Services = ReturnType<typeof createServices>;
