/**
 * Approval of a content publication (RULEBOOK §6; PCM 6.2.2.2; INPE 5.3.a–d, 5.2.b; CONGRESO 5.1.1),
 * in the order of INPE 5.3: the CM evaluates the unit's request, with every image measured by an
 * activity (PCM 6.2.2.16), and observes it back to the unit, rejects it for forbidden content
 * (PCM 6.2.2.9) or passes it on; the head of the office (or designee) approves; sensitive information
 * under INPE also needs the Presidency (5.2.b); at the planned time the CM confirms the post's address.
 */
import { setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { ContentDeciders } from '../activities/content';
import { contentStatusQuery, type ContentPublicationInput, type ContentStatus } from '../contracts/content';
import { FORBIDDEN_CLAUSE, FORBIDDEN_CONTENT, FORBIDDEN_LABELS, contentRuleViolations, contentSummary, contentTitle, evaluationPayloadProblem, limaInstant, needsPresidencyApproval, publicationPayloadProblem, type ContentFlag, type ContentStage, type EvaluationPayload, type ImageCheck, type Publication } from '../domain/content';
import { contentCorrectionSchema, type ContentCorrection } from '../domain/contentInput';
import type { Decision } from '../domain/decision';
import type { Contact } from '../domain/entity';
import { NETWORK_LABELS } from '../domain/networks';
import { PROFILES } from '../domain/policyProfiles';
import { DecisionDesk } from './decision';
import { acts } from './activities';

const { sendNotice, inspectContentImages, contentDeciders, recordContentState } = acts;

/** Plan for the unit's correction and the Presidency: remind, never escalate. */
const REMIND_ONLY = { remindAfter: [3], repeatEvery: 5 };

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

  setHandler(contentStatusQuery, status);

  const requester: Contact = request.requester;
  const title = () => contentTitle(request);
  const summary = () => [
    ...contentSummary({ ...request, sensitive }, entity.name),
    ...(input.statusUrl ? ([['Página de la solicitud (imágenes)', input.statusUrl]] as Array<[string, string]>) : []),
  ];
  const key = (suffix: string) => `${workflowInfo().workflowId}/${suffix}`;

  let round = 1;
  let corrections = 0;
  for (;;) {
    // INPE 5.3.b: the CM evaluates, seeing each image's measurement.
    await moveTo('evaluacion');
    checks = await inspectContentImages({ images: request.images });
    let deciders = await readDeciders();
    const evaluation = await desk.decide({
      step: `evaluacion-${round}`,
      title: `Evaluación de contenido: ${title()} – ${entity.name}`,
      intro:
        `${requester.name} (${request.unit}) solicita difundir el contenido descrito abajo. Como administrador(a) de cuentas, evalúelo ` +
        `según los estándares de calidad (resolución, nitidez; INPE 5.3.b) y las medidas obligatorias de las gráficas (PCM 6.2.2.16): ` +
        `pase a aprobación, observe para que el órgano lo corrija, o rechace si es contenido prohibido (PCM 6.2.2.9).`,
      summary: [...summary(), ...checks.map((c): [string, string] => [c.label, `${c.ok ? '✔' : '✘'} ${c.detail}`])],
      deciders: [deciders.communityManager ?? entity.communityManager],
      actions: ['approve', 'observe', 'reject'],
      plan: entity.decisionPlan,
      escalateTo: deciders.approver ? [deciders.approver] : [],
      nonWorkingDays: entity.nonWorkingDays,
      form: 'contentEvaluation',
      formData: { sensitiveOption: Boolean(profile.sensitiveContentApproval), sensitive, flagsRequired: true, flagOptions: flagOptions() },
      validatePayload: (action, payload) => {
        const problem = evaluationPayloadProblem(action, payload, {
          flagsRequiredToReject: true,
          sensitiveRule: Boolean(profile.sensitiveContentApproval),
          presidencyKnown: deciders.presidency.length > 0,
        });
        if (problem) return problem;
        const marked = (payload as EvaluationPayload | undefined)?.sensitive ?? sensitive;
        if (action === 'approve' && needsPresidencyApproval(entity.profile, marked) && deciders.presidency.length === 0) {
          return 'La nómina de la entidad no tiene registrada a la Presidencia, que debe aprobar la información sensible (INPE 5.2.b). Regístrela antes de aprobar.';
        }
        return undefined;
      },
    });
    if (evaluation.action === 'reject') return rejected(evaluation);
    if (evaluation.action === 'observe') {
      await correct(evaluation);
      round++;
      continue;
    }
    const marked = (evaluation.payload as EvaluationPayload | undefined)?.sensitive;
    if (marked !== undefined) sensitive = marked;

    // PCM 6.2.2.2; CONGRESO 5.1.1; INPE 5.3.d: the head (or designee) approves the publication.
    await moveTo('aprobacion');
    deciders = await readDeciders();
    const approval = await desk.decide({
      step: `aprobacion-${round}`,
      title: `Aprobación de publicación: ${title()} – ${entity.name}`,
      intro:
        `El community manager evaluó conforme el contenido descrito abajo. Usted valida y aprueba su publicación (${profile.contentApproval.clause}): ` +
        'puede aprobarla, observarla para que el órgano la corrija, o rechazarla.',
      summary: [...summary(), ...checks.map((c): [string, string] => [c.label, `${c.ok ? '✔' : '✘'} ${c.detail}`])],
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
    if (approval.action === 'reject') return rejected(approval);
    if (approval.action === 'observe') {
      await correct(approval);
      round++;
      continue;
    }

    // INPE 5.2.b: sensitive information also needs the Presidency's approval.
    if (needsPresidencyApproval(entity.profile, sensitive)) {
      await moveTo('presidencia');
      deciders = await readDeciders();
      const presidency = await desk.decide({
        step: `presidencia-${round}`,
        title: `Aprobación de información sensible: ${title()} – ${entity.name}`,
        intro:
          `El contenido descrito abajo contiene información sensible y ya cuenta con la aprobación de ${approval.by}. ` +
          `Requiere la aprobación de la ${profile.sensitiveContentApproval!.approverLabel} antes de su publicación (${profile.sensitiveContentApproval!.clause}).`,
        summary: summary(),
        deciders: deciders.presidency,
        actions: ['approve', 'observe', 'reject'],
        plan: REMIND_ONLY,
        nonWorkingDays: entity.nonWorkingDays,
      });
      if (presidency.action === 'reject') return rejected(presidency);
      if (presidency.action === 'observe') {
        await correct(presidency);
        round++;
        continue;
      }
    }
    break;
  }

  // INPE 5.3.c–d: the CM plans the post for the requested date and time, then confirms it with its address.
  await moveTo('programada');
  const at = limaInstant(request.publishOn, request.publishAt).getTime();
  await sendNotice({
    key: key('aprobada'),
    to: [requester, entity.communityManager],
    subject: `Publicación aprobada: ${title()} – ${entity.name}`,
    paragraphs: [
      `La publicación fue aprobada. Se difundirá el ${request.publishOn} a las ${request.publishAt} (hora de Lima) en ` +
        `${request.networks.map((n) => NETWORK_LABELS[n]).join(', ')}. Llegado el momento, el community manager confirmará la publicación con su enlace.`,
    ],
    summary: summary(),
  });
  if (at > Date.now()) await sleep(at - Date.now());

  await moveTo('publicacion');
  const deciders = await readDeciders();
  const confirmation = await desk.decide({
    step: 'publicacion',
    title: `Confirme la publicación: ${title()} – ${entity.name}`,
    intro: `Es la fecha y hora de difusión aprobadas. Publique el contenido y confirme aquí el enlace de cada publicación (INPE 5.3.d).`,
    summary: summary(),
    deciders: [deciders.communityManager ?? entity.communityManager],
    actions: ['confirm'],
    plan: entity.decisionPlan,
    escalateTo: deciders.approver ? [deciders.approver] : [],
    nonWorkingDays: entity.nonWorkingDays,
    form: 'publication',
    formData: { networks: request.networks.map((n) => ({ id: n, label: NETWORK_LABELS[n] })) },
    validatePayload: (_a, payload) => publicationPayloadProblem(payload, request.networks),
  });
  publications = (confirmation.payload as { posts: Publication[] }).posts.map((p) => ({ network: p.network, url: p.url.trim() }));
  stage = 'publicada';
  await recordContentState({ requestId, stage, publications, closedAt: new Date().toISOString() });
  await sendNotice({
    key: key('publicada'),
    to: [requester],
    cc: [deciders.approver?.email ?? entity.head.email],
    subject: `Contenido publicado: ${title()} – ${entity.name}`,
    paragraphs: [`El contenido fue publicado por ${confirmation.by}.`, ...publications.map((p) => `${NETWORK_LABELS[p.network]}: ${p.url}`)],
  });
  return status();

  async function moveTo(next: ContentStage): Promise<void> {
    stage = next;
    await recordContentState({ requestId, stage, sensitive });
  }

  async function readDeciders(): Promise<ContentDeciders> {
    return contentDeciders({ entityId: entity.id, requesterEmail: requester.email });
  }

  /** INPE 5.3.b–c: the observation goes back to the unit, which corrects and resubmits to the CM. */
  async function correct(observation: Decision): Promise<void> {
    await moveTo('correccion');
    corrections++;
    const d = await desk.decide({
      step: `correccion-${corrections}`,
      title: `Corrija la solicitud de publicación: ${title()} – ${entity.name}`,
      intro:
        `La solicitud fue observada por ${observation.by}. Observación: «${observation.reason ?? ''}». Corrija el contenido ` +
        '(y reemplace las imágenes si hace falta) y envíelo de nuevo; volverá al community manager para su evaluación.',
      summary: summary(),
      deciders: [requester],
      actions: ['correct'],
      plan: REMIND_ONLY,
      nonWorkingDays: entity.nonWorkingDays,
      form: 'contentCorrection',
      formData: { entityId: entity.id, request },
      validatePayload: (_a, payload) => {
        const parsed = contentCorrectionSchema.safeParse(payload);
        if (!parsed.success) return 'La corrección no tiene la forma esperada (INPE 5.3.a).';
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
    await sendNotice({
      key: key('rechazo'),
      to: [requester],
      cc: [d.by],
      subject: `Solicitud de publicación rechazada: ${title()} – ${entity.name}`,
      paragraphs: [
        `La solicitud de publicación fue rechazada por ${d.by}.`,
        ...(flags.length ? [`Contenido prohibido (${FORBIDDEN_CLAUSE}): ${flags.map((f) => FORBIDDEN_LABELS[f.flag]).join(', ')}.`] : []),
        `Motivo: ${d.reason ?? ''}`,
      ],
      summary: summary(),
    });
    return status();
  }

  function status(): ContentStatus {
    return { requestId, entityId: entity.id, stage, waiting: desk.waiting(), decisions: desk.decisions(), request, imageChecks: checks, sensitive, flags: [...flags], publications };
  }
}

const flagOptions = () => FORBIDDEN_CONTENT.map((id) => ({ id, label: `${FORBIDDEN_LABELS[id]} (${FORBIDDEN_CLAUSE})` }));

