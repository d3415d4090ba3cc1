/**
 * Policy profiles: what each governing document requires, as data (RULEBOOK "Policy profiles").
 * An entity carries exactly one profile; rules that differ between documents read it from here.
 */
export const POLICY_PROFILES = ['PCM', 'CONGRESO', 'INPE', 'SENACE'] as const;
export type PolicyProfileId = (typeof POLICY_PROFILES)[number];

export interface PolicyProfile {
  id: PolicyProfileId;
  /** Full title of the governing document, for reports. */
  document: string;
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
}

export const DEFAULT_SUPERVISOR_EMAIL = 'rrss_scs@pcm.gob.pe';
export const SUPERVISOR_ADDRESSEE =
  'Coordinación de Comunicación Digital de la Secretaría de Comunicación Social';

const base = { admins: { min: 2, max: 3 }, rotation: { every: 1, unit: 'months' as const } };

export const PROFILES: Record<PolicyProfileId, PolicyProfile> = {
  PCM: {
    ...base,
    id: 'PCM',
    document: 'Directiva N° 03-2022-PCM/SCS',
    sendsTechnicalReportToSupervisor: true,
    requiresSupervisorAsAdmin: true,
    requiresHeadAndSecondOnFacebook: true,
    contentApproval: { designeeAllowed: true, clause: 'PCM 6.2.2.2' },
  },
  CONGRESO: {
    ...base,
    id: 'CONGRESO',
    document: 'Procedimiento Técnico Administrativo N° 01-2023-OCII-CR',
    sendsTechnicalReportToSupervisor: false,
    requiresSupervisorAsAdmin: false,
    requiresHeadAndSecondOnFacebook: false,
    rotation: { every: 15, unit: 'days' },
    contentApproval: { designeeAllowed: false, clause: 'CONGRESO 5.1.1' },
  },
  INPE: {
    ...base,
    id: 'INPE',
    document: 'Lineamiento LI-001-2020-INPE-GG',
    sendsTechnicalReportToSupervisor: false,
    requiresSupervisorAsAdmin: false,
    requiresHeadAndSecondOnFacebook: false,
    contentApproval: { designeeAllowed: false, clause: 'INPE 5.3.d' },
    sensitiveContentApproval: { approverRole: 'presidency', approverLabel: 'Presidencia del INPE', clause: 'INPE 5.2.b' },
  },
  SENACE: {
    ...base,
    id: 'SENACE',
    document: 'Disposiciones para la gestión de las redes sociales del Senace',
    sendsTechnicalReportToSupervisor: false,
    requiresSupervisorAsAdmin: false,
    requiresHeadAndSecondOnFacebook: false,
    // Senace is an Executive Branch body: PCM 6.2.2.2 lets its head designate who approves.
    contentApproval: { designeeAllowed: true, clause: 'PCM 6.2.2.2' },
  },
};
