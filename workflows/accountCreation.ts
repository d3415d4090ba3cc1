/**
 * Creation of an institutional social-media account (RULEBOOK §1; PCM 6.1.1.2 and Anexo 4;
 * CONGRESO 6.1.2; INPE 4.2.c), told in the directive's order: the head decides (under INPE, a unit's
 * own account then goes to the Gerencia General), SCS receives the technical report, the community
 * manager confirms the checklist, each admin signs Anexo 1, and the account enters the registry as active.
 */
import { patched, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Attachment } from '../activities';
import {
  accountCreationStatusQuery,
  type AccountCreationInput,
  type AccountCreationStage,
  type AccountCreationStatus,
} from '../contracts/accountCreation';
import { proposalSummary, validateAccountProposal, withFixedSupervisor, type AccountProposal } from '../domain/accountProposal';
import {
  CHECKLIST_ITEMS,
  checklistLabels,
  checklistPayloadProblem,
  type ChecklistItem,
  type ChecklistPayload,
} from '../domain/creationChecklist';
import { REMIND_ONLY_PLAN, type Decision } from '../domain/decision';
import { proposalAnexo4 } from '../domain/directory';
import type { Contact, EntityPolicy } from '../domain/entity';
import { NETWORK_LABELS } from '../domain/networks';
import { PROFILES, PROFILES_BEFORE_PCM_2_SCOPE, SUPERVISOR_ADDRESSEE } from '../domain/policyProfiles';
import { approvalRouting } from '../domain/roster';
import { DecisionDesk, type Routing } from './decision';
import { CurrentEntity } from './currentEntity';
import { acts } from './activities';
import { creationTexts } from './texts/accountCreation';

const { sendNotice, activateAccounts, startRotations: startRotationProcesses } = acts;

/** Requests begun before INPE 4.2.c's step replay without it. */
export const GENERAL_MANAGEMENT_PATCH = 'inpe-gerencia-general';
/** Requests begun before technical reports were numbered and filed in the administration's form (issue 19 §6). */
export const NUMBERED_REPORT_PATCH = 'numbered-technical-report';

export async function accountCreation(input: AccountCreationInput): Promise<AccountCreationStatus> {
  const { entity, requestId } = input;
  // PCM 2 brought INPE and Senace under SCS (report, SCS as admin, head and second on Facebook); a process
  // begun before keeps the rules it began under, so its history replays and its requester is not surprised.
  const profile = (patched('pcm-2-scope') ? PROFILES : PROFILES_BEFORE_PCM_2_SCOPE)[entity.profile];
  // INPE 4.2.c: a unit's own account is decided by the Gerencia General after the head's evaluation.
  const unitRule = patched(GENERAL_MANAGEMENT_PATCH) && input.unit ? profile.unitAccountDecision : undefined;
  const numbersReport = patched(NUMBERED_REPORT_PATCH);
  // Today's correction form adds SCS as admin where the profile now asks for it; such a process drops it again.
  const scsAddedSince = !profile.requiresSupervisorAsAdmin && PROFILES[entity.profile].requiresSupervisorAsAdmin;
  const asBegun = (payload: unknown): unknown => {
    const admins = (payload as { admins?: unknown } | null)?.admins;
    return scsAddedSince && Array.isArray(admins) ? { ...(payload as object), admins: withFixedSupervisor(admins, entity, profile) } : payload;
  };
  // The snapshot names the entity; whom to ask comes from the registry each time (issue 14 §1.4).
  const current = new CurrentEntity(entity);
  const desk = new DecisionDesk([], { roster: current });
  let proposal = input.proposal;
  let stage: AccountCreationStage = 'aprobacion';
  const done = new Set<ChecklistItem>();
  let chosenName: string | undefined;
  let supervisorAcknowledged: boolean | null = profile.sendsTechnicalReportToSupervisor ? false : null;
  let accountIds: string[] = [];

  setHandler(accountCreationStatusQuery, status);

  const requester: Contact = { name: proposal.requester.name, email: proposal.requester.email };
  const summary = () => proposalSummary(proposal, entity.name);
  const subject = () => ({ names: proposal.proposedNames.join(' / '), entityName: entity.name });
  const key = (suffix: string) => `${workflowInfo().workflowId}/${suffix}`;
  // Separation of duties: nobody approves, or receives the escalation of, their own request.
  const routing = (e: EntityPolicy) => approvalRouting(e, requester.email);
  const approver = () => routing(current.now).approver;
  const approval: (e: EntityPolicy) => Routing = (e) => ({ deciders: [routing(e).approver], escalateTo: routing(e).escalateTo });
  const nameOf = (email: string) => [current.now.head, current.now.secondInCommand, entity.head, entity.secondInCommand].find((c) => c.email === email)?.name ?? email;

  // 1–2. The head approves, observes (the requester corrects and the same workflow resumes) or rejects.
  const { decision: approved } = await desk.reviewRounds(
    (round) => {
      stage = 'aprobacion';
      return desk.decide({
        step: `aprobacion-${round}`,
        ...creationTexts.approval(subject(), requester.name),
        summary: summary(),
        ...approval(current.now),
        route: approval,
        actions: ['approve', 'observe', 'reject'],
        plan: current.now.decisionPlan,
        nonWorkingDays: current.now.nonWorkingDays,
        ...(unitRule
          ? { validatePayload: (action: string) => (action === 'approve' && !current.now.generalManagement?.length ? creationTexts.noGeneralManagement(unitRule.clause) : undefined) }
          : {}),
      });
    },
    async (round, observation) => {
      stage = 'correccion';
      const correction = await desk.decide({
        step: `correccion-${round}`,
        ...creationTexts.correction(subject(), observation),
        summary: summary(),
        deciders: [requester],
        actions: ['correct'],
        plan: REMIND_ONLY_PLAN,
        nonWorkingDays: current.now.nonWorkingDays,
        form: 'proposal',
        formData: proposal,
        validatePayload: (_action, payload) => {
          const checked = validateAccountProposal(asBegun(payload), entity, profile);
          return checked.ok ? undefined : checked.errors.map((e) => `${e.field}: ${e.message} (${e.rule})`).join(' ');
        },
      });
      proposal = asBegun(correction.payload) as AccountProposal;
    },
  );
  if (approved.action === 'reject') return rejected(approved);
  let generalManagement: Decision | undefined;

  // INPE 4.2.c: the unit's request reaches the Gerencia General with the press office's evaluation.
  if (unitRule) {
    stage = 'gerencia';
    await current.read();
    const decided = await desk.decide({
      step: 'gerencia',
      ...creationTexts.generalManagement(subject(), input.unit!, nameOf(approved.by), unitRule.clause),
      summary: summary(),
      deciders: current.now.generalManagement ?? [],
      route: (e) => ({ deciders: e.generalManagement ?? [] }),
      actions: ['approve', 'reject'],
      plan: REMIND_ONLY_PLAN,
      nonWorkingDays: current.now.nonWorkingDays,
    });
    if (decided.action === 'reject') return rejected(decided);
    generalManagement = decided;
  }

  stage = 'creacion';
  // Issue 19 §6: the report's number is given once, dated by the last approval, and kept in history.
  const dated = generalManagement?.at ?? approved.at;
  const number = numbersReport ? await acts.documentNumber({ entityId: entity.id, series: 'technicalReport', key: `solicitud:${requestId}`, at: dated }) : undefined;
  const report: Attachment = {
    kind: 'technicalReport',
    data: {
      requestId,
      entityName: entity.name,
      profileDocument: profile.document,
      ...(profile.sendsTechnicalReportToSupervisor ? { addressee: SUPERVISOR_ADDRESSEE } : {}),
      summary: summary(),
      decision: { by: approved.by, byName: nameOf(approved.by), at: approved.at, action: 'approve' },
      ...(generalManagement && unitRule
        ? {
            generalManagement: {
              unit: input.unit!, by: generalManagement.by, at: generalManagement.at, clause: unitRule.clause,
              byName: current.now.generalManagement?.find((c) => c.email === generalManagement!.by)?.name ?? generalManagement.by,
            },
          }
        : {}),
      ...(number
        ? {
            filing: {
              code: number.code,
              to: profile.sendsTechnicalReportToSupervisor ? SUPERVISOR_ADDRESSEE : `${nameOf(approved.by)}, titular de la Oficina de Comunicaciones`,
              from: input.unit ? `${requester.name}, ${input.unit}` : requester.name,
              submittedAt: input.submittedAt,
              names: proposal.proposedNames.join(' / '),
              networks: networkNames().join(', '),
              ...(input.plan ? { plan: input.plan } : {}),
            },
          }
        : {}),
    },
  };

  // 3–5 run side by side: the account need not wait for SCS's acknowledgement, but the process ends only with it.
  await Promise.all([
    supervisorReport(),
    Promise.all([checklist(), ...agreements()]).then(activate),
  ]);
  return status();

  /** The proposal's networks by name, «Otra» by the name the requester gave it. */
  function networkNames(): string[] {
    return proposal.networks.map((n) => (n === 'other' ? proposal.otherNetwork ?? NETWORK_LABELS.other : NETWORK_LABELS[n]));
  }

  async function rejected(rejection: Decision): Promise<AccountCreationStatus> {
    stage = 'rechazada';
    await sendNotice({ key: key('rechazo'), to: [requester], cc: [approved.by], ...creationTexts.rejected(subject(), rejection), summary: summary() });
    return status();
  }

  /** PCM 6.1.1.2: the approved technical report goes to SCS, with reminders until acknowledged. */
  async function supervisorReport(): Promise<void> {
    if (!profile.sendsTechnicalReportToSupervisor) {
      await current.read();
      await sendNotice({ key: key('informe-archivo'), to: [requester], cc: [approver().email], ...creationTexts.reportForFile(subject(), profile.document), attachments: [report] });
      return;
    }
    await desk.decide({
      step: 'acuse-scs',
      ...creationTexts.supervisorReport(subject(), profile.document),
      summary: summary(),
      ...supervisor(current.now),
      route: supervisor,
      addressee: SUPERVISOR_ADDRESSEE,
      actions: ['acknowledge'],
      plan: REMIND_ONLY_PLAN,
      nonWorkingDays: current.now.nonWorkingDays,
      attachments: [report],
    });
    supervisorAcknowledged = true;
  }

  function supervisor(e: EntityPolicy): Routing {
    return { deciders: [{ name: 'Secretaría de Comunicación Social', email: e.supervisorEmail }], cc: [routing(e).approver.email, requester.email] };
  }

  /** RULEBOOK §1.4–1.5: the CM confirms each item; partial confirmations reopen the step with a fresh link. */
  async function checklist(): Promise<void> {
    const labels = checklistLabels(profile);
    for (let n = 1; done.size < CHECKLIST_ITEMS.length || !chosenName; n++) {
      const pending = CHECKLIST_ITEMS.filter((i) => !done.has(i));
      const d = await desk.decide({
        step: `verificacion-${n}`,
        ...creationTexts.checklist(subject(), pending.map((i) => labels[i])),
        deciders: [current.now.communityManager],
        route: (e) => ({ deciders: [e.communityManager] }),
        actions: ['confirm'],
        plan: REMIND_ONLY_PLAN,
        nonWorkingDays: current.now.nonWorkingDays,
        form: 'checklist',
        formData: { pending, labels, proposedNames: proposal.proposedNames, chosenName },
        validatePayload: (_a, payload) => checklistPayloadProblem(payload, proposal.proposedNames),
      });
      const payload = d.payload as ChecklistPayload;
      payload.items.forEach((i) => done.add(i));
      if (payload.chosenName) chosenName = payload.chosenName;
    }
  }

  /** PCM 6.1.1.3, 6.1.2.7: each admin who receives credentials signs Anexo 1. SCS administers through its own profile. */
  function agreements(): Array<Promise<Decision>> {
    const networks = networkNames();
    return proposal.admins
      .filter((a) => a.role !== 'supervisor')
      .map((admin, i) =>
        desk.decide({
          step: `acuerdo-${i + 1}`,
          ...creationTexts.agreement(subject(), networks),
          deciders: [{ name: admin.name, email: admin.email }],
          actions: ['sign'],
          plan: REMIND_ONLY_PLAN,
          nonWorkingDays: current.now.nonWorkingDays,
          attachments: [
            {
              kind: 'confidentialityAgreement',
              data: { requestId, entityName: entity.name, adminName: admin.name, adminEmail: admin.email, accountNames: [...proposal.proposedNames], networks, issuedAt: approved.at },
            },
          ],
        }),
      );
  }

  async function activate(): Promise<void> {
    accountIds = await activateAccounts({
      requestId,
      entityId: entity.id,
      networks: proposal.networks,
      username: chosenName!,
      managingEmail: proposal.managingEmail,
      admins: proposal.admins.map((a) => ({ name: a.name, email: a.email, role: a.role })),
      anexo4: proposalAnexo4(proposal),
    });
    stage = 'activa';
    if (patched('credential-rotation')) await startRotations();
    // «Otra» by the name the requester gave it, as in the other emails.
    const networks = networkNames().join(', ');
    const now = await current.read();
    await sendNotice({ key: key('activa'), to: [requester, now.communityManager], cc: [approver().email], ...creationTexts.active(subject(), chosenName!, networks, proposal.managingEmail) });
  }

  /** RULEBOOK §2: every active account gets its rotation process, which outlives this one (started apart, not as a child). */
  async function startRotations(): Promise<void> {
    const lastConfirmedAt = new Date().toISOString();
    await startRotationProcesses({ accounts: accountIds.map((accountId) => ({ accountId, lastConfirmedAt })) });
  }

  function status(): AccountCreationStatus {
    return {
      requestId,
      entityId: entity.id,
      stage,
      waiting: desk.waiting(),
      decisions: desk.decisions(),
      proposal,
      checklist: { done: [...done], pending: CHECKLIST_ITEMS.filter((i) => !done.has(i)), ...(chosenName ? { chosenName } : {}) },
      supervisorAcknowledged,
      accountIds,
    };
  }
}
