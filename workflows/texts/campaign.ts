/** What a campaign says to people, in Spanish; workflows/campaign.ts decides when and to whom. */
import { opinionRows, type CampaignProposal, type ScsOpinion } from '../../domain/campaign';
import { peruvianDate } from '../../domain/dates';
import type { Decision } from '../../domain/decision';
import type { CampaignEnd } from '../../contracts/campaign';

/** The campaign as every text names it: its proposal and its entity. */
export interface CampaignSubject {
  proposal: CampaignProposal;
  entityName: string;
}

const named = (c: CampaignSubject) => `campaña «${c.proposal.name}» – ${c.entityName}`;
const diffusion = (p: CampaignProposal) => `del ${peruvianDate(p.startsOn)} al ${peruvianDate(p.endsOn)}`;

export const campaignTexts = {
  /** PCM 5.1.1: the head approves, observes or rejects; an electoral overlap (PCM 6.2.2.10) leads the intro. */
  approval: (c: CampaignSubject, proposerName: string, electoralWarning: string | undefined, multisector: boolean) => ({
    title: `Campaña comunicacional «${c.proposal.name}» – ${c.entityName}`,
    intro:
      (electoralWarning ? `${electoralWarning} ` : '') +
      `${proposerName} propone la campaña comunicacional descrita abajo (PCM 5.1.1). Como titular de la Oficina de ` +
      `Comunicaciones, usted puede aprobarla, observarla para que se corrija, o rechazarla.` +
      (multisector ? ' Por ser multisectorial, al aprobarla se remitirá a la SCS en el formato del Anexo 5 para su opinión técnica (PCM 6.4.1).' : ''),
  }),

  rejected: (c: CampaignSubject, rejection: Decision) => ({
    subject: `Campaña rechazada: «${c.proposal.name}» – ${c.entityName}`,
    paragraphs: [`La propuesta de la campaña «${c.proposal.name}» fue rechazada por ${rejection.by}.`, `Motivo: ${rejection.reason ?? ''}`],
  }),

  /** The head cancelled it before its diffusion: nothing ran, no agency keeps a role. */
  cancelled: (c: CampaignSubject, end: CampaignEnd, grants: number) => ({
    subject: `Campaña cancelada: «${c.proposal.name}» – ${c.entityName}`,
    paragraphs: [
      `La campaña «${c.proposal.name}» fue cancelada por ${end.by} antes de iniciar su difusión. Motivo: ${end.reason}`,
      'Los pasos que estaban pendientes quedaron sin efecto: sus enlaces ya no sirven.' +
        (grants ? ` Los accesos de la agencia (${grants}) se anularon antes de empezar (PCM 6.1.2.10).` : ''),
    ],
  }),

  /** The head ended it while it ran: the diffusion ends today; roles and the closing report follow. */
  endedEarly: (c: CampaignSubject, end: CampaignEnd, grants: number) => ({
    subject: `Campaña terminada antes de lo previsto: «${c.proposal.name}» – ${c.entityName}`,
    paragraphs: [
      `La campaña «${c.proposal.name}», prevista hasta el ${c.proposal.endsOn}, fue terminada hoy por ${end.by}. Motivo: ${end.reason}`,
      (grants ? `La agencia pierde su acceso desde hoy: se pedirá al custodio retirar su rol (PCM 6.1.2.10). ` : '') +
        'Como al final de toda campaña, se pedirá el informe de cierre.',
    ],
  }),

  correction: (c: CampaignSubject, observation: Decision) => ({
    title: `Corrija la ${named(c)}`,
    intro:
      `La propuesta fue observada por ${observation.by}. Observación: «${observation.reason ?? ''}». Corrija la propuesta y envíela ` +
      'de nuevo; volverá al titular para su decisión.',
  }),

  /** PCM 6.4.1–6.4.2: the Anexo 5 to SCS, asking for its technical opinion on the four criteria. */
  scsOpinion: (c: CampaignSubject) => ({
    title: `Propuesta de campaña multisectorial (Anexo 5): «${c.proposal.name}» – ${c.entityName}`,
    intro:
      `En cumplimiento del numeral 6.4.1 de la Directiva N° 03-2022-PCM/SCS, ${c.entityName} remite su propuesta de campaña ` +
      'multisectorial de comunicación digital (Anexo 5), aprobada por el titular de su Oficina de Comunicaciones. Le agradeceremos ' +
      'emitir opinión técnica sobre la necesidad de comunicación, la viabilidad, la durabilidad y la exclusividad (PCM 6.4.2).',
  }),

  favourable: (c: CampaignSubject, opinion: ScsOpinion) => ({
    subject: `Opinión técnica favorable de la SCS: ${named(c)}`,
    paragraphs: [
      'La Secretaría de Comunicación Social emitió opinión técnica favorable en los cuatro criterios (PCM 6.4.2). ' +
        'La coordinación e implementación de la campaña corresponde a su sector, con acompañamiento técnico de la SCS (PCM 6.4.3).',
    ],
    summary: opinionRows(opinion),
  }),

  /** PCM 6.4.2–6.4.3: with SCS's comments the proposer adjusts the proposal or goes on as approved. */
  adjustment: (c: CampaignSubject, opinion: ScsOpinion) => ({
    title: `Opinión técnica de la SCS: ${named(c)}`,
    intro:
      'La Secretaría de Comunicación Social emitió su opinión técnica con aportes y sugerencias (PCM 6.4.2), abajo. Puede ' +
      'ajustar la propuesta y reenviarla («Enviar corrección»: vuelve al titular y luego a la SCS), o continuar con la campaña ' +
      'tal como fue aprobada («Confirmar»): su sector lidera la campaña, con acompañamiento técnico de la SCS (PCM 6.4.3).',
    summary: opinionRows(opinion),
  }),

  /** The paid campaign's agency (PCM 6.1.2.10): grants opened, and what waits for a grant by hand. */
  agencyParagraphs: (agencyName: string, grants: { grantIds: string[]; pending: string[] }): string[] => [
    ...(grants.grantIds.length
      ? [
          `Se registró el acceso de la agencia ${agencyName} en ${grants.grantIds.length} cuenta(s) solo por el período de la campaña ` +
            '(PCM 6.1.2.10); al concluir, se pedirá retirarle el rol.',
        ]
      : []),
    ...(grants.pending.length ? [`La agencia ${agencyName} quedó registrada para otorgarle acceso más adelante: ${grants.pending.join(' ')}`] : []),
  ],

  approved: (c: CampaignSubject, agencyParagraphs: string[]) => ({
    subject: `Campaña aprobada: ${named(c)}`,
    paragraphs: [
      `La campaña «${c.proposal.name}» quedó aprobada. Su difusión va ${diffusion(c.proposal)}; ` +
        'al concluir se pedirá al community manager un breve informe de cierre (alcance y resultados).',
      ...agencyParagraphs,
    ],
  }),

  /** PCM 6.1.2.10: a role given by hand (no grant process) is removed and confirmed here. */
  agencyRemoval: (c: CampaignSubject, agency: { name: string; businessManagerId?: string }, pending: string[]) => ({
    title: `Retiro de agencia: ${agency.name} – ${named(c)}`,
    intro:
      `La campaña «${c.proposal.name}» concluyó el ${peruvianDate(c.proposal.endsOn)}. Una agencia de medios solo tiene acceso durante ` +
      `su campaña (PCM 6.1.2.10): retire a ${agency.name} el rol de anunciante (o de socio en Business Manager) en las cuentas donde ` +
      'se lo otorgó y pulse «Ya lo retiré». La agencia nunca recibe contraseñas de la cuenta.',
    summary: [
      ['Agencia', agency.name],
      ...(agency.businessManagerId ? [['ID de Business Manager', agency.businessManagerId] as [string, string]] : []),
      ['Campaña', c.proposal.name],
      ['Difusión', diffusion(c.proposal)],
      ['Accesos sin proceso de concesión', pending.join(' ')],
    ] as Array<[string, string]>,
  }),

  /** The CM's short closing report: reach and results. */
  closingReport: (c: CampaignSubject) => ({
    title: `Informe de cierre: ${named(c)}`,
    intro:
      `La campaña «${c.proposal.name}» concluyó el ${peruvianDate(c.proposal.endsOn)}. Envíe un breve informe de cierre: el alcance ` +
      '(personas alcanzadas) y los resultados obtenidos frente al objetivo de la campaña.',
    summary: [
      ['Campaña', c.proposal.name],
      ['Objetivo', c.proposal.objective],
      ['Difusión', diffusion(c.proposal)],
    ] as Array<[string, string]>,
  }),

  closed: (c: CampaignSubject, report: { by: string; reach: number; results: string }) => ({
    subject: `Campaña cerrada: ${named(c)}`,
    paragraphs: [`La campaña «${c.proposal.name}» concluyó y su informe de cierre fue enviado por ${report.by}.`],
    summary: [
      ['Alcance (personas)', String(report.reach)],
      ['Resultados', report.results],
    ] as Array<[string, string]>,
  }),
};
