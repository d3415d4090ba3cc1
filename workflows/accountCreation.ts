/**
 * Creation of an institutional social-media account (RULEBOOK §1; PCM 6.1.1.2 and Anexo 4;
 * CONGRESO 6.1.2; INPE 4.2.c), told in the directive's order: the head decides, SCS receives the
 * technical report, the community manager confirms the checklist, each admin signs Anexo 1, and the
 * account enters the registry as active.
 */
import { patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities, Attachment } from '../activities';
import {
  accountCreationStatusQuery,
  type AccountCreationInput,
  type AccountCreationStage,
  type AccountCreationStatus,
} from '../contracts/accountCreation';
import { FAILURES } from '../contracts/failures';
import { proposalSummary, validateAccountProposal, type AccountProposal } from '../domain/accountProposal';
import {
  CHECKLIST_ITEMS,
  checklistLabels,
  checklistPayloadProblem,
  type ChecklistItem,
  type ChecklistPayload,
} from '../domain/creationChecklist';
import type { Decision } from '../domain/decision';
import type { Contact } from '../domain/entity';
import { NETWORK_LABELS } from '../domain/networks';
import { PROFILES, SUPERVISOR_ADDRESSEE } from '../domain/policyProfiles';
import { approvalRouting } from '../domain/roster';
import { DecisionDesk } from './decision';

const { sendNotice, activateAccounts, startRotations: startRotationProcesses } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumInterval: '5 minutes', nonRetryableErrorTypes: [FAILURES.permanentMail] },
});

/** Plan for steps nobody above can unblock: remind, never escalate. */
const REMIND_ONLY = { remindAfter: [3], repeatEvery: 5 };

export async function accountCreation(input: AccountCreationInput): Promise<AccountCreationStatus> {
  const { entity, requestId } = input;
  const profile = PROFILES[entity.profile];
  const desk = new DecisionDesk();
  let proposal = input.proposal;
  let stage: AccountCreationStage = 'aprobacion';
  const done = new Set<ChecklistItem>();
  let chosenName: string | undefined;
  let supervisorAcknowledged: boolean | null = profile.sendsTechnicalReportToSupervisor ? false : null;
  let accountIds: string[] = [];

  setHandler(accountCreationStatusQuery, status);

  const requester: Contact = { name: proposal.requester.name, email: proposal.requester.email };
  const summary = () => proposalSummary(proposal, entity.name);
  const names = () => proposal.proposedNames.join(' / ');
  // Separation of duties: nobody approves, or receives the escalation of, their own request.
  const { approver, escalateTo } = approvalRouting(entity, requester.email);

  // 1–2. The head approves, observes (the requester corrects and the same workflow resumes) or rejects.
  let approval: Decision;
  for (let round = 1; ; round++) {
    stage = 'aprobacion';
    approval = await desk.decide({
      step: `aprobacion-${round}`,
      title: `Creación de cuenta institucional ${names()} – ${entity.name}`,
      intro:
        `${requester.name} propone crear la cuenta institucional descrita abajo. Como titular de la Oficina de ` +
        `Comunicaciones, usted autoriza su creación (PCM 5.2.4): puede aprobarla, observarla para que se corrija, o rechazarla.`,
      summary: summary(),
      deciders: [approver],
      actions: ['approve', 'observe', 'reject'],
      plan: entity.decisionPlan,
      escalateTo,
      nonWorkingDays: entity.nonWorkingDays,
    });
    if (approval.action === 'approve') break;
    if (approval.action === 'reject') {
      stage = 'rechazada';
      await sendNotice({
        key: `${workflowInfo().workflowId}/rechazo`,
        to: [requester],
        cc: [approval.by],
        subject: `Solicitud rechazada: cuenta ${names()} – ${entity.name}`,
        paragraphs: [`La solicitud de creación de la cuenta ${names()} fue rechazada por ${approval.by}.`, `Motivo: ${approval.reason ?? ''}`],
        summary: summary(),
      });
      return status();
    }
    stage = 'correccion';
    const correction = await desk.decide({
      step: `correccion-${round}`,
      title: `Corrija la solicitud de cuenta ${names()} – ${entity.name}`,
      intro: `La solicitud fue observada por ${approval.by}. Observación: «${approval.reason ?? ''}». Corrija la propuesta y envíela de nuevo; volverá al titular para su decisión.`,
      summary: summary(),
      deciders: [requester],
      actions: ['correct'],
      plan: REMIND_ONLY,
      nonWorkingDays: entity.nonWorkingDays,
      form: 'proposal',
      formData: proposal,
      validatePayload: (_action, payload) => {
        const checked = validateAccountProposal(payload, entity);
        return checked.ok ? undefined : checked.errors.map((e) => `${e.field}: ${e.message} (${e.rule})`).join(' ');
      },
    });
    proposal = correction.payload as AccountProposal;
  }

  stage = 'creacion';
  const report: Attachment = {
    kind: 'technicalReport',
    data: {
      requestId,
      entityName: entity.name,
      profileDocument: profile.document,
      ...(profile.sendsTechnicalReportToSupervisor ? { addressee: SUPERVISOR_ADDRESSEE } : {}),
      summary: summary(),
      decision: { by: approval.by, byName: approver.name, at: approval.at, action: 'approve' },
    },
  };

  // 3–5 run side by side: the account need not wait for SCS's acknowledgement, but the process ends only with it.
  await Promise.all([
    supervisorReport(),
    Promise.all([checklist(), ...agreements()]).then(activate),
  ]);
  return status();

  /** PCM 6.1.1.2: the approved technical report goes to SCS, with reminders until acknowledged. */
  async function supervisorReport(): Promise<void> {
    if (!profile.sendsTechnicalReportToSupervisor) {
      await sendNotice({
        key: `${workflowInfo().workflowId}/informe-archivo`,
        to: [requester],
        cc: [approver.email],
        subject: `Informe técnico aprobado: cuenta ${names()} – ${entity.name}`,
        paragraphs: [`Se adjunta el informe técnico aprobado para su archivo (${profile.document}).`],
        attachments: [report],
      });
      return;
    }
    await desk.decide({
      step: 'acuse-scs',
      title: `Informe técnico: creación de cuenta ${names()} – ${entity.name}`,
      intro:
        `En cumplimiento del numeral 6.1.1.2 de la ${profile.document}, ${entity.name} remite el informe técnico ` +
        `aprobado por el titular de su Oficina de Comunicaciones para la creación de la cuenta institucional descrita. ` +
        `Le agradeceremos acusar recibo con el botón de abajo.`,
      summary: summary(),
      deciders: [{ name: 'Secretaría de Comunicación Social', email: entity.supervisorEmail }],
      addressee: SUPERVISOR_ADDRESSEE,
      cc: [approver.email, requester.email],
      actions: ['acknowledge'],
      plan: REMIND_ONLY,
      nonWorkingDays: entity.nonWorkingDays,
      attachments: [report],
    });
    supervisorAcknowledged = true;
  }

  /** RULEBOOK §1.4–1.5: the CM confirms each item; partial confirmations reopen the step with a fresh link. */
  async function checklist(): Promise<void> {
    const labels = checklistLabels(entity.profile);
    for (let n = 1; done.size < CHECKLIST_ITEMS.length || !chosenName; n++) {
      const pending = CHECKLIST_ITEMS.filter((i) => !done.has(i));
      const d = await desk.decide({
        step: `verificacion-${n}`,
        title: `Lista de verificación de la cuenta ${names()} – ${entity.name}`,
        intro:
          'La creación fue aprobada. Cree la cuenta y confirme cada punto de la lista a medida que lo cumpla, ' +
          'indicando cuál de los nombres propuestos quedó registrado. Nunca escriba contraseñas en Custodio.',
        summary: [
          ...pending.map((i): [string, string] => ['Pendiente', labels[i]]),
          ['Nombres propuestos', names()],
        ],
        deciders: [entity.communityManager],
        actions: ['confirm'],
        plan: REMIND_ONLY,
        nonWorkingDays: entity.nonWorkingDays,
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
    const networks = proposal.networks.map((n) => (n === 'other' ? proposal.otherNetwork ?? NETWORK_LABELS.other : NETWORK_LABELS[n]));
    return proposal.admins
      .filter((a) => a.role !== 'supervisor')
      .map((admin, i) =>
        desk.decide({
          step: `acuerdo-${i + 1}`,
          title: `Acuerdo de confidencialidad (Anexo 1) – cuenta ${names()}`,
          intro:
            'Usted figura como administrador(a) de la nueva cuenta institucional. Imprima y firme el acuerdo de ' +
            'confidencialidad adjunto, entréguelo a la Oficina de Comunicaciones y confirme aquí que lo firmó.',
          summary: [['Entidad', entity.name], ['Cuenta', names()], ['Redes', networks.join(', ')]],
          deciders: [{ name: admin.name, email: admin.email }],
          actions: ['sign'],
          plan: REMIND_ONLY,
          nonWorkingDays: entity.nonWorkingDays,
          attachments: [
            {
              kind: 'confidentialityAgreement',
              data: { requestId, entityName: entity.name, adminName: admin.name, adminEmail: admin.email, accountNames: [...proposal.proposedNames], networks, issuedAt: approval.at },
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
    });
    stage = 'activa';
    if (patched('credential-rotation')) await startRotations();
    await sendNotice({
      key: `${workflowInfo().workflowId}/activa`,
      to: [requester, entity.communityManager],
      cc: [approver.email],
      subject: `Cuenta institucional activa: ${chosenName} – ${entity.name}`,
      paragraphs: [
        `La cuenta ${chosenName} quedó registrada como activa en Custodio, con la lista de verificación completa y los acuerdos de confidencialidad firmados.`,
      ],
      summary: [['Redes', proposal.networks.map((n) => NETWORK_LABELS[n]).join(', ')], ['Correo de gestión', proposal.managingEmail]],
    });
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
