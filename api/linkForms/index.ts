/**
 * The forms a decision step may carry on its link page, one entry per `DecisionStepView['form']`: what
 * the page needs to show it, and how its POST becomes the decision's payload. The link route
 * (api/routes/links.ts) stays the same for every process; a new kind of step adds a file here, an entry
 * below and its fields in views/link.eta. Every payload is validated again by the workflow's update validator.
 */
import { campaignForm } from './campaign';
import { checklistForm } from './checklist';
import { contentForm } from './content';
import { proposalForm } from './proposal';
import { accountClosureForm, closingReportForm, questionAnswerForm, followsAttestationForm, imageIssueAckForm, incidentClosingForm, nameChangeForm, scsOpinionForm } from './schemaForms';
import type { LinkForm, LinkFormDeps, LinkFormName } from './types';

export type { LinkForm, LinkFormDeps, LinkFormName, Reading, Shown } from './types';

export function linkForms(deps: LinkFormDeps): Record<LinkFormName, LinkForm> {
  const content = contentForm(deps);
  return {
    proposal: proposalForm(deps),
    checklist: checklistForm,
    campaign: campaignForm(deps),
    scsOpinion: scsOpinionForm,
    closingReport: closingReportForm,
    contentEvaluation: content,
    contentCorrection: content,
    publication: content,
    nameChange: nameChangeForm,
    incidentClosing: incidentClosingForm,
    imageIssueAck: imageIssueAckForm,
    followsAttestation: followsAttestationForm,
    accountClosure: accountClosureForm,
    questionAnswer: questionAnswerForm,
  };
}
