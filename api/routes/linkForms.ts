/**
 * The forms a decision step may carry on its link page, one entry per `DecisionStepView['form']`: what
 * the page needs to show it, and how its POST becomes the decision's payload. The link route
 * (links.ts) stays the same for every process; a new kind of step adds an entry here (and its fields
 * in views/link.eta). Every payload is validated again by the workflow's update validator.
 */
import type { Request } from 'express';
import { validateAccountProposal } from '../../domain/accountProposal';
import { closingReportSchema, scsOpinionSchema, validateCampaignProposal } from '../../domain/campaign';
import type { DecisionAction, DecisionStepView } from '../../domain/decision';
import { shapeViolations, type RuleViolation } from '../../domain/validation';
import { campaignFromForm, closingReportFromForm, opinionFromForm } from '../campaignForms';
import { checklistFromForm, fieldErrors, proposalFromForm } from '../forms';
import type { CampaignsService } from '../services/campaigns';
import type { ContentRequestsService } from '../services/contentRequests';
import { campaignFormContext } from './campaigns';
import { contentLinkContext, contentLinkPayload } from './contentLinks';
import { proposalFormContext } from './pages';
import type { Registry } from '../../registry/reads';

export type LinkFormName = NonNullable<DecisionStepView['form']>;

/** What the person sent, when the page comes back: the values to show again and the violations per field. */
export interface Shown {
  values?: unknown;
  violations?: RuleViolation[];
}

/** A POST read: the payload (and the values to show again should the workflow refuse it), or what is wrong. */
export type Reading = { payload?: unknown; values?: unknown } | { violations: RuleViolation[]; values?: unknown };

export interface LinkForm {
  context(view: DecisionStepView, action: DecisionAction, shown: Shown): Promise<Record<string, unknown>> | Record<string, unknown>;
  read(view: DecisionStepView, action: DecisionAction, req: Request): Promise<Reading> | Reading;
}

export interface LinkFormDeps {
  registry: Registry;
  campaigns?: CampaignsService;
  contentRequests?: ContentRequestsService;
}

const bodyOf = (req: Request) => (req.body ?? {}) as Record<string, unknown>;
const errorsOf = (shown: Shown) => (shown.violations ? { fieldErrors: fieldErrors(shown.violations) } : {});

/** A form read with a zod schema alone (no registry lookups): the SCS opinion and the closing report. */
function schemaForm(schema: typeof scsOpinionSchema | typeof closingReportSchema, fromForm: (body: Record<string, unknown>) => unknown, rule: string): LinkForm {
  return {
    context: (_view, _action, shown) => ({ values: shown.values, ...errorsOf(shown) }),
    read(_view, _action, req) {
      const given = fromForm(bodyOf(req));
      const parsed = schema.safeParse(given);
      return parsed.success ? { payload: parsed.data, values: parsed.data } : { violations: shapeViolations(parsed.error, rule), values: given };
    },
  };
}

export function linkForms(deps: LinkFormDeps): Record<LinkFormName, LinkForm> {
  const entityOf = (view: DecisionStepView) => deps.registry.loadEntity((view.formData as { entityId: string }).entityId);

  const content: LinkForm = {
    context: (view, action, shown) => contentLinkContext(view, action, shown),
    read: (view, action, req) => (deps.contentRequests ? contentLinkPayload(view, action, req, deps.contentRequests) : {}),
  };

  return {
    proposal: {
      async context(view, _action, shown) {
        return { ...proposalFormContext([await entityOf(view)]), lockEntity: true, lockRequester: true, values: shown.values ?? view.formData, ...errorsOf(shown) };
      },
      async read(view, _action, req) {
        // The entity and the requester stay as submitted: a correction changes the proposal, not who asked.
        const original = view.formData as { entityId: string; requester: unknown };
        const proposal = { ...proposalFromForm(bodyOf(req)), entityId: original.entityId, requester: original.requester };
        const checked = validateAccountProposal(proposal, await entityOf(view));
        return checked.ok ? { payload: checked.value, values: checked.value } : { violations: checked.errors, values: proposal };
      },
    },

    checklist: {
      context: () => ({}),
      read: (_view, _action, req) => ({ payload: checklistFromForm(bodyOf(req)) }),
    },

    // A campaign step may offer «Confirmar» besides the correction: only the correction shows and reads the form.
    campaign: {
      async context(view, action, shown) {
        if (action !== 'correct') return {};
        const lists = deps.campaigns ? await campaignFormContext(deps.campaigns, [await entityOf(view)]) : {};
        return { ...lists, lockEntity: true, campaignForm: true, values: shown.values ?? view.formData, ...errorsOf(shown) };
      },
      async read(view, action, req) {
        if (action !== 'correct') return {};
        // PCM 5.1.1: the entity and the proposer stay as submitted; the corrected campaign meets every rule again.
        const original = view.formData as { entityId: string; proposer: unknown };
        const proposal = { ...campaignFromForm(bodyOf(req)), entityId: original.entityId, proposer: original.proposer };
        const checked = validateCampaignProposal(proposal, await entityOf(view));
        return checked.ok ? { payload: checked.value, values: checked.value } : { violations: checked.errors, values: proposal };
      },
    },

    scsOpinion: schemaForm(scsOpinionSchema, opinionFromForm, 'PCM 6.4.2'),
    closingReport: schemaForm(closingReportSchema, closingReportFromForm, 'informe de cierre'),

    contentEvaluation: content,
    contentCorrection: content,
    publication: content,
  };
}
