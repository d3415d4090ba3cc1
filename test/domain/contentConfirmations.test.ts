import { evaluationPayloadProblem } from '../../domain/content';
import { CONFIRMATION_RULES, CONTENT_CONFIRMATIONS, confirmationRows, confirmationsOf, confirmationsProblem, newsUrlProblem } from '../../domain/contentConfirmations';
import { PROFILES } from '../../domain/policyProfiles';

const entity = { officialHosts: ['cultura.pe'] };
const all = [...CONTENT_CONFIRMATIONS];

describe('what the CM confirms of each piece before the head approves it (issue 19 §1)', () => {
  it('PCM 6.2.2.6, 6.2.2.7, 6.2.2.8, 6.2.2.17: one item per clause, each cited', () => {
    expect(CONTENT_CONFIRMATIONS.map((c) => CONFIRMATION_RULES[c].clause)).toEqual(['PCM 6.2.2.6', 'PCM 6.2.2.7', 'PCM 6.2.2.8', 'PCM 6.2.2.17']);
    expect(CONFIRMATION_RULES.respectful.label).toContain('discriminatorio');
    expect(CONFIRMATION_RULES.rights.label).toContain('datos personales');
    expect(CONFIRMATION_RULES.thirdPartyGraphics.label).toContain('fuente');
    expect(CONFIRMATION_RULES.peopleConsent.label).toContain('permiso');
  });

  it('PCM 6.2.2.6–8, 6.2.2.17: every missing item is named with its clause in one answer', () => {
    const problem = confirmationsProblem(entity, { confirmations: ['rights'], news: false })!;
    expect(problem).toContain('(PCM 6.2.2.6)');
    expect(problem).toContain('(PCM 6.2.2.8)');
    expect(problem).toContain('(PCM 6.2.2.17)');
    expect(problem).not.toContain('(PCM 6.2.2.7)');
    expect(confirmationsProblem(entity, { confirmations: all, news: false })).toBeUndefined();
    expect(confirmationsProblem(entity, { confirmations: [...all, 'other'], news: false })).toBe('Confirmación desconocida.');
    expect(confirmationsProblem(entity, { confirmations: 'respectful', news: false })).toBe('Confirmación desconocida.');
  });

  it('PCM 6.2.2.5: the CM says whether the piece is news, and news needs its page on the entity\'s website', () => {
    expect(confirmationsProblem(entity, { confirmations: all })).toContain('PCM 6.2.2.5');
    expect(confirmationsProblem(entity, { confirmations: all, news: true })).toContain('Indique el enlace de la nota');
    expect(confirmationsProblem(entity, { confirmations: all, news: true, newsUrl: 'https://www.gob.pe/institucion/cultura/noticias/1' })).toBeUndefined();
    expect(confirmationsProblem(entity, { confirmations: all, news: false, newsUrl: 'https://www.gob.pe/x' })).toBe('Datos de la evaluación no válidos.');
  });

  it('PCM 6.2.2.5: gob.pe and the entity\'s own hosts are its website; others, http and credentials are not', () => {
    expect(newsUrlProblem(entity, 'https://visitas.cultura.gob.pe/noticia')).toBeUndefined();
    expect(newsUrlProblem(entity, 'https://www.cultura.pe/noticia')).toBeUndefined();
    expect(newsUrlProblem(entity, 'https://gob.pe.example.com/noticia')).toContain('gob.pe.example.com (PCM 6.2.2.5)');
    expect(newsUrlProblem(entity, 'http://www.gob.pe/noticia')).toContain('https://');
    expect(newsUrlProblem(entity, 'https://a:b@www.gob.pe/noticia')).toContain('credenciales');
    expect(newsUrlProblem(entity, 'noticia')).toContain('no es una dirección válida');
  });

  it('PCM 6.2.2.5–8, 6.2.2.17: the record keeps every item with its clause, the news link, who and when; the head reads them as rows', () => {
    const c = confirmationsOf({ confirmations: all, news: true, newsUrl: ' https://www.gob.pe/n ' }, 'crojas@cultura.gob.pe', '2026-12-06T15:00:00.000Z');
    expect(c).toEqual({
      items: [{ id: 'respectful', clause: 'PCM 6.2.2.6' }, { id: 'rights', clause: 'PCM 6.2.2.7' }, { id: 'thirdPartyGraphics', clause: 'PCM 6.2.2.8' }, { id: 'peopleConsent', clause: 'PCM 6.2.2.17' }],
      news: { news: true, url: 'https://www.gob.pe/n' },
      by: 'crojas@cultura.gob.pe',
      at: '2026-12-06T15:00:00.000Z',
    });
    expect(confirmationRows(c).map((r) => r[0])).toEqual([
      'Confirmado por el community manager (PCM 6.2.2.6)', 'Confirmado por el community manager (PCM 6.2.2.7)', 'Confirmado por el community manager (PCM 6.2.2.8)',
      'Confirmado por el community manager (PCM 6.2.2.17)', 'Noticia en el portal (PCM 6.2.2.5)',
    ]);
    expect(confirmationRows({ ...c, news: { news: false } }).at(-1)).toEqual(['Noticia en el portal (PCM 6.2.2.5)', 'No es una noticia.']);
  });

  it('the evaluation asks for them only when approving under a profile bound by PCM; the head\'s step takes none', () => {
    const evaluation = { flagsRequiredToReject: true, sensitiveRule: false, presidencyKnown: false, confirmationsFor: entity };
    expect(evaluationPayloadProblem('approve', undefined, evaluation)).toContain('PCM 6.2.2.6');
    expect(evaluationPayloadProblem('approve', { confirmations: all, news: false }, evaluation)).toBeUndefined();
    expect(evaluationPayloadProblem('observe', undefined, evaluation)).toBeUndefined();
    expect(evaluationPayloadProblem('reject', { flags: ['proselytism'], confirmations: all }, evaluation)).toBe('Datos de la evaluación no válidos.');
    const approval = { flagsRequiredToReject: false, sensitiveRule: false, presidencyKnown: false };
    expect(evaluationPayloadProblem('approve', undefined, approval)).toBeUndefined();
    expect(evaluationPayloadProblem('approve', { confirmations: all, news: false }, approval)).toBe('Datos de la evaluación no válidos.');
    expect([PROFILES.PCM, PROFILES.INPE, PROFILES.SENACE, PROFILES.CONGRESO].map((p) => p.pcmConductRules)).toEqual([true, true, true, false]);
  });
});
