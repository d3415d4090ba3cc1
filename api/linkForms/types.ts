import type { Request } from 'express';
import type { DecisionAction, DecisionStepView } from '../../domain/decision';
import type { RuleViolation } from '../../domain/validation';
import type { Registry } from '../../registry/reads';
import type { CampaignsService } from '../services/campaigns';
import type { ContentRequestsService } from '../services/contentRequests';
import { fieldErrors } from '../forms/fields';

export type LinkFormName = NonNullable<DecisionStepView['form']>;

/** What the person sent, when the page comes back: the values to show again and the violations per field. */
export interface Shown {
  values?: unknown;
  violations?: RuleViolation[];
}

/** A POST read: the payload (and the values to show again should the workflow refuse it), or what is wrong. */
export type Reading = { payload?: unknown; values?: unknown } | { violations: RuleViolation[]; values?: unknown };

/** One step form of a link page: what the page needs to show it, and how its POST becomes the decision's payload. */
export interface LinkForm {
  context(view: DecisionStepView, action: DecisionAction, shown: Shown): Promise<Record<string, unknown>> | Record<string, unknown>;
  read(view: DecisionStepView, action: DecisionAction, req: Request): Promise<Reading> | Reading;
}

export interface LinkFormDeps {
  registry: Registry;
  campaigns?: CampaignsService;
  contentRequests?: ContentRequestsService;
}

export const bodyOf = (req: Request) => (req.body ?? {}) as Record<string, unknown>;
export const errorsOf = (shown: Shown) => (shown.violations ? { fieldErrors: fieldErrors(shown.violations) } : {});
