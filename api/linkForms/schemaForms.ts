import { CLOSURE_CHECK_LABELS, CLOSURE_CHECKS, closureChecklistSchema } from '../../domain/accountClosure';
import { nameChangeSchema } from '../../domain/accountNames';
import { QUESTION_CLAUSE, questionAnswerSchema } from '../../domain/citizenQuestion';
import { closingReportSchema, scsOpinionSchema } from '../../domain/campaign';
import { IMAGE_ISSUE_RULE, imageIssueAckSchema } from '../../domain/imageIssue';
import { INCIDENT_RULE, incidentClosingSchema } from '../../domain/incident';
import { FOLLOWS_CLAUSE, followsAttestationSchema } from '../../domain/roleReview';
import { shapeViolations } from '../../domain/validation';
import { closingReportFromForm, opinionFromForm } from '../forms/campaign';
import { bodyOf, errorsOf, type LinkForm } from './types';

/** A form read with a zod schema alone (no registry lookups). */
function schemaForm(schema: typeof scsOpinionSchema | typeof closingReportSchema | typeof nameChangeSchema | typeof incidentClosingSchema | typeof imageIssueAckSchema | typeof followsAttestationSchema | typeof closureChecklistSchema | typeof questionAnswerSchema, fromForm: (body: Record<string, unknown>) => unknown, rule: string): LinkForm {
  return {
    context: (_view, _action, shown) => ({ values: shown.values, ...errorsOf(shown) }),
    read(_view, _action, req) {
      const given = fromForm(bodyOf(req));
      const parsed = schema.safeParse(given);
      return parsed.success ? { payload: parsed.data, values: parsed.data } : { violations: shapeViolations(parsed.error, rule), values: given };
    },
  };
}

/** SCS's technical opinion on a multisector campaign, one verdict per criterion (PCM 6.4.2). */
export const scsOpinionForm = schemaForm(scsOpinionSchema, opinionFromForm, 'PCM 6.4.2');

/** The CM's closing report of a campaign: reach and results. */
export const closingReportForm = schemaForm(closingReportSchema, closingReportFromForm, 'informe de cierre');

/** The requester's correction of an observed rename: the proposal again (PCM 6.1.2.7). */
export const nameChangeForm: LinkForm = {
  ...schemaForm(nameChangeSchema, (b) => ({ name: b.name, username: b.username, reason: b.changeReason }), 'PCM 6.1.2.7'),
  context: (view, _action, shown) => {
    const data = view.formData as { proposal?: { name?: string; username?: string }; reason?: string } | undefined;
    return { values: shown.values ?? { ...data?.proposal, reason: data?.reason }, ...errorsOf(shown) };
  },
};

/** The head's closing report of a security incident (PCM 6.1.1.7). */
export const incidentClosingForm = schemaForm(incidentClosingSchema, (body) => ({ report: body.report }), INCIDENT_RULE);

/** PCM 5.2.7: the reviewer's word on whom the accounts follow, with the monthly review's attestation. */
export const followsAttestationForm: LinkForm = schemaForm(
  followsAttestationSchema,
  (body) => ({ ...(body.follows === 'si' ? { follows: true } : {}), ...(typeof body.unfollowed === 'string' && body.unfollowed.trim() ? { unfollowed: body.unfollowed } : {}) }),
  FOLLOWS_CLAUSE,
);

/** The head's acknowledgement of a matter that can affect the image, and whom it is raised to (PCM 6.2.2.14); empty fields are left out. */
export const imageIssueAckForm = schemaForm(
  imageIssueAckSchema,
  (body) => Object.fromEntries(['note', 'superiorName', 'superiorEmail'].flatMap((f) => (typeof body[f] === 'string' && body[f].trim() ? [[f, body[f]]] : []))),
  IMAGE_ISSUE_RULE,
);

/** The CM's confirmation that the account was closed on the platform: three ticks and an optional note (issue 19 §5). */
export const accountClosureForm: LinkForm = {
  ...schemaForm(
    closureChecklistSchema,
    (body) => ({
      ...Object.fromEntries(CLOSURE_CHECKS.filter((c) => body[c] === 'si').map((c) => [c, true])),
      ...(typeof body.note === 'string' && body.note.trim() ? { note: body.note } : {}),
    }),
    'PCM 5.2.5',
  ),
  context: (_view, _action, shown) => ({ values: shown.values, ...errorsOf(shown), closureChecks: CLOSURE_CHECKS.map((c) => ({ name: c, label: CLOSURE_CHECK_LABELS[c] })) }),
};

/** The responsible area's answer to a citizen's question, which goes back to the CM (PCM 6.2.2.12). */
export const questionAnswerForm = schemaForm(questionAnswerSchema, (body) => ({ answer: body.answer }), QUESTION_CLAUSE);
