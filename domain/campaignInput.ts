/**
 * What a campaign process accepts (RULEBOOK §5): the proposal of PCM 5.1.1, the SCS technical opinion of
 * PCM 6.4.2 and the closing report. The same schemas validate the API, the forms, the decision payloads
 * inside the workflow, and feed the OpenAPI document.
 */
import { z } from 'zod';
import { calendarDaySchema as day } from './dates';
import { mailbox } from './email';
import { NETWORKS } from './networks';
import { AGENCY_ROLES } from './pageRoles';
import './validation';

/** A form's blank field means "not given". */
const blankless = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.preprocess(blankless, z.string().trim().max(max).optional());
const email = z.string().trim().toLowerCase().pipe(mailbox());

/** PCM 5.1.1 a)–e): the minimum actions every campaign plans; `other` holds any further action. */
export const MINIMUM_ACTIONS = ['informative', 'audiovisual', 'spokesperson', 'digital', 'activations'] as const;
export type MinimumAction = (typeof MINIMUM_ACTIONS)[number];

export const CAMPAIGN_MODES = ['organic', 'paid'] as const;
export type CampaignMode = (typeof CAMPAIGN_MODES)[number];

/** PCM 6.1.2.10: the media agency of a paid campaign, and the registry accounts it will advertise on. */
export const mediaAgencySchema = z.object({
  name: text(160),
  businessManagerId: z.preprocess(
    blankless,
    z.string().trim().regex(/^\d{5,20}$/, 'El ID de Business Manager es numérico (de 5 a 20 dígitos).').optional(),
  ),
  role: z.enum(AGENCY_ROLES).default('advertiser'),
  /** Accounts of the registry (ids); none, or unknown ones, leave the agency recorded for later. */
  accountIds: z.array(z.string().trim().min(1).max(80)).max(10).optional(),
});

/** Every element of a campaign proposal (PCM 5.1.1), the mode (PCM 5.1.2), networks, dates and sectors (PCM 6.4, Anexo 5). */
export const campaignProposalSchema = z.object({
  entityId: text(80),
  proposer: z.object({ name: text(120), email }),
  name: text(160),
  need: text(4000),
  publicPurpose: text(2000),
  context: text(4000),
  topic: text(500),
  objective: text(2000),
  audience: text(1000),
  /** What the campaign wants to transmit: the "mensaje" of Anexo 5. */
  concept: text(1000),
  strategy: text(4000),
  actions: z.object({
    informative: optionalText(2000),
    audiovisual: optionalText(2000),
    spokesperson: optionalText(2000),
    digital: optionalText(2000),
    activations: optionalText(2000),
    other: optionalText(2000),
  }),
  schedule: text(4000),
  budget: optionalText(500),
  pieces: text(4000),
  mode: z.enum(CAMPAIGN_MODES),
  mediaAgency: mediaAgencySchema.optional(),
  networks: z.array(z.enum(NETWORKS)).min(1).max(NETWORKS.length),
  otherNetwork: optionalText(60),
  startsOn: day,
  endsOn: day,
  /** Other sectors taking part besides the proposing entity; any makes it multisector (PCM 6.4). */
  sectors: z.array(text(200)).max(30).optional(),
});

export type CampaignProposal = z.output<typeof campaignProposalSchema>;
export type CampaignProposalInput = z.input<typeof campaignProposalSchema>;

/** PCM 6.4.2: the four criteria SCS gives its technical opinion on. */
export const OPINION_CRITERIA = ['need', 'viability', 'durability', 'exclusivity'] as const;
export type OpinionCriterion = (typeof OPINION_CRITERIA)[number];

const criterion = z
  .object({
    verdict: z.enum(['favourable', 'comments'], { message: 'Elija «favorable» o «con observaciones».' }),
    comments: optionalText(2000),
  })
  .refine((c) => c.verdict === 'favourable' || (c.comments?.length ?? 0) >= 5, {
    message: 'Escriba sus aportes o sugerencias (al menos 5 caracteres) para un criterio con observaciones (PCM 6.4.2).',
    path: ['comments'],
  });

/** SCS's technical opinion on a multisector campaign (PCM 6.4.2), each criterion favourable or with comments. */
export const scsOpinionSchema = z.object({
  need: criterion,
  viability: criterion,
  durability: criterion,
  exclusivity: criterion,
  remarks: optionalText(2000),
});
export type ScsOpinion = z.output<typeof scsOpinionSchema>;

/** The community manager's short closing report: reach and results (issue #5 §1). */
export const closingReportSchema = z.object({
  reach: z.preprocess(
    (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ message: 'Indique el alcance como número de personas.' }).int().min(0).max(10_000_000_000),
  ),
  results: z.string().trim().min(5, 'Describa los resultados (al menos 5 caracteres).').max(4000),
});
export type ClosingReport = z.output<typeof closingReportSchema>;
/** The head's request to end a campaign: why, who asked (their address) and when (ISO). */
export const campaignEndSchema = z.strictObject({
  reason: z.string().trim().min(5, 'Escriba el motivo (al menos 5 caracteres).').max(1000),
});

