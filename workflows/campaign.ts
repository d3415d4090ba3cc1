/**
 * A communication campaign (RULEBOOK §5; PCM 5.1.1, 5.1.2, 6.1.2.10, 6.2.2.10, 6.4, Anexo 5), told in the
 * directive's order: the head of the communications office approves, observes (the proposer corrects and
 * resubmits) or rejects; a multisector campaign then goes to SCS in the Anexo 5 layout, whose technical
 * opinion the proposer accepts or answers with an adjusted proposal (back to the head, then SCS again).
 * Once approved, a paid campaign's agency gets its grants; the campaign runs from its first day of
 * diffusion, closes after its last, asks for the agency's role to be removed and for a closing report.
 *
 * One run holds it all: a campaign lives weeks and asks a handful of questions, so its history stays
 * small without continueAsNew.
 */
import { condition, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CampaignInstants } from '../activities';
import { campaignStatusQuery, endCampaignSignal, type AgencyRemoval, type CampaignEnd, type CampaignGrants, type CampaignInput, type CampaignStatus } from '../contracts/campaign';
import { CAMPAIGN_STAGE_LABELS, CANCELLABLE_STAGES, ENDABLE_STAGES, OPINION_CRITERIA, OPINION_CRITERIA_LABELS, anexo5Rows, campaignSummary, classifyDiffusion, closingReportSchema, electoralOverlaps, electoralWarning, isMultisector, opinionAllFavourable, scsOpinionSchema, validateCampaignProposal, violationsText, type CampaignProposal, type CampaignStage, type ScsOpinion } from '../domain/campaign';
import { type Decision, REMIND_ONLY_PLAN } from '../domain/decision';
import type { Contact, EntityPolicy } from '../domain/entity';
import { SUPERVISOR_ADDRESSEE } from '../domain/policyProfiles';
import { approvalRouting } from '../domain/roster';
import { shapeViolations } from '../domain/validation';
import { DecisionDesk, type DecisionSpec, type Routing } from './decision';
import { CurrentEntity } from './currentEntity';
import { campaignTexts } from './texts/campaign';
import { acts } from './activities';

const { sendNotice, recordCampaignState, campaignInstants, openCampaignGrants, endCampaignGrants } = acts;

/** Issue 19 §6: Anexo 5 proposals sent after this change are numbered; earlier processes send them as they were. */
export const NUMBERED_PROPOSAL_PATCH = 'numbered-multisector-proposal';

/** Thrown inside the review rounds when the head cancelled the campaign: its open step was withdrawn. */
const CANCELLED = Symbol('campaign cancelled');

export async function campaign(input: CampaignInput): Promise<CampaignStatus> {
  const { entity, campaignId } = input;
  // The snapshot names the entity and checks proposals; whom to ask comes from the registry each time (issue 14 §1.4).
  const current = new CurrentEntity(entity);
  const desk = new DecisionDesk([], { roster: current });
  let proposal = input.proposal;
  let stage: CampaignStage = 'aprobacion';
  const opinions: CampaignStatus['opinions'] = [];
  let grants: CampaignGrants | undefined;
  let agencyRemoval: AgencyRemoval = 'no-aplica';
  let instants: CampaignInstants | undefined;
  let closingReport: CampaignStatus['closingReport'];
  let agency: CampaignProposal['mediaAgency'];
  let endRequest: CampaignEnd | undefined;
  let ended: CampaignStatus['ended'];

  setHandler(campaignStatusQuery, status);
  // The head ends the campaign (issue 15 §2): the first request the stage allows counts; a cancellation
  // withdraws the open steps at once, so their links stop working and their reminders stop.
  setHandler(endCampaignSignal, (r) => {
    if (endRequest || !ENDABLE_STAGES.includes(stage)) return;
    endRequest = r;
    if (CANCELLABLE_STAGES.includes(stage)) for (const w of desk.waiting()) desk.withdraw(w.step, 'la campaña fue cancelada.');
  });

  const wfId = workflowInfo().workflowId;
  const proposer: Contact = { name: proposal.proposer.name, email: proposal.proposer.email };
  const scs = (e: EntityPolicy): Contact => ({ name: 'Secretaría de Comunicación Social', email: e.supervisorEmail });
  // Separation of duties: nobody approves, or receives the escalation of, their own proposal.
  const routing = (e: EntityPolicy) => approvalRouting(e, proposer.email);
  const approver = () => routing(current.now).approver;
  const nameOf = (email: string) => [current.now.head, current.now.secondInCommand, entity.head, entity.secondInCommand].find((c) => c.email === email)?.name ?? email;
  /** The custodian's steps after the campaign (agency removal, closing report): the CM, escalating to the head. */
  const custodian = (e: EntityPolicy): Routing => ({ deciders: [e.communityManager], escalateTo: e.communityManager.email !== e.head.email ? [e.head] : [] });
  const summary = () => campaignSummary(proposal, entity.name);
  const subject = () => ({ proposal, entityName: entity.name });
  const setStage = async (next: CampaignStage, extra: { closedAt?: string } = {}) => {
    stage = next;
    const electoral = electoralOverlaps(proposal, entity.electoralPeriods).length > 0;
    await recordCampaignState({ campaignId, state: next, name: proposal.name, startsOn: proposal.startsOn, endsOn: proposal.endsOn, electoral, ...extra });
  };

  /** A corrected proposal keeps its entity and proposer and meets every rule again (PCM 5.1.1). */
  const correctionProblem = (payload: unknown): string | undefined => {
    const checked = validateCampaignProposal(payload, entity);
    if (!checked.ok) return violationsText(checked.errors);
    if (checked.value.proposer.email !== proposer.email) return 'Quien propone la campaña no cambia al corregirla.';
    return undefined;
  };

  // 1. The head approves, observes or rejects; 2. a multisector campaign then gets SCS's opinion (PCM 6.4),
  // whose comments the proposer answers by going on or by adjusting the proposal (back to the head).
  let verdict: Decision;
  try {
    ({ decision: verdict } = await desk.reviewRounds(
      async (round) => {
        await setStage('aprobacion');
        const approval = await ask(approvalStep(round));
        if (approval.action !== 'approve' || !isMultisector(proposal)) return approval;
        await setStage('opinion-scs');
        const opinion = await scsOpinion(round, approval);
        if (opinionAllFavourable(opinion)) {
          await current.read();
          await sendNotice({ key: `${wfId}/opinion-favorable-${round}`, to: [proposer], cc: [approver().email], ...campaignTexts.favourable(subject(), opinion) });
          return approval;
        }
        await setStage('ajuste');
        return ask({
          step: `ajuste-${round}`,
          ...campaignTexts.adjustment(subject(), opinion),
          deciders: [proposer],
          cc: [approver().email],
          route: (e) => ({ deciders: [proposer], cc: [routing(e).approver.email] }),
          actions: ['confirm', 'correct'],
          plan: REMIND_ONLY_PLAN,
          nonWorkingDays: current.now.nonWorkingDays,
          form: 'campaign',
          formData: proposal,
          validatePayload: (action, payload) => (action === 'correct' ? correctionProblem(payload) : undefined),
        });
      },
      async (round, decision) => {
        let corrected = decision;
        if (decision.action === 'observe') {
          await setStage('correccion');
          corrected = await ask({
            step: `correccion-${round}`,
            ...campaignTexts.correction(subject(), decision),
            summary: summary(),
            deciders: [proposer],
            actions: ['correct'],
            plan: REMIND_ONLY_PLAN,
            nonWorkingDays: current.now.nonWorkingDays,
            form: 'campaign',
            formData: proposal,
            validatePayload: (_action, payload) => correctionProblem(payload),
          });
        }
        proposal = corrected.payload as CampaignProposal;
      },
    ));
  } catch (err) {
    if (err !== CANCELLED) throw err;
    return cancel();
  }
  if (verdict.action === 'reject') {
    await setStage('rechazada');
    await sendNotice({ key: `${wfId}/rechazo`, to: [proposer], cc: [verdict.by], ...campaignTexts.rejected(subject(), verdict), summary: summary() });
    return status();
  }

  if (endRequest) return cancel();

  // 3. Approved: the agency of a paid campaign gets its grants for the campaign period (PCM 6.1.2.10).
  // The stage moves once grants and dates are known, so a status never shows an approved campaign without them.
  const approvedInstants = await campaignInstants({ startsOn: proposal.startsOn, endsOn: proposal.endsOn });
  const paidAgency = proposal.mode === 'paid' ? proposal.mediaAgency : undefined;
  if (paidAgency) {
    grants = await openCampaignGrants({ campaignId, campaignName: proposal.name, agency: paidAgency, startsOn: proposal.startsOn, endsOn: proposal.endsOn });
    agencyRemoval = grants.pending.length ? 'pendiente' : 'por-concesion';
  }
  instants = approvedInstants;
  agency = paidAgency;
  await setStage('aprobada');
  const atApproval = await current.read();
  await sendNotice({
    key: `${wfId}/aprobada`,
    to: unique([proposer, atApproval.communityManager]),
    cc: [approver().email],
    ...campaignTexts.approved(subject(), agency && grants ? campaignTexts.agencyParagraphs(agency.name, grants) : []),
    summary: summary(),
  });

  // 4. The campaign runs from its first day of diffusion and closes once its last day is over, or
  // earlier when the head ends it (cancelled if it had not started yet).
  if (await interrupted(approvedInstants.startsAt)) return cancel();
  await setStage('en-curso');
  if (await interrupted(approvedInstants.endsAt)) await endEarly();
  await setStage('cierre');

  // 5. The agency's role is removed (PCM 6.1.2.10) and the CM reports reach and results.
  await Promise.all([agencyRemovalStep(), closingReportStep()]);
  await setStage('cerrada', { closedAt: new Date().toISOString() });
  await current.read();
  await sendNotice({ key: `${wfId}/cerrada`, to: [approver()], cc: [proposer.email], ...campaignTexts.closed(subject(), closingReport!) });
  return status();

  /** A step the head's cancellation may withdraw: the review rounds stop there. */
  async function ask(spec: DecisionSpec): Promise<Decision> {
    if (endRequest) throw CANCELLED;
    const decision = await desk.decideUnlessWithdrawn(spec);
    if (!decision) throw CANCELLED;
    return decision;
  }

  /** Waits for an instant; true when the head ended the campaign first. */
  async function interrupted(iso: string): Promise<boolean> {
    const ms = Date.parse(iso) - Date.now();
    // Histories from before the end signal hold the same timer: `condition` with a timeout starts one as `sleep` did.
    if (ms > 0 && !endRequest) await condition(() => endRequest !== undefined, ms);
    return endRequest !== undefined;
  }

  /** Cancelled before its diffusion: steps withdrawn (by the signal), grants cancelled, everyone told. */
  async function cancel(): Promise<CampaignStatus> {
    const r = endRequest!;
    const grantIds = grants?.grantIds ?? [];
    if (grantIds.length) await endCampaignGrants({ grantIds, reason: r.reason, by: r.by });
    ended = { ...r, effect: 'cancelled' };
    await setStage('cancelada', { closedAt: r.at });
    const e = await current.read();
    await sendNotice({ key: `${wfId}/cancelada`, to: unique([proposer, e.communityManager]), cc: [approver().email], ...campaignTexts.cancelled(subject(), { ...r, by: nameOf(r.by) }, grantIds.length), summary: summary() });
    return status();
  }

  /** Ended while it ran: the diffusion ends today, so do the agency's grants; the closing follows as planned. */
  async function endEarly(): Promise<void> {
    const r = endRequest!;
    const grantIds = grants?.grantIds ?? [];
    if (grantIds.length) await endCampaignGrants({ grantIds, reason: r.reason, by: r.by });
    ended = { ...r, effect: 'ended-early' };
    const e = await current.read();
    await sendNotice({ key: `${wfId}/terminada`, to: unique([proposer, e.communityManager]), cc: [approver().email], ...campaignTexts.endedEarly(subject(), { ...r, by: nameOf(r.by) }, grantIds.length), summary: summary() });
  }

  function approvalStep(round: number): DecisionSpec {
    const warning = electoralWarning(electoralOverlaps(proposal, entity.electoralPeriods));
    return {
      step: `aprobacion-${round}`,
      ...campaignTexts.approval(subject(), proposer.name, warning, isMultisector(proposal)),
      summary: [...(warning ? [['Período electoral (PCM 6.2.2.10)', warning] as [string, string]] : []), ...summary()],
      ...approval(current.now),
      route: approval,
      actions: ['approve', 'observe', 'reject'],
      plan: current.now.decisionPlan,
      nonWorkingDays: current.now.nonWorkingDays,
    };
  }

  function approval(e: EntityPolicy): Routing {
    const r = routing(e);
    return { deciders: [r.approver], escalateTo: r.escalateTo };
  }

  /** PCM 6.4.1–6.4.2: the Anexo 5 goes to SCS as PDF and in the body; SCS answers on each criterion, reminded while silent. */
  async function scsOpinion(round: number, approval: Decision): Promise<ScsOpinion> {
    const rows = anexo5Rows(proposal, entity.name);
    // Issue 19 §6: each round's proposal is a document of its own, numbered when it is sent.
    const number = patched(NUMBERED_PROPOSAL_PATCH)
      ? await acts.documentNumber({ entityId: entity.id, series: 'multisectorProposal', key: `campana:${campaignId}:${round}`, at: approval.at })
      : undefined;
    const decision = await ask({
      step: `opinion-scs-${round}`,
      ...campaignTexts.scsOpinion(subject()),
      summary: rows,
      deciders: [scs(current.now)],
      cc: [approver().email, proposer.email],
      route: (e) => ({ deciders: [scs(e)], cc: [routing(e).approver.email, proposer.email] }),
      addressee: SUPERVISOR_ADDRESSEE,
      actions: ['opine'],
      // Reminders on the entity's plan while SCS is silent; nobody above SCS to escalate to.
      plan: current.now.decisionPlan,
      nonWorkingDays: current.now.nonWorkingDays,
      attachments: [
        {
          kind: 'multisectorProposal',
          data: { campaignId, entityName: entity.name, addressee: SUPERVISOR_ADDRESSEE, rows, approval: { by: approval.by, byName: nameOf(approval.by), at: approval.at }, ...(number ? { code: number.code } : {}) },
        },
      ],
      form: 'scsOpinion',
      formData: { criteria: OPINION_CRITERIA.map((c) => ({ id: c, label: OPINION_CRITERIA_LABELS[c] })) },
      validatePayload: (_action, payload) => {
        const parsed = scsOpinionSchema.safeParse(payload);
        return parsed.success ? undefined : violationsText(shapeViolations(parsed.error, 'PCM 6.4.2'));
      },
    });
    const opinion = scsOpinionSchema.parse(decision.payload);
    opinions.push({ round, by: decision.by, at: decision.at, opinion });
    return opinion;
  }

  /** PCM 6.1.2.10: the grant processes ask for their own removal; a role given by hand is confirmed here. */
  async function agencyRemovalStep(): Promise<void> {
    if (!agency || !grants || !grants.pending.length) return;
    await desk.decide({
      step: 'retiro-agencia',
      ...campaignTexts.agencyRemoval(subject(), agency, grants.pending),
      ...custodian(current.now),
      route: custodian,
      actions: ['removed'],
      plan: current.now.decisionPlan,
      nonWorkingDays: current.now.nonWorkingDays,
    });
    agencyRemoval = 'confirmada';
  }

  /** The CM's short closing report: reach and results, reminded until sent (issue #5 §1). */
  async function closingReportStep(): Promise<void> {
    const d = await desk.decide({
      step: 'informe-cierre',
      ...campaignTexts.closingReport(subject()),
      ...custodian(current.now),
      route: custodian,
      actions: ['report'],
      plan: current.now.decisionPlan,
      nonWorkingDays: current.now.nonWorkingDays,
      form: 'closingReport',
      validatePayload: (_action, payload) => {
        const parsed = closingReportSchema.safeParse(payload);
        return parsed.success ? undefined : violationsText(shapeViolations(parsed.error, 'informe de cierre'));
      },
    });
    closingReport = { ...closingReportSchema.parse(d.payload), by: d.by, at: d.at };
  }

  function status(): CampaignStatus {
    return {
      campaignId,
      entityId: entity.id,
      stage,
      stageLabel: CAMPAIGN_STAGE_LABELS[stage],
      multisector: isMultisector(proposal),
      diffusionDays: classifyDiffusion(proposal.startsOn, proposal.endsOn).days,
      electoralPeriods: electoralOverlaps(proposal, entity.electoralPeriods),
      waiting: desk.waiting(),
      decisions: desk.decisions(),
      proposal,
      opinions,
      ...(agency && grants ? { agency: { name: agency.name, ...grants } } : {}),
      agencyRemoval,
      ...(instants ? instants : {}),
      ...(closingReport ? { closingReport } : {}),
      ...(ended ? { ended } : {}),
    };
  }
}

/** Each person once, in order. */
const unique = (contacts: Contact[]) => contacts.filter((c, i, all) => all.findIndex((x) => x.email === c.email) === i);
