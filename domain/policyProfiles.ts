/**
 * Policy profiles: what each governing document requires, as data (RULEBOOK "Policy profiles").
 * An entity carries exactly one profile; rules that differ between documents read it from here.
 */
import type { AttentionWindow } from './attentionHours';

export const POLICY_PROFILES = ['PCM', 'CONGRESO', 'INPE', 'SENACE'] as const;
export type PolicyProfileId = (typeof POLICY_PROFILES)[number];

export interface PolicyProfile {
  id: PolicyProfileId;
  /** Full title of the governing document, for reports. */
  document: string;
  /**
   * PCM 2: the PCM directive binds every entity of the Executive Branch, so SCS supervises it (reads it,
   * lists it on its board and in its Anexo 4 directory). The Congress is not Executive Branch.
   */
  supervisedByScs: boolean;
  /** PCM 6.1.1.2: the approved technical report goes to the supervisor (SCS). */
  sendsTechnicalReportToSupervisor: boolean;
  /** PCM 6.1.1.6: the SCS Coordinación de Comunicación Digital is an admin of every page. */
  requiresSupervisorAsAdmin: boolean;
  /** PCM 6.1.1.5: head and second in command administer Facebook pages. */
  requiresHeadAndSecondOnFacebook: boolean;
  /** PCM 5.1.10: each account has between 2 and 3 admins. */
  admins: { min: number; max: number };
  /** PCM 6.1.2.5 monthly; CONGRESO 6.2.5 every 15 days; INPE 4.2.q and SENACE unstated: monthly. */
  rotation: { every: number; unit: 'days' | 'months' };
  /**
   * Who approves a publication (RULEBOOK §6.1): the head of the office, or the person they designate where
   * the document allows it (PCM 6.2.2.2); under CONGRESO the head authorises in the last instance (5.1.1),
   * under INPE the head of the press office approves (5.3.d).
   */
  contentApproval: { designeeAllowed: boolean; clause: string };
  /**
   * INPE 5.2.b: sensitive information also needs the Presidency's approval before publication. The
   * approvers are the roster's people with role `presidency` (kept there, like the head, so a change of
   * President is one roster edit and they can sign in); absent where the document has no such rule.
   */
  sensitiveContentApproval?: { approverRole: 'presidency'; approverLabel: string; clause: string };
  /**
   * INPE 4.2.c: a unit that asks for an account of its own asks the Gerencia General, after the press
   * office's evaluation: the roster's people with role `gerencia` decide after the head approves.
   */
  unitAccountDecision?: { approverRole: 'gerencia'; approverLabel: string; clause: string };
  /**
   * PCM's rules of conduct that the Congress's document lacks, so every Executive Branch entity's and not
   * the Congress's: the CM confirms what PCM 6.2.2.5–8 and 6.2.2.17 require of each piece before the head
   * can approve it (domain/contentConfirmations.ts); official acts are published after their lead
   * accounts, after coordination (PCM 6.2.4, domain/officialActs.ts); the monthly review attests whom the
   * accounts follow (PCM 5.2.7, domain/roleReview.ts).
   */
  pcmConductRules: boolean;
  /**
   * The Congress's custody of its accounts (domain/accountAdministrator.ts): the Account Administrator is
   * indefinite-term staff (CONGRESO 5.1.2); page admin only for the head, the Account Administrator and
   * one more indefinite-term member (6.1.4–6.1.6); the team below admin (6.1.5).
   */
  accountAdministratorRules: boolean;
  /**
   * Citizens' questions routed to the responsible area (PCM 6.2.2.12; domain/citizenQuestion.ts): the
   * kinds of request the document says its networks are no channel for (INPE 4.2.b, SENACE 8.5), and
   * the attention hours that set when a question's deadline starts to run (SENACE 8.4).
   */
  citizenQuestions?: { notAChannel?: { kinds: Array<'informacion-publica' | 'expediente'>; clause: string }; attentionHours?: AttentionWindow };
}

export const DEFAULT_SUPERVISOR_EMAIL = 'rrss_scs@pcm.gob.pe';
export const SUPERVISOR_ADDRESSEE =
  'Coordinación de Comunicación Digital de la Secretaría de Comunicación Social';

const base = { admins: { min: 2, max: 3 }, rotation: { every: 1, unit: 'months' as const } };

/**
 * Each document's own rules, with PCM's applied in full wherever the entity is of the Executive Branch
 * (PCM 2; RULEBOOK "Scope"): INPE and Senace add their rules on top, and where both documents speak the
 * stricter one is kept (INPE 5.3.d: only the head approves publications, no designee).
 */
export const PROFILES: Record<PolicyProfileId, PolicyProfile> = {
  PCM: {
    ...base,
    id: 'PCM',
    document: 'Directiva N° 03-2022-PCM/SCS',
    supervisedByScs: true,
    sendsTechnicalReportToSupervisor: true,
    requiresSupervisorAsAdmin: true,
    requiresHeadAndSecondOnFacebook: true,
    contentApproval: { designeeAllowed: true, clause: 'PCM 6.2.2.2' },
    pcmConductRules: true,
    accountAdministratorRules: false,
  },
  CONGRESO: {
    ...base,
    id: 'CONGRESO',
    document: 'Procedimiento Técnico Administrativo N° 01-2023-OCII-CR',
    supervisedByScs: false,
    sendsTechnicalReportToSupervisor: false,
    requiresSupervisorAsAdmin: false,
    requiresHeadAndSecondOnFacebook: false,
    rotation: { every: 15, unit: 'days' },
    contentApproval: { designeeAllowed: false, clause: 'CONGRESO 5.1.1' },
    pcmConductRules: false,
    accountAdministratorRules: true,
  },
  INPE: {
    ...base,
    id: 'INPE',
    document: 'Lineamiento LI-001-2020-INPE-GG',
    // PCM 2: INPE (Ministry of Justice) is Executive Branch; INPE 4.2.c's evaluation comes on top of PCM 6.1.1.2.
    supervisedByScs: true,
    sendsTechnicalReportToSupervisor: true,
    requiresSupervisorAsAdmin: true,
    requiresHeadAndSecondOnFacebook: true,
    contentApproval: { designeeAllowed: false, clause: 'INPE 5.3.d' },
    sensitiveContentApproval: { approverRole: 'presidency', approverLabel: 'Presidencia del INPE', clause: 'INPE 5.2.b' },
    unitAccountDecision: { approverRole: 'gerencia', approverLabel: 'Gerencia General del INPE', clause: 'INPE 4.2.c' },
    pcmConductRules: true,
    accountAdministratorRules: false,
    citizenQuestions: { notAChannel: { kinds: ['informacion-publica'], clause: 'INPE 4.2.b' } },
  },
  SENACE: {
    ...base,
    id: 'SENACE',
    document: 'Disposiciones para la gestión de las redes sociales del Senace',
    // PCM 2: Senace (Ministry of the Environment) is Executive Branch; SENACE 7.2 (only COM creates) comes on top.
    supervisedByScs: true,
    sendsTechnicalReportToSupervisor: true,
    requiresSupervisorAsAdmin: true,
    requiresHeadAndSecondOnFacebook: true,
    // Senace is an Executive Branch body: PCM 6.2.2.2 lets its head designate who approves.
    contentApproval: { designeeAllowed: true, clause: 'PCM 6.2.2.2' },
    pcmConductRules: true,
    accountAdministratorRules: false,
    citizenQuestions: {
      notAChannel: { kinds: ['informacion-publica', 'expediente'], clause: 'SENACE 8.5' },
      attentionHours: { from: '08:00', to: '19:00', clause: 'SENACE 8.4' },
    },
  },
};

/** What PCM 2's scope changed for a profile: SCS's supervision and the PCM rules that name SCS or the office's second. */
type ScopeRules = Pick<PolicyProfile, 'supervisedByScs' | 'sendsTechnicalReportToSupervisor' | 'requiresSupervisorAsAdmin' | 'requiresHeadAndSecondOnFacebook'>;
const OUTSIDE_SCS: ScopeRules = { supervisedByScs: false, sendsTechnicalReportToSupervisor: false, requiresSupervisorAsAdmin: false, requiresHeadAndSecondOnFacebook: false };

/**
 * The profiles as Custodio applied them before PCM 2's scope reached INPE and Senace (both then outside
 * SCS). Only for account-creation processes started before that change, which keep the rules they began
 * under (`patched('pcm-2-scope')` in workflows/accountCreation.ts), so their recorded histories replay.
 */
export const PROFILES_BEFORE_PCM_2_SCOPE: Record<PolicyProfileId, PolicyProfile> = {
  ...PROFILES,
  INPE: { ...PROFILES.INPE, ...OUTSIDE_SCS },
  SENACE: { ...PROFILES.SENACE, ...OUTSIDE_SCS },
};
