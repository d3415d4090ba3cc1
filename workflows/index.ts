/**
 * The workflow bundle's entry: every workflow the worker runs, each module loaded when a process of its
 * type first runs.
 *
 * The worker evaluates the bundle's modules once for every process it holds in its cache (the SDK's
 * reusable V8 context shares only the modules it preloads). Re-exported eagerly, as this file once did,
 * every process evaluated every module: zod, all of date-fns and every workflow, about 1.8 MiB of heap
 * and 26 ms of CPU each, paid at every start and at every cache miss (issue 18 §1, bench/README.md).
 * Required on first use, a process evaluates only its own workflow's modules. The requires are literal so
 * the bundler still finds every module; the types come from the modules themselves.
 */
import type * as accountCreationModule from './accountCreation';
import type * as credentialRotationModule from './credentialRotation';
import type * as roleReviewModule from './roleReview';
import type * as agencyGrantModule from './agencyGrant';
import type * as handoverModule from './handover';
import type * as campaignModule from './campaign';
import type * as contentModule from './content';
import type * as quarterlyReportModule from './quarterlyReport';
import type * as monthlyEvaluationModule from './monthlyEvaluation';
import type * as directoryDigestModule from './directoryDigest';
import type * as nameChangeModule from './nameChange';
import type * as accountClosureModule from './accountClosure';
import type * as citizenQuestionModule from './citizenQuestion';
import type * as digitalPlanModule from './digitalPlan';
import type * as incidentModule from './incident';
import type * as imageIssueModule from './imageIssue';
import type * as moderationNoticeModule from './moderationNotice';
import type * as reminderDigestModule from './reminderDigest';

export const accountCreation: typeof accountCreationModule.accountCreation = (...args) => (require('./accountCreation') as typeof accountCreationModule).accountCreation(...args);
export const credentialRotation: typeof credentialRotationModule.credentialRotation = (...args) => (require('./credentialRotation') as typeof credentialRotationModule).credentialRotation(...args);
export const roleReview: typeof roleReviewModule.roleReview = (...args) => (require('./roleReview') as typeof roleReviewModule).roleReview(...args);
export const roleReviewScheduler: typeof roleReviewModule.roleReviewScheduler = (...args) => (require('./roleReview') as typeof roleReviewModule).roleReviewScheduler(...args);
export const agencyGrant: typeof agencyGrantModule.agencyGrant = (...args) => (require('./agencyGrant') as typeof agencyGrantModule).agencyGrant(...args);
export const handover: typeof handoverModule.handover = (...args) => (require('./handover') as typeof handoverModule).handover(...args);
export const campaign: typeof campaignModule.campaign = (...args) => (require('./campaign') as typeof campaignModule).campaign(...args);
export const contentPublication: typeof contentModule.contentPublication = (...args) => (require('./content') as typeof contentModule).contentPublication(...args);
export const quarterlyReport: typeof quarterlyReportModule.quarterlyReport = (...args) => (require('./quarterlyReport') as typeof quarterlyReportModule).quarterlyReport(...args);
export const reportingScheduler: typeof quarterlyReportModule.reportingScheduler = (...args) => (require('./quarterlyReport') as typeof quarterlyReportModule).reportingScheduler(...args);
export const monthlyEvaluation: typeof monthlyEvaluationModule.monthlyEvaluation = (...args) => (require('./monthlyEvaluation') as typeof monthlyEvaluationModule).monthlyEvaluation(...args);
export const directoryDigest: typeof directoryDigestModule.directoryDigest = (...args) => (require('./directoryDigest') as typeof directoryDigestModule).directoryDigest(...args);
export const nameChange: typeof nameChangeModule.nameChange = (...args) => (require('./nameChange') as typeof nameChangeModule).nameChange(...args);
export const accountClosure: typeof accountClosureModule.accountClosure = (...args) => (require('./accountClosure') as typeof accountClosureModule).accountClosure(...args);
export const citizenQuestion: typeof citizenQuestionModule.citizenQuestion = (...args) => (require('./citizenQuestion') as typeof citizenQuestionModule).citizenQuestion(...args);
export const digitalPlan: typeof digitalPlanModule.digitalPlan = (...args) => (require('./digitalPlan') as typeof digitalPlanModule).digitalPlan(...args);
export const securityIncident: typeof incidentModule.securityIncident = (...args) => (require('./incident') as typeof incidentModule).securityIncident(...args);
export const imageIssue: typeof imageIssueModule.imageIssue = (...args) => (require('./imageIssue') as typeof imageIssueModule).imageIssue(...args);
export const moderationNotice: typeof moderationNoticeModule.moderationNotice = (...args) => (require('./moderationNotice') as typeof moderationNoticeModule).moderationNotice(...args);
export const reminderDigest: typeof reminderDigestModule.reminderDigest = (...args) => (require('./reminderDigest') as typeof reminderDigestModule).reminderDigest(...args);
