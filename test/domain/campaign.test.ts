import {
  anexo5Rows,
  campaignSummary,
  classifyDiffusion,
  closingReportSchema,
  electoralOverlaps,
  electoralWarning,
  isMultisector,
  opinionAllFavourable,
  scsOpinionSchema,
  validateCampaignProposal,
} from '../../domain/campaign';
import { entityPolicyPatchSchema } from '../../domain/registryInput';
import { multisectorCampaign, paidCampaign, plusDays, validCampaign } from '../support/campaignFixtures';
import { pcmEntity } from '../support/fixtures';

const entity = pcmEntity();
const errorsOf = (input: unknown, opts = {}) => {
  const r = validateCampaignProposal(input, entity, opts);
  return r.ok ? [] : r.errors;
};
const start = '2037-03-01';

describe('campaign proposal (PCM 5.1.1, 5.1.2)', () => {
  it('PCM 5.1.1: a proposal with every element passes', () => {
    expect(errorsOf(validCampaign())).toEqual([]);
  });

  it('PCM 5.1.1: 13 days of diffusion are a communication action, and the proposer is told why', () => {
    expect(classifyDiffusion(start, plusDays(start, 12))).toEqual({ kind: 'communicationAction', days: 13 });
    const errors = errorsOf(validCampaign({ endsOn: plusDays(start, 12) }));
    expect(errors).toEqual([expect.objectContaining({ field: 'endsOn', rule: 'PCM 5.1.1' })]);
    expect(errors[0]!.message).toMatch(/dura 13 días.*dos semanas \(14 días\).*acción de comunicación/);
  });

  it('PCM 5.1.1: 14 days (two weeks, both ends included) are a campaign', () => {
    expect(classifyDiffusion(start, plusDays(start, 13))).toEqual({ kind: 'campaign', days: 14 });
    expect(errorsOf(validCampaign({ endsOn: plusDays(start, 13) }))).toEqual([]);
  });

  it('PCM 5.1.1: 15 days are a campaign', () => {
    expect(classifyDiffusion(start, plusDays(start, 14))).toEqual({ kind: 'campaign', days: 15 });
    expect(errorsOf(validCampaign({ endsOn: plusDays(start, 14) }))).toEqual([]);
  });

  it('PCM 5.1.1: the diffusion cannot end before it starts, nor start in the past at submission', () => {
    expect(errorsOf(validCampaign({ endsOn: plusDays(start, -1) })).map((e) => e.field)).toEqual(['endsOn']);
    expect(errorsOf(validCampaign(), { today: plusDays(start, 1) })).toEqual([expect.objectContaining({ field: 'startsOn', rule: 'PCM 5.1.1' })]);
  });

  it('PCM 5.1.1 a)–e): each minimum action must be planned, each with its own letter', () => {
    const errors = errorsOf(validCampaign({ actions: { informative: 'Nota de prensa', audiovisual: '  ', other: 'Concurso escolar' } }));
    expect(errors.map((e) => [e.field, e.rule])).toEqual([
      ['actions.audiovisual', 'PCM 5.1.1 b)'],
      ['actions.spokesperson', 'PCM 5.1.1 c)'],
      ['actions.digital', 'PCM 5.1.1 d)'],
      ['actions.activations', 'PCM 5.1.1 e)'],
    ]);
    expect(errors[1]!.message).toMatch(/vocería/);
  });

  it('PCM 5.1.1: every element is required; the budget is optional ("de ser el caso")', () => {
    const { need: _n, pieces: _p, ...rest } = validCampaign();
    expect(errorsOf(rest).map((e) => e.field).sort()).toEqual(['need', 'pieces']);
    expect(errorsOf({ ...validCampaign(), budget: '' })).toEqual([]);
    // Shape errors are in Spanish.
    expect(errorsOf(rest)[0]!.message).toMatch(/[Ee]ntrada inválida|Se esperaba|requerido|inválid/);
  });

  it('PCM 6.1.2.10: a paid campaign names its media agency', () => {
    expect(errorsOf(paidCampaign())).toEqual([]);
    expect(errorsOf(validCampaign({ mode: 'paid' }))).toEqual([expect.objectContaining({ field: 'mediaAgency.name', rule: 'PCM 6.1.2.10' })]);
    expect(errorsOf(paidCampaign({ mediaAgency: { name: 'Agencia', role: 'partner' } }))).toEqual([
      expect.objectContaining({ field: 'mediaAgency.businessManagerId', rule: 'PCM 6.1.2.10' }),
    ]);
  });

  it('PCM 5.1.2: an organic campaign pays no diffusion, so it names no agency', () => {
    expect(errorsOf(validCampaign({ mediaAgency: { name: 'Agencia', role: 'advertiser' } }))).toEqual([
      expect.objectContaining({ field: 'mediaAgency.name', rule: 'PCM 5.1.2' }),
    ]);
  });

  it('PEGE 4.5: the proposer uses an institutional address', () => {
    expect(errorsOf(validCampaign({ proposer: { name: 'X', email: 'x@gmail.com' } }))).toEqual([expect.objectContaining({ field: 'proposer.email', rule: 'PEGE 4.5' })]);
  });
});

describe('multisector campaigns (PCM 6.4, Anexo 5)', () => {
  it('PCM 6.4: other participating sectors make a campaign multisector', () => {
    expect(isMultisector(validCampaign())).toBe(false);
    expect(isMultisector(multisectorCampaign())).toBe(true);
    expect(errorsOf(multisectorCampaign({ sectors: ['Ministerio de Cultura'] }))).toEqual([expect.objectContaining({ field: 'sectors', rule: 'PCM 6.4.1' })]);
  });

  it('Anexo 5: name, sectors, audience, message, networks, start and end, in that order', () => {
    const rows = anexo5Rows(multisectorCampaign(), entity.name);
    expect(rows.map(([k]) => k)).toEqual([
      'Nombre de la campaña', 'Sectores participantes', 'Público objetivo', 'Mensaje', 'Redes sociales a utilizar', 'Inicio de difusión', 'Culminación de difusión',
    ]);
    expect(rows[1]![1]).toBe('Ministerio de Cultura, Ministerio de Educación, Ministerio de Comercio Exterior y Turismo');
    expect(rows[3]![1]).toBe('El primer domingo, el museo es tuyo.');
    expect(rows.slice(5).map(([, v]) => v)).toEqual(['01/03/2037', '21/03/2037']);
  });

  it('PCM 6.4.2: the opinion covers need, viability, durability and exclusivity; comments need text', () => {
    const fav = { verdict: 'favourable' };
    const ok = scsOpinionSchema.parse({ need: fav, viability: fav, durability: fav, exclusivity: fav });
    expect(opinionAllFavourable(ok)).toBe(true);
    const mixed = scsOpinionSchema.parse({ need: fav, viability: { verdict: 'comments', comments: 'Ajustar el cronograma.' }, durability: fav, exclusivity: fav });
    expect(opinionAllFavourable(mixed)).toBe(false);
    const bare = scsOpinionSchema.safeParse({ need: fav, viability: { verdict: 'comments', comments: '' }, durability: fav, exclusivity: fav });
    expect(bare.success).toBe(false);
    expect(bare.error!.issues[0]!.message).toMatch(/PCM 6.4.2/);
    expect(scsOpinionSchema.safeParse({ need: fav, viability: fav, durability: fav }).success).toBe(false);
  });
});

describe('electoral periods (PCM 6.2.2.10)', () => {
  const periods = [{ from: '2037-04-01', to: '2037-06-07', label: 'Elecciones Generales 2037' }];

  it('PCM 6.2.2.10: a diffusion overlapping an electoral period is flagged with the JNE rules; one outside is not', () => {
    expect(electoralOverlaps(validCampaign(), periods)).toEqual([]);
    const overlapping = validCampaign({}, '2037-03-20');
    expect(electoralOverlaps(overlapping, periods)).toEqual(periods);
    expect(electoralWarning(electoralOverlaps(overlapping, periods))).toMatch(/Elecciones Generales 2037 \(del 01\/04\/2037 al 07\/06\/2037\).*Jurado Nacional de Elecciones \(PCM 6.2.2.10/);
    // The last day of diffusion on the first electoral day overlaps (both ends count).
    expect(electoralOverlaps({ startsOn: '2037-03-10', endsOn: '2037-04-01' }, periods)).toHaveLength(1);
  });

  it('PCM 6.2.2.10: the head records electoral periods like non-working days; a period must not end before it starts', () => {
    expect(entityPolicyPatchSchema.safeParse({ electoralPeriods: periods }).success).toBe(true);
    expect(entityPolicyPatchSchema.safeParse({ electoralPeriods: [{ from: '2037-06-07', to: '2037-04-01', label: 'EG' }] }).success).toBe(false);
    expect(entityPolicyPatchSchema.safeParse({ electoralPeriods: [{ from: '2037-02-30', to: '2037-04-01', label: 'EG' }] }).success).toBe(false);
  });
});

it('the summary shows every element of PCM 5.1.1 in Spanish, budget "No aplica" when there is none', () => {
  const rows = new Map(campaignSummary(paidCampaign({ budget: undefined }), entity.name));
  expect(rows.get('Presupuesto')).toBe('No aplica');
  expect(rows.get('Agencia de medios')).toBe('Agencia Andina de Medios – Anunciante');
  expect(rows.get('Difusión')).toBe('del 01/03/2037 al 21/03/2037 (21 días)');
  expect(closingReportSchema.parse({ reach: '125000', results: 'Visitas +24 %.' })).toEqual({ reach: 125000, results: 'Visitas +24 %.' });
});
