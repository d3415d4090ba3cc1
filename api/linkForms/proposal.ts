import { validateAccountProposal } from '../../domain/accountProposal';
import { proposalFormContext, proposalFromForm } from '../forms/proposal';
import { bodyOf, errorsOf, type LinkForm, type LinkFormDeps } from './types';

/** The requester's correction of an observed account proposal (RULEBOOK §1). */
export function proposalForm(deps: LinkFormDeps): LinkForm {
  const entityOf = (formData: unknown) => deps.registry.loadEntity((formData as { entityId: string }).entityId);
  return {
    async context(view, _action, shown) {
      return { ...proposalFormContext([await entityOf(view.formData)]), lockEntity: true, lockRequester: true, values: shown.values ?? view.formData, ...errorsOf(shown) };
    },
    async read(view, _action, req) {
      // The entity and the requester stay as submitted: a correction changes the proposal, not who asked.
      const original = view.formData as { entityId: string; requester: unknown };
      const entity = await entityOf(view.formData);
      const proposal = { ...proposalFromForm({ ...bodyOf(req), entityId: original.entityId }, [entity]), requester: original.requester };
      const checked = validateAccountProposal(proposal, entity);
      return checked.ok ? { payload: checked.value, values: checked.value } : { violations: checked.errors, values: proposal };
    },
  };
}
