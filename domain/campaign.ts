/**
 * Communication campaigns (RULEBOOK §5; PCM 5.1.1, 5.1.2, 6.1.2.10, 6.2.2.10, 6.4, Anexo 5): the rules a
 * proposal must meet, its classification, the electoral flag, and the rows emails, pages and the Anexo 5
 * document show. Pure and deterministic: the campaign workflow validates corrections with it.
 */
import { isInstitutionalEmail, type ElectoralPeriod, type EntityPolicy } from './entity';
import { NETWORK_LABELS } from './networks';
import { AGENCY_ROLE_LABELS } from './pageRoles';
import {
  MINIMUM_ACTIONS,
  OPINION_CRITERIA,
  campaignProposalSchema,
  type CampaignMode,
  type CampaignProposal,
  type MinimumAction,
  type OpinionCriterion,
  type ScsOpinion,
} from './campaignInput';
import { shapeViolations, type RuleViolation, type Validated } from './validation';
import { peruvianDate } from './dates';

export * from './campaignInput';

/** Where a campaign stands; the registry row and the status query share these. */
export const CAMPAIGN_STAGES = ['aprobacion', 'correccion', 'opinion-scs', 'ajuste', 'aprobada', 'en-curso', 'cierre', 'cerrada', 'rechazada', 'cancelada'] as const;
export type CampaignStage = (typeof CAMPAIGN_STAGES)[number];

export const CAMPAIGN_STAGE_LABELS: Record<CampaignStage, string> = {
  aprobacion: 'En aprobación del titular',
  correccion: 'Observada: en corrección',
  'opinion-scs': 'En opinión técnica de la SCS',
  ajuste: 'Opinión de la SCS recibida: en ajuste',
  aprobada: 'Aprobada: por iniciar la difusión',
  'en-curso': 'En curso',
  cierre: 'Concluida: en cierre',
  cerrada: 'Cerrada',
  rechazada: 'Rechazada',
  cancelada: 'Cancelada antes de su difusión',
};

/**
 * Stages a campaign can be ended from, by the head (issue 15 §2): before its diffusion starts it is
 * cancelled (nothing ran: its steps are withdrawn and its agency's grants cancelled); while it runs it
 * ends early (its diffusion ends today, then the agency's roles are removed and the CM reports, as at a
 * planned end).
 */
export const CANCELLABLE_STAGES: readonly CampaignStage[] = ['aprobacion', 'correccion', 'opinion-scs', 'ajuste', 'aprobada'];
export const ENDABLE_STAGES: readonly CampaignStage[] = [...CANCELLABLE_STAGES, 'en-curso'];

/** PCM 5.1.1: continuous diffusion of at least two weeks, or it is only a communication action. */
export const MIN_DIFFUSION_DAYS = 14;

export const MINIMUM_ACTION_LABELS: Record<MinimumAction, string> = {
  informative: 'a) Contenido informativo (nota de prensa, ayuda memoria, entrevistas, informes, preguntas y respuestas, ideas fuerza, reportajes)',
  audiovisual: 'b) Contenido audiovisual y gráfico (spots, fotografías, gráficas, infografías, pódcast)',
  spokesperson: 'c) Plan de vocería (entrevistas, conferencias de prensa, actividades públicas)',
  digital: 'd) Plan de estrategia digital y/o transmisiones en vivo por redes sociales',
  activations: 'e) Activaciones, ferias y otros',
};

const ACTION_LETTER: Record<MinimumAction, string> = { informative: 'a', audiovisual: 'b', spokesperson: 'c', digital: 'd', activations: 'e' };

export const MODE_LABELS: Record<CampaignMode, string> = {
  organic: 'Orgánica (sin pago por la difusión, PCM 5.1.2)',
  paid: 'Publicitaria (difusión pagada)',
};

export const OPINION_CRITERIA_LABELS: Record<OpinionCriterion, string> = {
  need: 'Necesidad de comunicación',
  viability: 'Viabilidad',
  durability: 'Durabilidad',
  exclusivity: 'Exclusividad',
};


/** Days of diffusion from the first to the last, both included (calendar days are UTC-stable strings). */
export function diffusionDays(startsOn: string, endsOn: string): number {
  return Math.round((Date.parse(`${endsOn}T00:00:00Z`) - Date.parse(`${startsOn}T00:00:00Z`)) / 86_400_000) + 1;
}

export type DiffusionClass = 'campaign' | 'communicationAction';

/** PCM 5.1.1: fewer than 14 days of continuous diffusion make a communication action, not a campaign. */
export function classifyDiffusion(startsOn: string, endsOn: string): { kind: DiffusionClass; days: number } {
  const days = diffusionDays(startsOn, endsOn);
  return { kind: days >= MIN_DIFFUSION_DAYS ? 'campaign' : 'communicationAction', days };
}

/** PCM 6.4: a campaign with other participating sectors besides the proposing entity. */
export const isMultisector = (p: Pick<CampaignProposal, 'sectors'>): boolean => (p.sectors?.length ?? 0) > 0;

/** PCM 6.2.2.10: the entity's electoral periods the diffusion overlaps (both ends included). */
export function electoralOverlaps(p: Pick<CampaignProposal, 'startsOn' | 'endsOn'>, periods: readonly ElectoralPeriod[] | undefined): ElectoralPeriod[] {
  return (periods ?? []).filter((e) => e.from <= p.endsOn && e.to >= p.startsOn);
}

/** The warning the head reads before approving a campaign in an electoral period (PCM 6.2.2.10). */
export function electoralWarning(overlaps: readonly ElectoralPeriod[]): string | undefined {
  if (!overlaps.length) return undefined;
  const list = overlaps.map((e) => `${e.label} (del ${peruvianDate(e.from)} al ${peruvianDate(e.to)})`).join('; ');
  return (
    `ATENCIÓN – período electoral: la difusión se superpone con ${list}. Durante el período electoral la publicidad estatal ` +
    'se rige por las disposiciones del Jurado Nacional de Elecciones (PCM 6.2.2.10; Resolución N° 0922-2021-JNE): verifique ' +
    'que la campaña esté permitida y, de ser el caso, cuente con la autorización y el reporte posterior que exige el JNE antes de aprobarla.'
  );
}

/**
 * Rules that need the entity (and, at submission, today's Lima date): each violation cites its clause.
 * A diffusion shorter than two weeks is refused as a campaign and the proposer is told why (PCM 5.1.1).
 */
export function campaignRuleViolations(p: CampaignProposal, entity: EntityPolicy, opts: { today?: string } = {}): RuleViolation[] {
  const out: RuleViolation[] = [];
  const add = (field: string, rule: string, message: string) => out.push({ field, rule, message });

  if (p.entityId !== entity.id) add('entityId', 'PCM 5.1.1', `La propuesta corresponde a la entidad ${entity.id}.`);
  if (!isInstitutionalEmail(entity, p.proposer.email)) {
    add('proposer.email', 'PEGE 4.5', 'Quien propone debe usar su correo institucional, canal oficial de la entidad.');
  }

  if (p.endsOn < p.startsOn) {
    add('endsOn', 'PCM 5.1.1', 'La difusión no puede terminar antes de empezar.');
  } else {
    const { kind, days } = classifyDiffusion(p.startsOn, p.endsOn);
    if (kind === 'communicationAction') {
      add(
        'endsOn',
        'PCM 5.1.1',
        `La difusión propuesta dura ${days} día${days === 1 ? '' : 's'}. Una campaña comunicacional requiere una difusión continua mínima ` +
          `de dos semanas (${MIN_DIFFUSION_DAYS} días); con menos, es una acción de comunicación y no una campaña. Amplíe la difusión ` +
          'o gestiónela como acción de comunicación.',
      );
    }
  }
  if (opts.today && p.startsOn < opts.today) add('startsOn', 'PCM 5.1.1', 'La difusión no puede empezar en una fecha pasada: revise el cronograma.');

  for (const action of MINIMUM_ACTIONS) {
    if (!p.actions[action]) {
      add(
        `actions.${action}`,
        `PCM 5.1.1 ${ACTION_LETTER[action]})`,
        `Planifique la acción mínima ${MINIMUM_ACTION_LABELS[action]}: toda campaña debe contenerla.`,
      );
    }
  }

  if (p.mode === 'paid' && !p.mediaAgency) {
    add('mediaAgency.name', 'PCM 6.1.2.10', 'Una campaña publicitaria nombra a su agencia de medios, que recibe el rol de anunciante solo durante la campaña.');
  }
  if (p.mode === 'organic' && p.mediaAgency) {
    add('mediaAgency.name', 'PCM 5.1.2', 'Una campaña orgánica no paga la difusión de sus mensajes: no lleva agencia de medios.');
  }
  if (p.mediaAgency?.role === 'partner' && !p.mediaAgency.businessManagerId) {
    add('mediaAgency.businessManagerId', 'PCM 6.1.2.10', 'El rol de socio se otorga a través de Business Manager: indique el ID de la agencia.');
  }
  if (p.networks.includes('other') && !p.otherNetwork) add('otherNetwork', 'PCM 5.1.1', 'Indique cuál es la otra red social.');

  const sectors = (p.sectors ?? []).map((s) => s.toLowerCase());
  if (sectors.includes(entity.name.toLowerCase())) {
    add('sectors', 'PCM 6.4.1', `Liste solo los otros sectores participantes: ${entity.name} ya es el sector proponente.`);
  }
  if (new Set(sectors).size !== sectors.length) add('sectors', 'PCM 6.4.1', 'Un mismo sector figura dos veces.');
  return out;
}

/** Validates an untrusted proposal against PCM 5.1.1's elements and the entity's rules. */
export function validateCampaignProposal(input: unknown, entity: EntityPolicy, opts: { today?: string } = {}): Validated<CampaignProposal> {
  const parsed = campaignProposalSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: shapeViolations(parsed.error, 'PCM 5.1.1') };
  const errors = campaignRuleViolations(parsed.data, entity, opts);
  return errors.length ? { ok: false, errors } : { ok: true, value: parsed.data };
}

const networksOf = (p: Pick<CampaignProposal, 'networks' | 'otherNetwork'>) =>
  p.networks.map((n) => (n === 'other' ? p.otherNetwork ?? NETWORK_LABELS.other : NETWORK_LABELS[n])).join(', ');

/** The proposal as rows for emails, pages and status, in PCM 5.1.1's order. */
export function campaignSummary(p: CampaignProposal, entityName: string): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['Entidad', entityName],
    ['Nombre de la campaña', p.name],
    ['Necesidad', p.need],
    ['Finalidad pública', p.publicPurpose],
    ['Contexto', p.context],
    ['Tema', p.topic],
    ['Objetivo', p.objective],
    ['Público objetivo', p.audience],
    ['Concepto (mensaje)', p.concept],
    ['Estrategia', p.strategy],
    ...MINIMUM_ACTIONS.map((a): [string, string] => [MINIMUM_ACTION_LABELS[a], p.actions[a] ?? '—']),
    ...(p.actions.other ? [['Otras acciones', p.actions.other] as [string, string]] : []),
    ['Cronograma', p.schedule],
    ['Presupuesto', p.budget ?? 'No aplica'],
    ['Piezas (guiones, storyboards…)', p.pieces],
    ['Modalidad', MODE_LABELS[p.mode]],
  ];
  if (p.mediaAgency) {
    const a = p.mediaAgency;
    rows.push(['Agencia de medios', `${a.name} – ${AGENCY_ROLE_LABELS[a.role]}${a.businessManagerId ? ` (Business Manager ${a.businessManagerId})` : ''}`]);
  }
  const { days } = classifyDiffusion(p.startsOn, p.endsOn);
  rows.push(
    ['Redes sociales', networksOf(p)],
    ['Difusión', `del ${peruvianDate(p.startsOn)} al ${peruvianDate(p.endsOn)} (${days} días)`],
    ['Sectores participantes', [entityName, ...(p.sectors ?? [])].join(', ')],
    ['Propone', `${p.proposer.name} <${p.proposer.email}>`],
  );
  return rows;
}

/** Anexo 5 (PCM 6.4.1): the multisector proposal as SCS receives it, in the annex's order and words. */
export function anexo5Rows(p: CampaignProposal, entityName: string): Array<[string, string]> {
  return [
    ['Nombre de la campaña', p.name],
    ['Sectores participantes', [entityName, ...(p.sectors ?? [])].join(', ')],
    ['Público objetivo', p.audience],
    ['Mensaje', p.concept],
    ['Redes sociales a utilizar', networksOf(p)],
    ['Inicio de difusión', peruvianDate(p.startsOn)],
    ['Culminación de difusión', peruvianDate(p.endsOn)],
  ];
}

/** True when SCS found every criterion favourable (PCM 6.4.2). */
export const opinionAllFavourable = (o: ScsOpinion): boolean => OPINION_CRITERIA.every((c) => o[c].verdict === 'favourable');

/** The opinion as rows, one per criterion of PCM 6.4.2. */
export function opinionRows(o: ScsOpinion): Array<[string, string]> {
  return [
    ...OPINION_CRITERIA.map((c): [string, string] => [
      OPINION_CRITERIA_LABELS[c],
      o[c].verdict === 'favourable' ? `Favorable${o[c].comments ? `: ${o[c].comments}` : ''}` : `Con observaciones: ${o[c].comments ?? ''}`,
    ]),
    ...(o.remarks ? [['Comentarios generales', o.remarks] as [string, string]] : []),
  ];
}

/** The first message of a refused payload, as the decision validator shows it. */
export const violationsText = (errors: RuleViolation[]) => errors.map((e) => `${e.field}: ${e.message} (${e.rule})`).join(' ');
