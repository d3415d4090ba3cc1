import { validateCampaignProposal } from '../../domain/campaign';
import { campaignFormContext, campaignFromForm } from '../forms/campaign';
import { bodyOf, errorsOf, type LinkForm, type LinkFormDeps } from './types';

/** A campaign step may offer «Confirmar» besides the correction: only the correction shows and reads the form (PCM 5.1.1). */
export function campaignForm(deps: LinkFormDeps): LinkForm {
  const entityOf = (formData: unknown) => deps.registry.loadEntity((formData as { entityId: string }).entityId);
  return {
    async context(view, action, shown) {
      if (action !== 'correct') return {};
      const lists = deps.campaigns ? await campaignFormContext(deps.campaigns.accountsFor, [await entityOf(view.formData)]) : {};
      return { ...lists, lockEntity: true, campaignForm: true, values: shown.values ?? view.formData, ...errorsOf(shown) };
    },
    async read(view, action, req) {
      if (action !== 'correct') return {};
      // The entity and the proposer stay as submitted; the corrected campaign meets every rule again.
      const original = view.formData as { entityId: string; proposer: unknown };
      const proposal = { ...campaignFromForm(bodyOf(req)), entityId: original.entityId, proposer: original.proposer };
      const checked = validateCampaignProposal(proposal, await entityOf(view.formData));
      return checked.ok ? { payload: checked.value, values: checked.value } : { violations: checked.errors, values: proposal };
    },
  };
}
