import { checklistLabels, checklistPayloadProblem } from '../../domain/creationChecklist';
import { PROFILES, PROFILES_BEFORE_PCM_2_SCOPE } from '../../domain/policyProfiles';

describe('creation checklist (RULEBOOK §1.4)', () => {
  const names = ['CulturaPeru', 'MinCulturaPe'];
  it('accepts known items and a proposed name', () => {
    expect(checklistPayloadProblem({ items: ['twoFactor'], chosenName: 'CulturaPeru' }, names)).toBeUndefined();
  });
  it('refuses unknown items, an empty list and a name that was not proposed (PCM 6.1.1.8)', () => {
    expect(checklistPayloadProblem({ items: ['password'] }, names)).toMatch(/no es válida/);
    expect(checklistPayloadProblem({ items: [] }, names)).toMatch(/al menos un punto/);
    expect(checklistPayloadProblem({ items: ['bio'], chosenName: 'Otro' }, names)).toMatch(/propuestos/);
  });
  it('PCM 2: the CM of an INPE or Senace account confirms SCS among the admins, as under PCM (PCM 6.1.1.6); the Congress does not', () => {
    for (const profile of ['PCM', 'INPE', 'SENACE'] as const) expect(checklistLabels(PROFILES[profile]).admins).toMatch(/Coordinación de Comunicación Digital de la SCS/);
    expect(checklistLabels(PROFILES.CONGRESO).admins).not.toMatch(/SCS/);
    expect(checklistLabels(PROFILES_BEFORE_PCM_2_SCOPE.INPE).admins).not.toMatch(/SCS/);
  });
});
