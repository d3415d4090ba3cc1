/**
 * The port through which the API, the activities and the worker's start-up start, nudge and read the
 * processes; `processes/` implements it over a Temporal client. Every start is idempotent: the workflow
 * id derives from what it governs, and "already started" counts as success. Every method throws
 * `ProcessesUnavailable` when Temporal (or the worker behind a query) does not answer in time.
 */
import type { Decision, DecisionInput } from '../domain/decision';
import type { DecisionStepAnswer, RenewLinkRequest, ResendRequest } from './decision';
import type { AccountCreationInput, AccountCreationStatus } from './accountCreation';
import type { EndEarlyRequest, GrantStatus } from './agencyGrant';
import type { CampaignEnd, CampaignInput, CampaignStatus } from './campaign';
import type { ContentPublicationInput, ContentStatus } from './content';
import type { RotateNowRequest, RotationStarting, RotationStatus } from './credentialRotation';
import type { HandoverInput, HandoverStatus } from './handover';
import type { NameChangeStatus } from './nameChange';
import type { AccountClosureStatus } from './accountClosure';
import type { CitizenQuestionStatus } from './citizenQuestion';
import type { DigitalPlanStatus } from './digitalPlan';
import type { IncidentInput, IncidentStatus } from './incident';
import type { ImageIssueInput, ImageIssueStatus } from './imageIssue';
import type { ModerationNoticeInput } from './moderationNotice';
import type { DigestItem, ReminderDigestInput } from './reminderDigest';
import type { MonthlyEvaluationStatus, QuarterlyReportStatus } from './quarterlyReport';
import type { RoleReviewStatus } from './roleReview';

/** Temporal, or the worker behind a query or update, did not answer in time: nothing was done, try again. */
export class ProcessesUnavailable extends Error {
  override readonly name = 'ProcessesUnavailable';
  constructor(cause?: unknown) {
    super('The process engine did not answer in time', { cause });
  }
}

/** What a process says of itself, or `undefined` while Temporal is silent: pages show the registry's row alone then. */
export async function unlessUnavailable<T>(ask: () => Promise<T>): Promise<T | undefined> {
  try {
    return await ask();
  } catch (err) {
    if (err instanceof ProcessesUnavailable) return undefined;
    throw err;
  }
}

/** What a new rotation process starts from: the last confirmed rotation, and the cycle that comes next (1 by default). */
export interface RotationStart {
  accountId: string;
  lastConfirmedAt: string;
  cycle?: number;
  dueAt?: string;
}

/** The input's fingerprint (a hash of what was submitted) under an idempotency key; the same key with another fingerprint is refused. */
export type Fingerprint = string;

export interface Processes {
  // Long-lived processes, started and nudged by the account-creation process, the worker's start-up and the API.

  /** Starts the rotation process of each account unless it runs already. */
  startRotations(accounts: RotationStart[]): Promise<void>;
  /** Tells rotation processes to read the registry again (policy, roster or status changed). Missing ones are skipped. */
  refreshRotations(accountIds: string[]): Promise<void>;
  /**
   * Asks for an immediate rotation; a process that is missing is started first from `starts` (the
   * registry's last confirmed rotation, registry/rotations.ts), so it never begins again at cycle 1.
   */
  rotateNow(starts: RotationStart[], request: RotateNowRequest): Promise<void>;
  /** Workflow ids of the rotation processes running now; empty where the server has no visibility listing. */
  runningRotations(): Promise<Set<string>>;
  /**
   * Starts an entity's review of a month (PCM 6.1.2.11) unless it runs or completed already (a failed or
   * terminated one may start again); true when this call started it.
   */
  startRoleReview(entityId: string, month: string): Promise<boolean>;
  /** Starts each entity's monthly review scheduler unless it runs already. */
  startReviewSchedulers(entityIds: string[]): Promise<void>;
  /** Tells review schedulers to read the calendar again (decreed non-working days changed). Missing ones are skipped. */
  refreshReviewSchedulers(entityIds: string[]): Promise<void>;
  /** Starts each entity's reporting calendar (PCM 6.3.1–6.3.2) unless it runs already. */
  startReportingSchedulers(entityIds: string[]): Promise<void>;
  /** Tells reporting calendars to read the calendar again (decreed days, the report's deadline). Missing ones are skipped. */
  refreshReportingSchedulers(entityIds: string[]): Promise<void>;
  /** Starts an entity's report of a quarter (PCM 6.3.2) unless it runs or completed already; true when this call started it. */
  startQuarterlyReport(entityId: string, quarter: string): Promise<boolean>;
  /** Starts an entity's evaluation of a month (PCM 6.3.1) unless it runs or completed already; true when this call started it. */
  startMonthlyEvaluation(entityId: string, month: string): Promise<boolean>;
  /** Tells the entity's reports of these quarters that metrics were imported (they may now be complete). Missing ones are skipped. */
  metricsImported(entityId: string, quarters: string[]): Promise<void>;
  /** Starts the deployment's daily digest of the Anexo 4 directory for SCS (PCM 6.3.5, 7.3) unless it runs already. */
  startDirectoryDigest(): Promise<void>;
  /** Starts the process of an agency grant whose registry row is written (PCM 6.1.2.10) unless it runs already. */
  startAgencyGrant(grantId: string): Promise<void>;
  /** Ends a grant's campaign early; false when its process has ended (nothing left to end). */
  endAgencyGrantEarly(grantId: string, request: EndEarlyRequest): Promise<boolean>;
  /** Tells grant processes to read the registry again (a new custodian or head). Ended ones are skipped. */
  refreshAgencyGrants(grantIds: string[]): Promise<void>;
  /** Tells processes that follow the roster (contracts/decision.ts) to read it again and hand open steps over. Ended ones are skipped. */
  refreshRoster(workflowIds: string[]): Promise<void>;

  // Processes people start from a form or the API: idempotent by id; the same id with another fingerprint is refused (`idempotency_conflict`).

  startAccountCreation(input: AccountCreationInput, fingerprint: Fingerprint): Promise<void>;
  startCampaign(input: CampaignInput, fingerprint: Fingerprint): Promise<void>;
  startContentPublication(input: ContentPublicationInput, fingerprint: Fingerprint): Promise<void>;
  /** Starts a handover; its id is new each time (the API keeps one running per entity). */
  startHandover(input: HandoverInput): Promise<void>;
  /** Whether a handover's process runs now (false once it ended, or if it never started). */
  handoverRunning(entityId: string, handoverId: string): Promise<boolean>;
  /** Starts «cambio de nombre o usuario» for a request row the API wrote (PCM 6.1.2.7); a retry lands on the same process. */
  startNameChange(accountId: string, requestId: string): Promise<void>;
  /** Starts «cierre de cuenta» for a request row the API wrote (PCM 5.2.5, SENACE 7.2); a retry lands on the same process. */
  startAccountClosure(accountId: string, requestId: string): Promise<void>;
  /** Starts «consulta ciudadana» for a question row the API wrote (PCM 6.2.2.12); a retry lands on the same process. */
  startCitizenQuestion(entityId: string, questionId: string): Promise<void>;
  /** Starts the approval of round `round` of an entity's plan for `year` (PCM 6.2.2.1); a retry lands on the same process. */
  startDigitalPlan(entityId: string, year: number, round: number): Promise<void>;
  /** Starts a reported security incident's process (PCM 6.1.1.7); its id derives from the report's, so a retry lands on the same process. */
  startIncident(input: IncidentInput): Promise<void>;

  // What a process says of itself now; `undefined` when it does not exist (never started, or removed by an operator).

  accountCreationStatus(requestId: string): Promise<AccountCreationStatus | undefined>;
  campaignStatus(campaignId: string): Promise<CampaignStatus | undefined>;
  /** Asks a campaign to end (cancelled before its diffusion, ended early while it runs); false when its process has ended. */
  endCampaign(campaignId: string, request: CampaignEnd): Promise<boolean>;
  contentStatus(requestId: string): Promise<ContentStatus | undefined>;
  handoverStatus(entityId: string, handoverId: string): Promise<HandoverStatus | undefined>;
  nameChangeStatus(accountId: string, requestId: string): Promise<NameChangeStatus | undefined>;
  accountClosureStatus(accountId: string, requestId: string): Promise<AccountClosureStatus | undefined>;
  citizenQuestionStatus(entityId: string, questionId: string): Promise<CitizenQuestionStatus | undefined>;
  digitalPlanStatus(entityId: string, year: number, round: number): Promise<DigitalPlanStatus | undefined>;
  rotationStatus(accountId: string): Promise<RotationStatus | RotationStarting | undefined>;
  roleReviewStatus(entityId: string, month: string): Promise<RoleReviewStatus | undefined>;
  quarterlyReportStatus(entityId: string, quarter: string): Promise<QuarterlyReportStatus | undefined>;
  monthlyEvaluationStatus(entityId: string, month: string): Promise<MonthlyEvaluationStatus | undefined>;
  grantStatus(grantId: string): Promise<GrantStatus | undefined>;
  incidentStatus(entityId: string, incidentId: string): Promise<IncidentStatus | undefined>;
  /** Starts a reported image matter's process (PCM 6.2.2.14); its id derives from the report's. */
  startImageIssue(input: ImageIssueInput): Promise<void>;
  imageIssueStatus(entityId: string, issueId: string): Promise<ImageIssueStatus | undefined>;
  /** Emails the head about a moderation record, once, retried until the relay answers (INPE 5.4.b). */
  startModerationNotice(input: ModerationNoticeInput): Promise<void>;
  /** Adds a step's first email to the person's digest for its due instant, starting the digest if it is not running (issue 18 §1). */
  joinReminderDigest(input: ReminderDigestInput, item: DigestItem): Promise<void>;

  // Decisions, as the link pages post them (contracts/decision.ts).

  /** The step as its link page shows it; `null` for an unknown step or process. */
  decisionStep(workflowId: string, step: string): Promise<DecisionStepAnswer | null>;
  /**
   * Posts a decision; one the process refuses is a `Refusal('decision_refused')` carrying its Spanish
   * reason. `runId`, from the step's answer just read, is tried before looking up the current run.
   */
  decide(workflowId: string, input: DecisionInput, runId?: string): Promise<Decision>;
  /** Emails the addressee of an expired link fresh links to the step (issue 14 §1.5); a refusal throws `decision_refused` with the Spanish reason. */
  renewLink(workflowId: string, request: RenewLinkRequest): Promise<void>;
  /** Sends an open step to someone else in place of a decider (a refused address); false when the process has ended. */
  resendStep(workflowId: string, request: ResendRequest): Promise<boolean>;
}
