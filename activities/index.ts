import type { Connection } from 'mongoose';
import type { LinkSigner } from '../infra/links';
import type { Liveness } from '../infra/liveness';
import type { Mailer } from '../infra/mailer';
import type { Metrics } from '../infra/metrics';
import { accountModel } from '../infra/models/account';
import { outboxModel, outboxSentModel, outboxTakeoverModel } from '../infra/models/outbox';
import { createAccountActivities } from './accounts';
import { createCalendarActivities } from './calendar';
import { createEmailActivities } from './email';
import { createRotationActivities, rotationHolderOf } from './rotation';
import { createProcessActivities } from './processes';
import { createReminderDigestActivities } from './reminderDigest';
import { entityModel } from '../infra/models/entity';
import { rotationModel } from '../infra/models/rotation';
import { createRegistry } from '../registry/reads';
import { rotationStarts } from '../registry/rotations';
import { refusalRecipients } from '../registry/mailRefusals';
import { createAuditTrail } from '../registry/audit';
import { workflowEntity } from '../registry/workflowEntity';
import { openSteps } from '../registry/openSteps';
import { createDecisionActivities } from './decisions';
import { agencyGrantModel } from '../infra/models/agencyGrant';
import { roleReviewModel } from '../infra/models/roleReview';
import { createRoleReviewActivities } from './roleReview';
import { createAgencyGrantActivities } from './agencyGrant';
import { createHandoverActivities } from './handover';
import { createImageStore } from '../registry/contentImages';
import { contentRequestModel } from '../infra/models/contentRequest';
import { createContentActivities } from './content';
import { campaignModel } from '../infra/models/campaign';
import { createCampaignActivities } from './campaign';
import type { Processes } from '../contracts/processes';
import { handoverModel, handoverLocks } from '../infra/models/handover';
import { rosterWrites } from '../registry/roster';
import { quarterlyReports } from '../registry/quarterlyReports';
import { createQuarterlyReportActivities } from './quarterlyReport';
import { createDirectoryDigestActivities } from './directoryDigest';
import { auditModel } from '../infra/models/audit';
import { personModel } from '../infra/models/person';
import { nameChangeModel } from '../infra/models/nameChange';
import { createNameChangeActivities } from './nameChange';
import { incidentModel } from '../infra/models/incident';
import { createIncidentActivities } from './incident';
import { createImageIssueActivities } from './imageIssue';
import { createModerationActivities } from './moderation';
import { imageIssueModel } from '../infra/models/imageIssue';
import { createPlatformRoleActivities } from './platformRoles';
import { metaConnections } from '../registry/metaConnections';
import type { TokenKeyring } from '../infra/meta/tokenCipher';
import { createDocumentActivities } from './documents';
import { documentNumbers } from '../registry/documentNumbers';
import { createAccountClosureActivities } from './accountClosure';
import { createCitizenQuestionActivities } from './citizenQuestion';
import { createDigitalPlanActivities } from './digitalPlan';

export type { Attachment } from './attachments';
export type { AccountClosureContext, CloseAccountInput, RecordAccountClosureInput } from './accountClosure';
export type { CitizenQuestionContext } from './citizenQuestion';
export type { DecideDigitalPlanInput, DigitalPlanContext } from './digitalPlan';
export type { DecisionEmailInput, EmailOutcome, NoticeInput, ReminderDigestEmail } from './email';
export type { JoinDigestInput } from './reminderDigest';
export type { BusinessInstantsInput } from './calendar';
export type { RecordDecisionInput, StepWithdrawnInput, CurrentEntityInput } from './decisions';
export type { ActivateAccountsInput } from './accounts';
export type { RotationContext, RecordRotationInput } from './rotation';
export type { RoleReviewSchedule, RoleReviewSnapshot, OpenRoleReviewInput, AttestRoleReviewInput } from './roleReview';
export type { AgencyGrantContext, GrantInstants, GrantInstantsInput, RecordGrantStateInput } from './agencyGrant';
export type { CampaignInstants, OpenCampaignGrantsInput, RecordCampaignStateInput } from './campaign';
export type { ContentDeciders, RecordContentStateInput } from './content';
export type { MonthlyEvaluationContext, QuarterlyDraft, QuarterlyReportContext, ReportingSchedule } from './quarterlyReport';
export type { HandoverAccount, HandoverContext, HandoverContextInput, HandOverRosterInput, HandOverRosterResult, RecordHandoverInput } from './handover';
export type { DirectoryDigestDay, DirectoryDigestSchedule } from './directoryDigest';
export type { ApplyNameChangeInput, NameChangeContext, RecordNameChangeInput } from './nameChange';
export type { IncidentContext, RecordIncidentInput } from './incident';
export type { ImageIssueContext, RecordImageIssueInput } from './imageIssue';
export type { ModerationNoticeContext } from './moderation';
export type { DocumentNumberInput } from './documents';

export interface ActivityDeps {
  db: Connection;
  mailer: Mailer;
  links: LinkSigner;
  publicUrl: string;
  linkTtlDays: number;
  /** Starts and signals other workflows (a Temporal client on the worker's task queue). */
  processes: Processes;
  /** Counts the emails sent, refused, put off and pending. */
  metrics?: Metrics;
  /** Where security incidents are reported (CNSD_EMAIL); the CNSD's public mailbox when unset. */
  cnsdEmail?: string;
  /** Meta's Graph API and the stored tokens' keys (issue 17 §1); absent, every role review stays manual. */
  meta?: { graph: { baseUrl: string; version: string }; keyring: TokenKeyring };
  /** This worker process's incarnation (infra/liveness.ts): a killed worker's emails are taken over without waiting out their lease. */
  liveness?: Liveness;
}

/** Every activity the worker registers, built from its dependencies (no globals). */
export function createActivities(deps: ActivityDeps) {
  const mailer = deps.metrics ? deps.metrics.emails.meter(deps.mailer, 'process') : deps.mailer;
  // One registry for the worker, so every process asking someone of an entity shares its cached rosters.
  const registry = createRegistry(deps.db);
  const rotation = createRotationActivities({ accounts: accountModel(deps.db), entities: entityModel(deps.db), rotations: rotationModel(deps.db), registry });
  const email = createEmailActivities({ mailer, outbox: outboxModel(deps.db), sent: outboxSentModel(deps.db), takeovers: outboxTakeoverModel(deps.db), links: deps.links, publicUrl: deps.publicUrl, linkTtlDays: deps.linkTtlDays,
      refusals: refusalRecipients(deps.db, registry), audit: createAuditTrail(deps.db), steps: openSteps(deps.db), entityOf: workflowEntity(deps.db),
      holderOf: rotationHolderOf(rotation.rotationContext), ...(deps.liveness ? { liveness: deps.liveness } : {}),
    });
  const nameChanges = createNameChangeActivities({ requests: nameChangeModel(deps.db), accounts: accountModel(deps.db), registry, audit: createAuditTrail(deps.db), sendNotice: email.sendNotice });
  return {
    ...email,
    ...createDecisionActivities({ audit: createAuditTrail(deps.db), entityOf: workflowEntity(deps.db), steps: openSteps(deps.db), registry }),
    ...createCalendarActivities(),
    ...createAccountActivities({ accounts: accountModel(deps.db), audit: createAuditTrail(deps.db) }),
    ...createReminderDigestActivities({ processes: deps.processes }),
    ...createProcessActivities({ processes: deps.processes, rotationStarts: rotationStarts({ accounts: accountModel(deps.db), rotations: rotationModel(deps.db) }) }),
    rotationContext: rotation.rotationContext,
    recordRotation: rotation.recordRotation,
    ...createRoleReviewActivities({
      accounts: accountModel(deps.db), grants: agencyGrantModel(deps.db), reviews: roleReviewModel(deps.db), registry, processes: deps.processes,
    }),
    ...createAgencyGrantActivities({ grants: agencyGrantModel(deps.db), accounts: accountModel(deps.db), entities: entityModel(deps.db), registry }),
    ...createHandoverActivities({
      accounts: accountModel(deps.db), entities: entityModel(deps.db), grants: agencyGrantModel(deps.db), handovers: handoverModel(deps.db), locks: handoverLocks(deps.db),
      registry, roster: rosterWrites(deps.db, registry), processes: deps.processes, openSteps: openSteps(deps.db),
    }),
    ...createContentActivities({ images: createImageStore(deps.db), requests: contentRequestModel(deps.db), registry }),
    ...createCampaignActivities({ campaigns: campaignModel(deps.db), grants: agencyGrantModel(deps.db), accounts: accountModel(deps.db), processes: deps.processes }),
    ...createQuarterlyReportActivities({ db: deps.db, reports: quarterlyReports(deps.db), registry, processes: deps.processes }),
    ...createIncidentActivities({ incidents: incidentModel(deps.db), accounts: accountModel(deps.db), registry, ...(deps.cnsdEmail ? { cnsdEmail: deps.cnsdEmail } : {}) }),
    ...createImageIssueActivities({ imageIssues: imageIssueModel(deps.db), accounts: accountModel(deps.db), registry }),
    ...createModerationActivities({ db: deps.db, registry }),
    ...createDirectoryDigestActivities({ audit: auditModel(deps.db), accounts: accountModel(deps.db), people: personModel(deps.db), registry }),
    ...nameChanges,
    ...createAccountClosureActivities({ db: deps.db, registry, audit: createAuditTrail(deps.db) }),
    ...createCitizenQuestionActivities({ db: deps.db, registry }),
    ...createDigitalPlanActivities({ db: deps.db, registry }),
    ...createDocumentActivities({ numbers: documentNumbers(deps.db), registry }),
    ...createPlatformRoleActivities({
      db: deps.db, registry, alertUnapprovedRename: nameChanges.alertUnapprovedRename,
      ...(deps.meta ? { meta: { connections: metaConnections(deps.db, deps.meta.keyring), graph: deps.meta.graph } } : {}),
    }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
