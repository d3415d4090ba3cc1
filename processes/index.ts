/**
 * The one Temporal-client adapter (contracts/processes.ts is its port): every start, signal and
 * query the API, the activities and the worker make goes through here (requests from people through
 * `asking.ts`), each method in one `call`.
 */
import type { Client } from '@temporalio/client';
import { accountCreationStatusQuery, accountCreationWorkflowId } from '../contracts/accountCreation';
import { endEarlySignal, grantStatusQuery, grantWorkflowId, refreshGrantSignal } from '../contracts/agencyGrant';
import { campaignStatusQuery, campaignWorkflowId, endCampaignSignal } from '../contracts/campaign';
import { contentStatusQuery, contentWorkflowId } from '../contracts/content';
import {
  refreshRotationSignal,
  rotateNowSignal,
  rotationStatusAsOf,
  rotationStatusQuery,
  rotationWorkflowId,
  type CredentialRotationInput,
  type RotateNowRequest,
} from '../contracts/credentialRotation';
import { decideSignal, decisionStepQuery, refreshRosterSignal, renewLinkSignal, resendStepSignal } from '../contracts/decision';
import { handoverStatusQuery, handoverWorkflowId } from '../contracts/handover';
import { nameChangeStatusQuery, nameChangeWorkflowId } from '../contracts/nameChange';
import { accountClosureStatusQuery, accountClosureWorkflowId } from '../contracts/accountClosure';
import { citizenQuestionStatusQuery, citizenQuestionWorkflowId } from '../contracts/citizenQuestion';
import { digitalPlanStatusQuery, digitalPlanWorkflowId } from '../contracts/digitalPlan';
import { incidentStatusQuery, incidentWorkflowId } from '../contracts/incident';
import { imageIssueStatusQuery, imageIssueWorkflowId } from '../contracts/imageIssue';
import { moderationNoticeWorkflowId } from '../contracts/moderationNotice';
import { digestItemSignal, reminderDigestId, type DigestItem } from '../contracts/reminderDigest';
import type { Processes, RotationStart } from '../contracts/processes';
import {
  monthlyEvaluationStatusQuery,
  monthlyEvaluationWorkflowId,
  quarterlyReportStatusQuery,
  quarterlyReportWorkflowId,
  reportingNewsSignal,
  reportingSchedulerId,
} from '../contracts/quarterlyReport';
import { refreshRoleReviewSignal, roleReviewSchedulerId, roleReviewStatusQuery, roleReviewWorkflowId } from '../contracts/roleReview';
import { DIRECTORY_DIGEST_WORKFLOW_ID } from '../contracts/directoryDigest';
import { ask, DEFAULT_ANSWER_WAIT_MS } from './asking';
import { temporalCalls, type TemporalOptions, type Workflows } from './temporal';

const SAME_KEY_OTHER_PROPOSAL = 'Esa clave de idempotencia ya se usó con otra propuesta.';

export function createProcesses(client: Client, opts: TemporalOptions): Processes {
  const t = temporalCalls(client, opts);
  const { call } = t;
  const answerWaitMs = opts.deadlineMs ?? DEFAULT_ANSWER_WAIT_MS;
  const rotationArgs = (a: RotationStart): [CredentialRotationInput] => [
    { accountId: a.accountId, lastConfirmedAt: a.lastConfirmedAt, cycle: a.cycle ?? 1, history: [], ...(a.dueAt ? { dueAt: a.dueAt } : {}) },
  ];

  return {
    startRotations: (accounts) =>
      call(async () => {
        for (const a of accounts) await t.startUnlessRunning('credentialRotation', { workflowId: rotationWorkflowId(a.accountId), args: rotationArgs(a) });
      }),

    refreshRotations: (accountIds) =>
      call(async () => {
        // A retired account's process has ended: nothing to tell it.
        for (const id of accountIds) await t.signalIfRunning(rotationWorkflowId(id), refreshRotationSignal);
      }),

    rotateNow: (starts, request) =>
      call(async () => {
        for (const start of starts) {
          await client.workflow.signalWithStart<Workflows['credentialRotation'], [RotateNowRequest]>('credentialRotation', {
            taskQueue: opts.taskQueue,
            workflowId: rotationWorkflowId(start.accountId),
            args: rotationArgs(start),
            signal: rotateNowSignal,
            signalArgs: [request],
          });
        }
      }),

    runningRotations: () =>
      call(async () => {
        const ids = new Set<string>();
        try {
          for await (const wf of client.workflow.list({ query: `WorkflowType = 'credentialRotation' AND ExecutionStatus = 'Running'` })) ids.add(wf.workflowId);
        } catch {
          // Every start is idempotent: without a listing, the caller starts each one and "already started" is fine.
          ids.clear();
        }
        return ids;
      }),

    startRoleReview: (entityId, month) =>
      call(() =>
        t.startUnlessRunning('roleReview', {
          workflowId: roleReviewWorkflowId(entityId, month),
          // A month's review runs once; only a failed or terminated one may be started again.
          workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
          args: [{ entityId, month }],
        }),
      ),

    startReviewSchedulers: (entityIds) =>
      call(async () => {
        for (const entityId of entityIds) await t.startUnlessRunning('roleReviewScheduler', { workflowId: roleReviewSchedulerId(entityId), args: [{ entityId }] });
      }),

    refreshReviewSchedulers: (entityIds) =>
      call(async () => {
        for (const id of entityIds) await t.signalIfRunning(roleReviewSchedulerId(id), refreshRoleReviewSignal);
      }),

    startReportingSchedulers: (entityIds) =>
      call(async () => {
        for (const entityId of entityIds) await t.startUnlessRunning('reportingScheduler', { workflowId: reportingSchedulerId(entityId), args: [{ entityId }] });
      }),

    refreshReportingSchedulers: (entityIds) =>
      call(async () => {
        for (const id of entityIds) await t.signalIfRunning(reportingSchedulerId(id), reportingNewsSignal);
      }),

    // Like a month's role review, a quarter's report and a month's evaluation run once; only a failed or terminated one may start again.
    startQuarterlyReport: (entityId, quarter) =>
      call(() =>
        t.startUnlessRunning('quarterlyReport', {
          workflowId: quarterlyReportWorkflowId(entityId, quarter),
          workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
          args: [{ entityId, quarter }],
        }),
      ),

    startMonthlyEvaluation: (entityId, month) =>
      call(() =>
        t.startUnlessRunning('monthlyEvaluation', {
          workflowId: monthlyEvaluationWorkflowId(entityId, month),
          workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
          args: [{ entityId, month }],
        }),
      ),

    metricsImported: (entityId, quarters) =>
      call(async () => {
        for (const q of quarters) await t.signalIfRunning(quarterlyReportWorkflowId(entityId, q), reportingNewsSignal);
      }),

    startDirectoryDigest: () =>
      call(async () => {
        await t.startUnlessRunning('directoryDigest', { workflowId: DIRECTORY_DIGEST_WORKFLOW_ID, args: [{}] });
      }),

    startAgencyGrant: (grantId) =>
      call(async () => {
        await t.startUnlessRunning('agencyGrant', { workflowId: grantWorkflowId(grantId), args: [{ grantId }] });
      }),

    endAgencyGrantEarly: (grantId, request) => call(() => t.signalIfRunning(grantWorkflowId(grantId), endEarlySignal, request)),

    refreshAgencyGrants: (grantIds) =>
      call(async () => {
        for (const id of grantIds) await t.signalIfRunning(grantWorkflowId(id), refreshGrantSignal);
      }),

    refreshRoster: (workflowIds) =>
      call(async () => {
        for (const id of workflowIds) await t.signalIfRunning(id, refreshRosterSignal);
      }),

    startAccountCreation: (input, fingerprint) =>
      call(() =>
        t.startIdempotent('accountCreation', { workflowId: accountCreationWorkflowId(input.requestId), args: [input] }, {
          value: fingerprint, entityId: input.entity.id, conflict: SAME_KEY_OTHER_PROPOSAL,
        }),
      ),

    startCampaign: (input, fingerprint) =>
      call(() =>
        t.startIdempotent('campaign', { workflowId: campaignWorkflowId(input.campaignId), args: [input] }, {
          value: fingerprint, entityId: input.entity.id, conflict: SAME_KEY_OTHER_PROPOSAL,
        }),
      ),

    startContentPublication: (input, fingerprint) =>
      call(() =>
        t.startIdempotent('contentPublication', { workflowId: contentWorkflowId(input.requestId), args: [input] }, {
          value: fingerprint, entityId: input.entity.id, conflict: 'Esa clave de idempotencia ya se usó con otra solicitud.',
        }),
      ),

    startHandover: (input) =>
      call(() => t.start('handover', { workflowId: handoverWorkflowId(input.entityId, input.handoverId), args: [input] })),

    handoverRunning: (entityId, handoverId) => call(() => t.isRunning(handoverWorkflowId(entityId, handoverId))),

    startNameChange: (accountId, requestId) =>
      call(async () => void (await t.startUnlessRunning('nameChange', { workflowId: nameChangeWorkflowId(accountId, requestId), args: [{ requestId }] }))),
    startAccountClosure: (accountId, requestId) =>
      call(async () => void (await t.startUnlessRunning('accountClosure', { workflowId: accountClosureWorkflowId(accountId, requestId), args: [{ requestId }] }))),
    startCitizenQuestion: (entityId, questionId) =>
      call(async () => void (await t.startUnlessRunning('citizenQuestion', { workflowId: citizenQuestionWorkflowId(entityId, questionId), args: [{ questionId }] }))),
    startDigitalPlan: (entityId, year, round) =>
      call(async () => void (await t.startUnlessRunning('digitalPlan', { workflowId: digitalPlanWorkflowId(entityId, year, round), args: [{ entityId, year, round }] }))),
    startIncident: (input) =>
      call(async () => void (await t.startUnlessRunning('securityIncident', { workflowId: incidentWorkflowId(input.entityId, input.incidentId), args: [input] }))),
    incidentStatus: (entityId, incidentId) => call(() => t.queryIfExists(incidentWorkflowId(entityId, incidentId), incidentStatusQuery)),
    startImageIssue: (input) =>
      call(async () => void (await t.startUnlessRunning('imageIssue', { workflowId: imageIssueWorkflowId(input.entityId, input.issueId), args: [input] }))),
    startModerationNotice: (input) =>
      call(async () => void (await t.startUnlessRunning('moderationNotice', { workflowId: moderationNoticeWorkflowId(input.entityId, input.recordId), args: [input] }))),
    // A digest that has sent and ended is started again by a late step: a second email, never a lost one.
    joinReminderDigest: (input, item) =>
      call(async () => {
        await client.workflow.signalWithStart<Workflows['reminderDigest'], [DigestItem]>('reminderDigest', {
          taskQueue: opts.taskQueue,
          workflowId: reminderDigestId(input.to.email, input.at),
          args: [input],
          signal: digestItemSignal,
          signalArgs: [item],
        });
      }),
    imageIssueStatus: (entityId, issueId) => call(() => t.queryIfExists(imageIssueWorkflowId(entityId, issueId), imageIssueStatusQuery)),

    accountCreationStatus: (requestId) => call(() => t.queryIfExists(accountCreationWorkflowId(requestId), accountCreationStatusQuery)),
    campaignStatus: (campaignId) => call(() => t.queryIfExists(campaignWorkflowId(campaignId), campaignStatusQuery)),
    endCampaign: (campaignId, request) => call(() => t.signalIfRunning(campaignWorkflowId(campaignId), endCampaignSignal, request)),
    contentStatus: (requestId) => call(() => t.queryIfExists(contentWorkflowId(requestId), contentStatusQuery)),
    handoverStatus: (entityId, handoverId) => call(() => t.queryIfExists(handoverWorkflowId(entityId, handoverId), handoverStatusQuery)),
    nameChangeStatus: (accountId, requestId) => call(() => t.queryIfExists(nameChangeWorkflowId(accountId, requestId), nameChangeStatusQuery)),
    accountClosureStatus: (accountId, requestId) => call(() => t.queryIfExists(accountClosureWorkflowId(accountId, requestId), accountClosureStatusQuery)),
    citizenQuestionStatus: (entityId, questionId) => call(() => t.queryIfExists(citizenQuestionWorkflowId(entityId, questionId), citizenQuestionStatusQuery)),
    digitalPlanStatus: (entityId, year, round) => call(() => t.queryIfExists(digitalPlanWorkflowId(entityId, year, round), digitalPlanStatusQuery)),
    rotationStatus: (accountId) =>
      call(async () => {
        const status = await t.queryIfExists(rotationWorkflowId(accountId), rotationStatusQuery);
        return status && rotationStatusAsOf(status, Date.now());
      }),
    roleReviewStatus: (entityId, month) => call(() => t.queryIfExists(roleReviewWorkflowId(entityId, month), roleReviewStatusQuery)),
    quarterlyReportStatus: (entityId, quarter) => call(() => t.queryIfExists(quarterlyReportWorkflowId(entityId, quarter), quarterlyReportStatusQuery)),
    monthlyEvaluationStatus: (entityId, month) => call(() => t.queryIfExists(monthlyEvaluationWorkflowId(entityId, month), monthlyEvaluationStatusQuery)),
    grantStatus: (grantId) => call(() => t.queryIfExists(grantWorkflowId(grantId), grantStatusQuery)),

    decisionStep: (workflowId, step) => call(async () => (await t.queryIfExists(workflowId, decisionStepQuery, step)) ?? null),

    resendStep: (workflowId, request) => call(() => t.signalIfRunning(workflowId, resendStepSignal, request)),

    decide: (workflowId, input, runId) =>
      call(async () => {
        const outcome = await ask(client.workflow, workflowId, decideSignal, input, { waitMs: answerWaitMs, runId });
        if (!('decision' in outcome)) throw new Error(`${workflowId} answered a decision with ${JSON.stringify(outcome)}`);
        return outcome.decision;
      }),

    renewLink: (workflowId, request) => call(async () => void (await ask(client.workflow, workflowId, renewLinkSignal, request, { waitMs: answerWaitMs }))),
  };
}
