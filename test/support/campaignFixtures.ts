import type { CampaignProposal } from '../../domain/campaign';

/** `YYYY-MM-DD` plus `n` calendar days. */
export const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** An organic, single-sector campaign of `pcmEntity()` that meets every rule of PCM 5.1.1; 21 days from `startsOn`. */
export function validCampaign(overrides: Partial<CampaignProposal> = {}, startsOn = '2037-03-01'): CampaignProposal {
  return {
    entityId: 'mincul',
    proposer: { name: 'Diego Torres', email: 'dtorres@cultura.gob.pe' },
    name: 'Museos Abiertos',
    need: 'La visita a museos públicos cayó 30 % desde 2035 y la gratuidad del primer domingo es poco conocida.',
    publicPurpose: 'Acercar el patrimonio cultural a la ciudadanía y promover el derecho de acceso a la cultura.',
    context: 'Temporada de vacaciones escolares; nueva programación de museos nacionales.',
    topic: 'Ingreso libre a museos el primer domingo de cada mes',
    objective: 'Aumentar en 20 % las visitas a museos nacionales el primer domingo del mes.',
    audience: 'Familias con hijos en edad escolar, 25 a 45 años, Lima y regiones.',
    concept: 'El primer domingo, el museo es tuyo.',
    strategy: 'Campaña 360° con énfasis digital: contenidos de museos, vocería del ministro y activaciones en parques.',
    actions: {
      informative: 'Nota de prensa de lanzamiento, ayuda memoria y preguntas frecuentes.',
      audiovisual: 'Spot de 30 s, fotografías y piezas gráficas por museo.',
      spokesperson: 'Plan de vocería del ministro y directores de museos.',
      digital: 'Plan digital y transmisiones en vivo de recorridos guiados.',
      activations: 'Activaciones en parques zonales y ferias culturales.',
    },
    schedule: 'Semana 1: lanzamiento; semanas 2–3: recorridos en vivo y activaciones.',
    pieces: 'Guion del spot, storyboard, 12 piezas gráficas, 6 reels.',
    mode: 'organic',
    networks: ['facebook', 'instagram', 'tiktok'],
    startsOn,
    endsOn: plusDays(startsOn, 20),
    ...overrides,
  };
}

/** The same campaign, multisector: Educación and the Instituto Nacional de Cultura take part (PCM 6.4). */
export const multisectorCampaign = (overrides: Partial<CampaignProposal> = {}, startsOn?: string) =>
  validCampaign({ sectors: ['Ministerio de Educación', 'Ministerio de Comercio Exterior y Turismo'], ...overrides }, startsOn);

/** A paid campaign with its media agency on one registry account (PCM 6.1.2.10). */
export const paidCampaign = (overrides: Partial<CampaignProposal> = {}, startsOn?: string) =>
  validCampaign({ mode: 'paid', budget: 'S/ 80 000', mediaAgency: { name: 'Agencia Andina de Medios', role: 'advertiser', accountIds: ['acc-1'] }, ...overrides }, startsOn);
