import { checklistPayloadProblem } from '../../domain/creationChecklist';

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
});
