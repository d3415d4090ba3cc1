import { evaluationPayloadProblem } from '../../domain/content';
import { CONTENT_CONFIRMATIONS } from '../../domain/contentConfirmations';
import { OFFICIAL_ACT_RULES, officialActPublicationProblem, officialActRecord, officialActRecordRows, officialActRow } from '../../domain/officialActs';

const NOW = new Date('2026-12-06T15:00:00.000Z'); // 10:00 in Lima
const lead = 'https://x.com/presidenciaperu/status/1';
const coordinated = { coordinatedWith: 'Rosa Díaz, coordinadora de prensa', coordinatedOn: '2026-12-06' };

describe('official acts (PCM 6.2.4)', () => {
  it('PCM 6.2.4.1, 6.2.4.2, 6.2.4.3: each act names its clause and the office to coordinate with; only the first two have a lead account', () => {
    expect(OFFICIAL_ACT_RULES.presidencyConference).toMatchObject({ clause: 'PCM 6.2.4.1', office: 'Secretaría de Comunicación Estratégica y Prensa del Despacho Presidencial', lead: expect.stringContaining('Presidencia de la República') });
    expect(OFFICIAL_ACT_RULES.councilOfMinisters).toMatchObject({ clause: 'PCM 6.2.4.2', office: 'Oficina de Prensa e Imagen Institucional de la Presidencia del Consejo de Ministros', lead: expect.stringContaining('Presidencia del Consejo de Ministros') });
    expect(OFFICIAL_ACT_RULES.presidentialActivity).toMatchObject({ clause: 'PCM 6.2.4.3', office: 'Secretaría de Comunicación Estratégica y Prensa del Despacho Presidencial' });
    expect(OFFICIAL_ACT_RULES.presidentialActivity.lead).toBeUndefined();
    expect(officialActRow('presidencyConference')[1]).toContain('se publica después de las cuentas oficiales de la Presidencia de la República');
    expect(officialActRow('presidentialActivity')[1]).toContain('según las indicaciones de la Secretaría de Comunicación Estratégica');
  });

  it('PCM 6.2.4.1: the publication needs the lead post, on a social network, and who it was coordinated with, when', () => {
    const none = officialActPublicationProblem('presidencyConference', {}, NOW)!;
    expect(none).toContain('Indique el enlace de la publicación de las cuentas oficiales de la Presidencia de la República que esta pieza sigue (PCM 6.2.4.1)');
    expect(none).toContain('Indique con quién de la Secretaría de Comunicación Estratégica y Prensa del Despacho Presidencial se coordinó');
    expect(none).toContain('Indique la fecha de la coordinación (PCM 6.2.4.1)');
    expect(officialActPublicationProblem('presidencyConference', { leadUrl: 'https://www.gob.pe/presidencia', ...coordinated }, NOW)).toContain('de una red social (PCM 6.2.4.1)');
    expect(officialActPublicationProblem('presidencyConference', { leadUrl: 'http://x.com/presidenciaperu/status/1', ...coordinated }, NOW)).toContain('https://');
    expect(officialActPublicationProblem('presidencyConference', { leadUrl: lead, ...coordinated, coordinatedOn: '2026-12-07' }, NOW)).toContain('posterior a hoy');
    expect(officialActPublicationProblem('presidencyConference', { leadUrl: lead, ...coordinated, coordinatedOn: '2026-02-30x' }, NOW)).toContain('Indique la fecha');
    expect(officialActPublicationProblem('presidencyConference', { leadUrl: lead, ...coordinated }, NOW)).toBeUndefined();
  });

  it('PCM 6.2.4.2: a Council of Ministers follows the PCM\'s post; PCM 6.2.4.3: an activity with the President needs the coordination, its lead post is optional', () => {
    expect(officialActPublicationProblem('councilOfMinisters', coordinated, NOW)).toContain('Presidencia del Consejo de Ministros que esta pieza sigue (PCM 6.2.4.2)');
    expect(officialActPublicationProblem('presidentialActivity', coordinated, NOW)).toBeUndefined();
    expect(officialActPublicationProblem('presidentialActivity', { leadUrl: 'no es un enlace', ...coordinated }, NOW)).toContain('(PCM 6.2.4.3)');
    expect(officialActPublicationProblem('presidentialActivity', {}, NOW)).toContain('Indique con quién');
  });

  it('PCM 6.2.4: the record keeps the act, its clause and office, the lead post, the coordination, who and when', () => {
    const r = officialActRecord('councilOfMinisters', { leadUrl: ` ${lead} `, ...coordinated }, 'crojas@cultura.gob.pe', NOW.toISOString());
    expect(r).toEqual({
      act: 'councilOfMinisters', clause: 'PCM 6.2.4.2', office: 'Oficina de Prensa e Imagen Institucional de la Presidencia del Consejo de Ministros', leadUrl: lead,
      coordinatedWith: 'Rosa Díaz, coordinadora de prensa', coordinatedOn: '2026-12-06', by: 'crojas@cultura.gob.pe', at: NOW.toISOString(),
    });
    expect(officialActRecordRows(r)).toEqual([
      ['Acto oficial (PCM 6.2.4.2)', 'Consejo de Ministros o conferencia de la Presidencia del Consejo de Ministros'],
      ['Publicación principal', lead],
      ['Coordinación', 'Rosa Díaz, coordinadora de prensa (Oficina de Prensa e Imagen Institucional de la Presidencia del Consejo de Ministros), el 2026-12-06'],
    ]);
    expect(officialActRecord('presidentialActivity', coordinated, 'x', 'y')).not.toHaveProperty('leadUrl');
  });

  it('PCM 6.2.4: the CM marks the act when passing the piece on, only under a profile PCM binds', () => {
    const confirmed = { confirmations: [...CONTENT_CONFIRMATIONS], news: false };
    const underPcm = { flagsRequiredToReject: true, sensitiveRule: false, presidencyKnown: false, confirmationsFor: { officialHosts: [] } };
    expect(evaluationPayloadProblem('approve', { ...confirmed, officialAct: 'councilOfMinisters' }, underPcm)).toBeUndefined();
    expect(evaluationPayloadProblem('approve', { ...confirmed, officialAct: 'wedding' }, underPcm)).toBe('Acto oficial desconocido (PCM 6.2.4).');
    const congreso = { flagsRequiredToReject: true, sensitiveRule: false, presidencyKnown: false };
    expect(evaluationPayloadProblem('approve', { officialAct: 'councilOfMinisters' }, congreso)).toBe('Datos de la evaluación no válidos.');
  });
});
