/** The workflow bundle's entry: every workflow the worker runs. */
export { accountCreation } from './accountCreation';
export { credentialRotation } from './credentialRotation';
export { roleReview, roleReviewScheduler } from './roleReview';
export { agencyGrant } from './agencyGrant';
export { handover } from './handover';
export { campaign } from './campaign';
export { contentPublication } from './content';
export { quarterlyReport, reportingScheduler } from './quarterlyReport';
export { monthlyEvaluation } from './monthlyEvaluation';
export { directoryDigest } from './directoryDigest';
export { nameChange } from './nameChange';
export { securityIncident } from './incident';
export { imageIssue } from './imageIssue';
export { moderationNotice } from './moderationNotice';
export { reminderDigest } from './reminderDigest';
