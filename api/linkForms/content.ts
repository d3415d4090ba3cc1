/**
 * The content steps' forms on a link page (RULEBOOK §6): the CM's evaluation (sensitivity mark, INPE
 * 5.2.b; forbidden-content flags, PCM 6.2.2.9; the confirmations of PCM 6.2.2.5–8 and 6.2.2.17), the unit's correction with new images (INPE 5.3.b–c),
 * and the post addresses that confirm publication (INPE 5.3.d). The workflow validates the payload again.
 */
import type { Request } from 'express';
import type { ContentRequest, EvaluationPayload } from '../../domain/content';
import type { DecisionAction, DecisionStepView } from '../../domain/decision';
import { contentDraftFromForm, contentFormContext, imagesFromForm } from '../forms/content';
import { fieldErrors, list } from '../forms/fields';
import type { ContentRequestsService } from '../services/contentRequests';
import type { LinkForm, LinkFormDeps, Reading, Shown } from './types';

/** What the link page renders for a content step: the correction's form, the CM's own fields. */
export function contentLinkContext(view: DecisionStepView, action: DecisionAction, shown: Shown = {}) {
  // The CM's confirmations come back ticked when the process refused the decision for another reason.
  if (view.form === 'contentEvaluation') return { action, ...(shown.values ? { evaluation: shown.values } : {}) };
  // The addresses come back as typed when the process refused the confirmation.
  if (view.form === 'publication') {
    const sent = (shown.values ?? {}) as { posts?: Array<{ network: string; url: string }> };
    return { action, posted: Object.fromEntries((sent.posts ?? []).map((p) => [p.network, p.url])), sent };
  }
  if (view.form !== 'contentCorrection') return { action };
  const request = (view.formData as { request: ContentRequest }).request;
  const values = shown.values ?? request;
  return {
    action,
    multipart: true,
    contentForm: { ...contentFormContext([]), values, lockEntity: true, keepImages: true, ...(shown.violations ? { fieldErrors: fieldErrors(shown.violations) } : {}) },
  };
}

/** The payload of a content step's decision, or the violations to show on the page with what was sent. */
export async function contentLinkPayload(
  view: DecisionStepView,
  action: DecisionAction,
  req: Request,
  service: ContentRequestsService,
): Promise<Reading> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (view.form === 'contentEvaluation') {
    if (action === 'reject') return { payload: { flags: list(body.flags) } };
    if (action !== 'approve') return {};
    const payload: EvaluationPayload = {};
    if (body.sensitiveShown === 'si') payload.sensitive = body.sensitive === 'si';
    // PCM 6.2.2.5–8, 6.2.2.17: the process checks every item and the news link; the page only reads them.
    if (body.confirmationsShown === 'si') {
      payload.confirmations = list(body.confirmations) as EvaluationPayload['confirmations'];
      if (body.news === 'si' || body.news === 'no') payload.news = body.news === 'si';
      if (payload.news) payload.newsUrl = typeof body.newsUrl === 'string' ? body.newsUrl.trim() : '';
      // PCM 6.2.4: «no» is no official act.
      if (typeof body.officialAct === 'string' && body.officialAct && body.officialAct !== 'no') payload.officialAct = body.officialAct as EvaluationPayload['officialAct'];
    }
    return Object.keys(payload).length ? { payload, values: payload } : {};
  }
  if (view.form === 'publication') {
    const data = view.formData as { networks?: Array<{ id: string }>; officialAct?: unknown };
    const text = (k: string) => (typeof body[k] === 'string' ? String(body[k]).trim() : '');
    const posts = (data.networks ?? []).map((n) => n.id).map((network) => ({ network, url: text(`url_${network}`) }));
    // PCM 6.2.4: an official act adds the lead post and the coordination; the process checks them.
    const act = data.officialAct ? { leadUrl: text('leadUrl'), coordinatedWith: text('coordinatedWith'), coordinatedOn: text('coordinatedOn') } : {};
    const payload = { posts, ...act };
    return { payload, values: payload };
  }
  // contentCorrection: the entity and the requester stay as submitted.
  const original = (view.formData as { request: ContentRequest }).request;
  const draft = contentDraftFromForm(body);
  const { images, errors } = imagesFromForm(body, req.files);
  if (errors.length) return { violations: errors, values: draft };
  const built = await service.correction(original, draft, images);
  return 'errors' in built ? { violations: built.errors, values: draft } : { ...built, values: draft };
}

/** The three content steps share one form entry: what each shows and reads depends on the step's form. */
export function contentForm(deps: LinkFormDeps): LinkForm {
  return {
    context: (view, action, shown) => contentLinkContext(view, action, shown),
    read: (view, action, req) => (deps.contentRequests ? contentLinkPayload(view, action, req, deps.contentRequests) : {}),
  };
}
