import { peruPublicHolidays } from '../../infra/holidays';
import { nextRotationDue } from '../../domain/rotation';

const closed = new Set(peruPublicHolidays([2025, 2026, 2027]));
const lima = (s: string) => new Date(`${s}-05:00`);
const due = (from: string, profile: 'PCM' | 'CONGRESO' | 'INPE' | 'SENACE', days = closed) => nextRotationDue(lima(from), profile, days).toISOString();

describe('when credentials rotate (RULEBOOK §2)', () => {
  it('PCM 6.1.2.5: a month after the last confirmed rotation, at 09:00 Lima', () => {
    expect(due('2026-03-10T16:20:00', 'PCM')).toBe(lima('2026-04-10T09:00:00').toISOString());
  });

  it('CONGRESO 6.2.5: every 15 days', () => {
    expect(due('2026-03-10T16:20:00', 'CONGRESO')).toBe(lima('2026-03-25T09:00:00').toISOString());
  });

  it('INPE 4.2.q and SENACE, which state no period, rotate monthly', () => {
    expect(due('2026-03-10T08:00:00', 'INPE')).toBe(due('2026-03-10T08:00:00', 'PCM'));
    expect(due('2026-03-10T08:00:00', 'SENACE')).toBe(due('2026-03-10T08:00:00', 'PCM'));
  });

  it('a due date on a weekend moves to Monday', () => {
    // 2026-02-15 is a Sunday.
    expect(due('2026-01-15T10:00:00', 'PCM')).toBe(lima('2026-02-16T09:00:00').toISOString());
  });

  it('a due date on a public holiday moves to the next business day: 29 July 2026 (Fiestas Patrias)', () => {
    expect(due('2026-07-14T10:00:00', 'CONGRESO')).toBe(lima('2026-07-30T09:00:00').toISOString());
  });

  it("a due date on an entity's decreed non-working day moves too", () => {
    expect(due('2026-03-10T10:00:00', 'CONGRESO', new Set([...closed, '2026-03-25']))).toBe(lima('2026-03-26T09:00:00').toISOString());
  });

  it('a rotation confirmed on 31 January is due at the end of February, not in March', () => {
    // 2026-02-28 is a Saturday, so Monday 2 March.
    expect(due('2026-01-31T10:00:00', 'PCM')).toBe(lima('2026-03-02T09:00:00').toISOString());
    expect(due('2027-01-29T10:00:00', 'PCM')).toBe(lima('2027-03-01T09:00:00').toISOString());
  });
});
