import type { Connection } from 'mongoose';
import { workflowSubject } from '../contracts/workflowSubject';
import { roleReviewId } from '../domain/roleReview';
import { accountModel } from '../infra/models/account';
import { agencyGrantModel } from '../infra/models/agencyGrant';
import { campaignModel } from '../infra/models/campaign';
import { contentRequestModel } from '../infra/models/contentRequest';
import { entityModel } from '../infra/models/entity';
import { handoverModel } from '../infra/models/handover';
import { imageIssueModel } from '../infra/models/imageIssue';
import { incidentModel } from '../infra/models/incident';
import { requestModel } from '../infra/models/request';
import { roleReviewModel } from '../infra/models/roleReview';

/**
 * The entity a process belongs to, from the registry row of what it governs, so the audit rows of its
 * links land in that entity's trail; `undefined` for an id no contract builds or whose row is gone.
 */
export function workflowEntity(db: Connection) {
  return async (workflowId: string): Promise<string | undefined> => {
    const subject = workflowSubject(workflowId);
    switch (subject?.process) {
      case undefined:
      case 'directoryDigest': // every supervised entity's, none's alone
        return undefined;
      case 'accountCreation':
        return (await requestModel(db).findById(subject.requestId).lean())?.entityId;
      case 'credentialRotation':
      case 'nameChange':
      case 'accountClosure':
        return (await accountModel(db).findById(subject.accountId).lean())?.entityId;
      case 'agencyGrant':
        return (await agencyGrantModel(db).findById(subject.grantId).lean())?.entityId;
      case 'roleReview':
        return (await roleReviewModel(db).findById(roleReviewId(subject.entityId, subject.month)).lean())?.entityId;
      case 'roleReviewScheduler':
      case 'reportingScheduler':
      case 'quarterlyReport':
      case 'monthlyEvaluation':
        return (await entityModel(db).findById(subject.entityId).lean())?._id;
      case 'handover':
        return (await handoverModel(db).findById(subject.handoverId).lean())?.entityId;
      case 'campaign':
        return (await campaignModel(db).findById(subject.campaignId).lean())?.entityId;
      case 'contentPublication':
        return (await contentRequestModel(db).findById(subject.requestId).lean())?.entityId;
      case 'securityIncident':
        return (await incidentModel(db).findById(subject.incidentId).lean())?.entityId;
      case 'moderationNotice':
      case 'citizenQuestion':
      case 'digitalPlan':
        return (await entityModel(db).findById(subject.entityId).lean())?._id;
      case 'imageIssue':
        return (await imageIssueModel(db).findById(subject.issueId).lean())?.entityId;
    }
  };
}
