/**
 * Approval of a content publication (RULEBOOK §6; PCM 6.2.2.2; INPE 5.3.a–d, 5.2.b; CONGRESO 5.1.1),
 * in the order of INPE 5.3: the CM evaluates the unit's request, with every image measured by an
 * activity (PCM 6.2.2.16), and observes it back to the unit, rejects it for forbidden content
 * (PCM 6.2.2.9) or passes it on; the head of the office (or designee) approves; sensitive information
 * under INPE also needs the Presidency (5.2.b); at the planned time the CM confirms the post's address.
 */
import { patched, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { ContentDeciders } from '../activities/content';
import { contentStatusQuery, type ContentPublicationInput, type ContentStatus } from '../contracts/content';
import { FORBIDDEN_CLAUSE, FORBIDDEN_CONTENT, FORBIDDEN_LABELS, contentRuleViolations, contentSummary, contentTitle, evaluationPayloadProblem, limaInstant, needsPresidencyApproval, publicationPayloadProblem, type ContentFlag, type ContentStage, type EvaluationPayload, type ImageCheck, type Publication } from '../domain/content';
import { CONFIRMATION_RULES, CONTENT_CONFIRMATIONS, NEWS_CLAUSE, confirmationRows, confirmationsOf, type ContentConfirmations } from '../domain/contentConfirmations';
import { contentCorrectionSchema, type ContentCorrection } from '../domain/contentInput';
import { OFFICIAL_ACTS, OFFICIAL_ACT_RULES, officialActPublicationProblem, officialActRecord, officialActRow, type OfficialAct, type OfficialActPayload, type OfficialActRecord } from '../domain/officialActs';
import { type Decision, REMIND_ONLY_PLAN } from '../domain/decision';
import type { Contact } from '../domain/entity';
import { NETWORK_LABELS } from '../domain/networks';
import { PROFILES } from '../domain/policyProfiles';
import { DecisionDesk } from './decision';
import { contentTexts } from './texts/content';
import { acts } from './activities';

const { sendNotice, inspectContentImages, contentDeciders, recordContentState } = acts;

/**
 * Processes started since the CM confirms PCM 6.2.2.5–8 and 6.2.2.17 before the head approves, and marks
 * official acts, published after their lead accounts (PCM 6.2.4) (issue 19 §1–2).
 */
export const CONTENT_CONFIRMATIONS_PATCH = 'content-confirmations';

export async function contentPublication(input: ContentPublicationInput): Promise<ContentStatus> {
  const { entity, requestId } = input;
  const profile = PROFILES[entity.profile];
  const desk = new DecisionDesk();
  let request = input.request;
  let stage: ContentStage = 'evaluacion';
  let checks: ImageCheck[] = [];
  let sensitive = Boolean(request.sensitive);
  const flags: ContentFlag[] = [];
  let publications: Publication[] = [];
  // Decided once, at the start: a process begun before the rule keeps the steps it began with.
  const confirmsRules = profile.pcmConductRules && patched(CONTENT_CONFIRMATIONS_PATCH);
  let confirmations: ContentConfirmations | undefined;
  let officialAct: OfficialAct | undefined;
  let officialActDone: OfficialActRecord | undefined;

  setHandler(contentStatusQuery, status);

  const requester: Contact = request.requester;
  const subject = () => ({ title: contentTitle(request), entityName: entity.name });
  const summary = () => [
    ...contentSummary({ ...request, sensitive }, entity.name),
    ...(input.statusUrl ? ([['Página de la solicitud (imágenes)', input.statusUrl]] as Array<[string, string]>) : []),
  ];
  const key = (suffix: string) => `${workflowInfo().workflowId}/${suffix}`;

  // INPE 5.3.b–d: the CM evaluates, the head approves, sensitive content under INPE also the Presidency;
  // an observation at any of them goes back to the unit, whose correction returns to the CM.
  const { decision: verdict } = await desk.reviewRounds(
    async (round) => {
      // INPE 5.3.b: the CM evaluates, seeing each image's measurement.
      await moveTo('evaluacion');
      checks = await inspectContentImages({ images: request.images });
      let deciders = await readDeciders();
      const evaluation = await desk.decide({
        step: `evaluacion-${round}`,
        ...contentTexts.evaluation(subject(), requester.name, request.unit),
        summary: [...summary(), ...contentTexts.imageRows(checks)],
        deciders: [deciders.communityManager ?? entity.communityManager],
        actions: ['approve', 'observe', 'reject'],
        plan: entity.decisionPlan,
        escalateTo: deciders.approver ? [deciders.approver] : [],
        nonWorkingDays: entity.nonWorkingDays,
        form: 'contentEvaluation',
        formData: {
          sensitiveOption: Boolean(profile.sensitiveContentApproval), sensitive, flagsRequired: true, flagOptions: flagOptions(),
          ...(confirmsRules ? { confirmationOptions: confirmationOptions(), newsClause: NEWS_CLAUSE, officialActOptions: officialActOptions() } : {}),
        },
        validatePayload: (action, payload) => {
          const problem = evaluationPayloadProblem(action, payload, {
            flagsRequiredToReject: true,
            sensitiveRule: Boolean(profile.sensitiveContentApproval),
            presidencyKnown: deciders.presidency.length > 0,
            ...(confirmsRules ? { confirmationsFor: entity } : {}),
          });
          if (problem) return problem;
          const marked = (payload as EvaluationPayload | undefined)?.sensitive ?? sensitive;
          if (action === 'approve' && needsPresidencyApproval(entity.profile, marked) && deciders.presidency.length === 0) return contentTexts.noPresidency;
          return undefined;
        },
      });
      if (evaluation.action !== 'approve') return evaluation;
      const marked = (evaluation.payload as EvaluationPayload | undefined)?.sensitive;
      if (marked !== undefined) sensitive = marked;
      // PCM 6.2.2.5–8, 6.2.2.17: what the CM vouched for is recorded, and the head reads it before deciding.
      if (confirmsRules) {
        confirmations = confirmationsOf(evaluation.payload as EvaluationPayload, evaluation.by, evaluation.at);
        officialAct = (evaluation.payload as EvaluationPayload).officialAct;
      }

      // PCM 6.2.2.2; CONGRESO 5.1.1; INPE 5.3.d: the head (or designee) approves the publication.
      await moveTo('aprobacion');
      deciders = await readDeciders();
      const approval = await desk.decide({
        step: `aprobacion-${round}`,
        ...contentTexts.approval(subject(), profile.contentApproval.clause),
        summary: [...summary(), ...(confirmations ? confirmationRows(confirmations) : []), ...actRows(), ...contentTexts.imageRows(checks)],
        deciders: [deciders.approver ?? entity.head],
        actions: ['approve', 'observe', 'reject'],
        plan: entity.decisionPlan,
        escalateTo: deciders.escalateTo,
        nonWorkingDays: entity.nonWorkingDays,
        form: 'contentEvaluation',
        formData: { sensitiveOption: false, sensitive, flagsRequired: false, flagOptions: flagOptions() },
        validatePayload: (action, payload) =>
          evaluationPayloadProblem(action, payload, { flagsRequiredToReject: false, sensitiveRule: false, presidencyKnown: false }),
      });
      if (approval.action !== 'approve' || !needsPresidencyApproval(entity.profile, sensitive)) return approval;

      // INPE 5.2.b: sensitive information also needs the Presidency's approval.
      await moveTo('presidencia');
      deciders = await readDeciders();
      const rule = profile.sensitiveContentApproval!;
      return desk.decide({
        step: `presidencia-${round}`,
        ...contentTexts.presidency(subject(), approval.by, rule.approverLabel, rule.clause),
        summary: summary(),
        deciders: deciders.presidency,
        actions: ['approve', 'observe', 'reject'],
        plan: REMIND_ONLY_PLAN,
        nonWorkingDays: entity.nonWorkingDays,
      });
    },
    (round, observation) => correct(round, observation),
  );
  if (verdict.action === 'reject') return rejected(verdict);

  // INPE 5.3.c–d: the CM plans the post for the requested date and time, then confirms it with its address.
  await moveTo('programada');
  const at = limaInstant(request.publishOn, request.publishAt).getTime();
  await sendNotice({ key: key('aprobada'), to: [requester, entity.communityManager], ...contentTexts.approved(subject(), request), summary: summary() });
  if (at > Date.now()) await sleep(at - Date.now());

  await moveTo('publicacion');
  const deciders = await readDeciders();
  // PCM 6.2.4: an official act is confirmed with the lead account's post and the coordination it followed.
  const act = officialAct;
  const confirmation = await desk.decide({
    step: 'publicacion',
    ...contentTexts.publication(subject(), act),
    summary: [...summary(), ...actRows()],
    deciders: [deciders.communityManager ?? entity.communityManager],
    actions: ['confirm'],
    plan: entity.decisionPlan,
    escalateTo: deciders.approver ? [deciders.approver] : [],
    nonWorkingDays: entity.nonWorkingDays,
    form: 'publication',
    formData: { networks: request.networks.map((n) => ({ id: n, label: NETWORK_LABELS[n] })), ...(act ? { officialAct: { id: act, ...OFFICIAL_ACT_RULES[act] } } : {}) },
    validatePayload: (_a, payload) =>
      publicationPayloadProblem(payload, request.networks) ?? (act ? officialActPublicationProblem(act, (payload ?? {}) as OfficialActPayload, new Date()) : undefined),
  });
  publications = (confirmation.payload as { posts: Publication[] }).posts.map((p) => ({ network: p.network, url: p.url.trim() }));
  if (act) officialActDone = officialActRecord(act, confirmation.payload as OfficialActPayload, confirmation.by, confirmation.at);
  stage = 'publicada';
  await recordContentState({ requestId, stage, publications, closedAt: new Date().toISOString(), ...(officialActDone ? { officialAct: officialActDone } : {}) });
  await sendNotice({ key: key('publicada'), to: [requester], cc: [deciders.approver?.email ?? entity.head.email], ...contentTexts.published(subject(), confirmation.by, publications, officialActDone) });
  return status();

  async function moveTo(next: ContentStage): Promise<void> {
    stage = next;
    await recordContentState({ requestId, stage, sensitive, ...(confirmations ? { confirmations } : {}) });
  }

  async function readDeciders(): Promise<ContentDeciders> {
    return contentDeciders({ entityId: entity.id, requesterEmail: requester.email });
  }

  /** INPE 5.3.b–c: the observation goes back to the unit, which corrects and resubmits to the CM. */
  async function correct(round: number, observation: Decision): Promise<void> {
    // The corrected piece is another piece: the CM confirms it again.
    const stale = confirmations !== undefined;
    confirmations = undefined;
    officialAct = undefined;
    stage = 'correccion';
    await recordContentState({ requestId, stage, sensitive, ...(stale ? { confirmations: null } : {}) });
    const d = await desk.decide({
      step: `correccion-${round}`,
      ...contentTexts.correction(subject(), observation),
      summary: summary(),
      deciders: [requester],
      actions: ['correct'],
      plan: REMIND_ONLY_PLAN,
      nonWorkingDays: entity.nonWorkingDays,
      form: 'contentCorrection',
      formData: { entityId: entity.id, request },
      validatePayload: (_a, payload) => {
        const parsed = contentCorrectionSchema.safeParse(payload);
        if (!parsed.success) return contentTexts.malformedCorrection;
        const problems = contentRuleViolations({ ...parsed.data, requester }, entity, new Date());
        return problems.length ? problems.map((p) => `${p.message} (${p.rule})`).join(' ') : undefined;
      },
    });
    const corrected = d.payload as ContentCorrection;
    request = { ...corrected, entityId: request.entityId, requester: request.requester };
    sensitive = Boolean(corrected.sensitive) || sensitive;
  }

  /** PCM 6.2.2.9: a rejection keeps its flags, with the clause, in the record. */
  async function rejected(d: Decision): Promise<ContentStatus> {
    const marked = (d.payload as EvaluationPayload | undefined)?.flags ?? [];
    flags.push(...marked.map((flag) => ({ flag, clause: FORBIDDEN_CLAUSE, by: d.by, at: d.at })));
    stage = 'rechazada';
    await recordContentState({ requestId, stage, flags, closedAt: d.at });
    await sendNotice({ key: key('rechazo'), to: [requester], cc: [d.by], ...contentTexts.rejected(subject(), d, flags), summary: summary() });
    return status();
  }

  function status(): ContentStatus {
    return {
      requestId, entityId: entity.id, stage, waiting: desk.waiting(), decisions: desk.decisions(), request, imageChecks: checks, sensitive, flags: [...flags], publications,
      ...(confirmations ? { confirmations } : {}),
      ...(officialAct ? { officialAct } : {}),
      ...(officialActDone ? { officialActRecord: officialActDone } : {}),
    };
  }

  function actRows(): Array<[string, string]> {
    return officialAct ? [officialActRow(officialAct)] : [];
  }
}

const flagOptions = () => FORBIDDEN_CONTENT.map((id) => ({ id, label: `${FORBIDDEN_LABELS[id]} (${FORBIDDEN_CLAUSE})` }));
const officialActOptions = () => OFFICIAL_ACTS.map((id) => ({ id, label: `${OFFICIAL_ACT_RULES[id].label} (${OFFICIAL_ACT_RULES[id].clause})` }));
const confirmationOptions = () => CONTENT_CONFIRMATIONS.map((id) => ({ id, label: `${CONFIRMATION_RULES[id].label} (${CONFIRMATION_RULES[id].clause})` }));

