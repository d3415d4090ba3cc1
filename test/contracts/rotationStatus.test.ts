/** A rotation's status as of now (contracts/credentialRotation.ts): a request held in its digest is pending from its due instant. */
import { rotationStatusAsOf, type RotationStatus } from '../../contracts/credentialRotation';

const DUE = '2026-12-07T14:00:00.000Z';
const held: RotationStatus = {
  accountId: 'acc-1', label: 'CulturaPeru (Facebook)', profile: 'PCM', state: 'esperando', lastConfirmedAt: '2026-11-07T14:00:00.000Z',
  nextDueAt: DUE, heldRequest: { step: 'rotacion-2', waitingFor: ['cm@cultura.gob.pe'] }, history: [],
};

describe('rotationStatusAsOf (issue 18 §1)', () => {
  it('PCM 6.1.2.5: before the due instant a held request is «esperando»; from it, «pendiente» and overdue since then, even before its email left', () => {
    expect(rotationStatusAsOf(held, Date.parse(DUE) - 1)).toBe(held);
    const after = rotationStatusAsOf(held, Date.parse(DUE));
    expect(after).toMatchObject({ state: 'pendiente', nextDueAt: DUE, overdue: { since: DUE, step: 'rotacion-2', waitingFor: ['cm@cultura.gob.pe'], escalated: false, remindersSent: 0 } });
    expect(after).not.toHaveProperty('heldRequest');
  });

  it('a status without a held request is read as the process gave it', () => {
    const { heldRequest: _held, ...waiting } = held;
    expect(rotationStatusAsOf(waiting, Date.parse(DUE) + 1)).toBe(waiting);
    const starting = { accountId: 'acc-1', state: 'iniciando' as const, lastConfirmedAt: held.lastConfirmedAt, history: [] };
    expect(rotationStatusAsOf(starting, Date.parse(DUE) + 1)).toBe(starting);
  });
});
