import { accountCreationWorkflowId } from './accountCreation';
import { grantWorkflowId } from './agencyGrant';
import { campaignWorkflowId } from './campaign';
import { contentWorkflowId } from './content';
import { rotationWorkflowId } from './credentialRotation';
import { handoverWorkflowId } from './handover';
import { nameChangeWorkflowId } from './nameChange';
import { accountClosureWorkflowId } from './accountClosure';
import { citizenQuestionWorkflowId } from './citizenQuestion';
import { digitalPlanWorkflowId } from './digitalPlan';
import { imageIssueWorkflowId } from './imageIssue';
import { moderationNoticeWorkflowId } from './moderationNotice';
import { incidentWorkflowId } from './incident';
import { monthlyEvaluationWorkflowId, quarterlyReportWorkflowId, reportingSchedulerId } from './quarterlyReport';
import { isDirectoryDigestId } from './directoryDigest';
import { roleReviewSchedulerId, roleReviewWorkflowId } from './roleReview';

/** What a workflow governs, read back from its id. */
export type WorkflowSubject =
  | { process: 'accountCreation'; requestId: string }
  | { process: 'credentialRotation'; accountId: string }
  | { process: 'agencyGrant'; grantId: string }
  | { process: 'roleReview'; entityId: string; month: string }
  | { process: 'roleReviewScheduler'; entityId: string }
  | { process: 'handover'; entityId: string; handoverId: string }
  | { process: 'campaign'; campaignId: string }
  | { process: 'contentPublication'; requestId: string }
  | { process: 'quarterlyReport'; entityId: string; quarter: string }
  | { process: 'monthlyEvaluation'; entityId: string; month: string }
  | { process: 'reportingScheduler'; entityId: string }
  | { process: 'directoryDigest' }
  | { process: 'nameChange'; accountId: string; requestId: string }
  | { process: 'accountClosure'; accountId: string; requestId: string }
  | { process: 'citizenQuestion'; entityId: string; questionId: string }
  | { process: 'digitalPlan'; entityId: string; year: number; round: number }
  | { process: 'securityIncident'; entityId: string; incidentId: string }
  | { process: 'imageIssue'; entityId: string; issueId: string }
  | { process: 'moderationNotice'; entityId: string; recordId: string };

/** The subject of any Custodio workflow id; `undefined` for an id no contract builds. */
export function workflowSubject(id: string): WorkflowSubject | undefined {
  let key: string | undefined;
  if ((key = accountCreationWorkflowId.parse(id))) return { process: 'accountCreation', requestId: key };
  if ((key = rotationWorkflowId.parse(id))) return { process: 'credentialRotation', accountId: key };
  if ((key = grantWorkflowId.parse(id))) return { process: 'agencyGrant', grantId: key };
  if ((key = campaignWorkflowId.parse(id))) return { process: 'campaign', campaignId: key };
  if ((key = contentWorkflowId.parse(id))) return { process: 'contentPublication', requestId: key };
  const review = roleReviewWorkflowId.parse(id);
  if (review) return { process: 'roleReview', ...review };
  if ((key = roleReviewSchedulerId.parse(id))) return { process: 'roleReviewScheduler', entityId: key };
  const report = quarterlyReportWorkflowId.parse(id);
  if (report) return { process: 'quarterlyReport', ...report };
  const evaluation = monthlyEvaluationWorkflowId.parse(id);
  if (evaluation) return { process: 'monthlyEvaluation', ...evaluation };
  if ((key = reportingSchedulerId.parse(id))) return { process: 'reportingScheduler', entityId: key };
  const handover = handoverWorkflowId.parse(id);
  if (handover) return { process: 'handover', ...handover };
  if (isDirectoryDigestId(id)) return { process: 'directoryDigest' };
  const rename = nameChangeWorkflowId.parse(id);
  if (rename) return { process: 'nameChange', ...rename };
  const closure = accountClosureWorkflowId.parse(id);
  if (closure) return { process: 'accountClosure', ...closure };
  const question = citizenQuestionWorkflowId.parse(id);
  if (question) return { process: 'citizenQuestion', ...question };
  const plan = digitalPlanWorkflowId.parse(id);
  if (plan) return { process: 'digitalPlan', ...plan };
  const incident = incidentWorkflowId.parse(id);
  if (incident) return { process: 'securityIncident', ...incident };
  const issue = imageIssueWorkflowId.parse(id);
  if (issue) return { process: 'imageIssue', ...issue };
  const moderation = moderationNoticeWorkflowId.parse(id);
  if (moderation) return { process: 'moderationNotice', ...moderation };
  return undefined;
}
