import { checklistFromForm } from '../forms/proposal';
import { bodyOf, type LinkForm } from './types';

/** The community manager's creation checklist (RULEBOOK §1.4–1.5); its page fields come with the step. */
export const checklistForm: LinkForm = {
  context: () => ({}),
  read: (_view, _action, req) => ({ payload: checklistFromForm(bodyOf(req)) }),
};
