import { peruPublicHolidays } from '../../infra/holidays';
import { grantRemovalDue, grantStartsAt, grantWarningsDue } from '../../domain/agencyGrant';

const closed = new Set(peruPublicHolidays([2026, 2027]));
const lima = (s: string) => new Date(`${s}-05:00`).toISOString();
const due = (endsOn: string, days: ReadonlySet<string> = closed) => grantRemovalDue(endsOn, days).toISOString();

describe('when an agency grant starts and when its removal falls due (PCM 6.1.2.10)', () => {
  it('the grant takes effect at 00:00 Lima of its start date', () => {
    expect(grantStartsAt('2026-12-01').toISOString()).toBe(lima('2026-12-01T00:00:00'));
  });

  it('PCM 6.1.2.10: the agency keeps the role through the last campaign day; removal is due at 09:00 the next business day', () => {
    // Wednesday 2 December 2026 → Thursday 3 December.
    expect(due('2026-12-02')).toBe(lima('2026-12-03T09:00:00'));
  });

  it('a campaign ending on a Friday is due for removal on Monday', () => {
    expect(due('2026-12-04')).toBe(lima('2026-12-07T09:00:00'));
  });

  it('holidays are skipped: after Monday 7 December 2026 come the 8th (Inmaculada Concepción) and 9th (Batalla de Ayacucho)', () => {
    expect(due('2026-12-07')).toBe(lima('2026-12-10T09:00:00'));
  });

  it("the entity's decreed non-working days are skipped too", () => {
    expect(due('2026-12-02', new Set([...closed, '2026-12-03', '2026-12-04']))).toBe(lima('2026-12-07T09:00:00'));
  });
});

describe('when the end of an agency grant is announced (issue 17 §2, PCM 6.1.2.10)', () => {
  it('PCM 6.1.2.10: 14 and 1 business days before the last day, at 09:00 Lima, skipping weekends and holidays', () => {
    // Last day Friday 18 December 2026; the 8th and 9th are holidays, so 14 business days back is Thursday 26 November.
    expect(grantWarningsDue('2026-11-02', '2026-12-18', closed)).toEqual([
      { daysBefore: 14, at: lima('2026-11-26T09:00:00') },
      { daysBefore: 1, at: lima('2026-12-17T09:00:00') },
    ]);
  });

  it('1 business day before a Monday is the Friday before; a decreed day moves it further back', () => {
    expect(grantWarningsDue('2026-11-02', '2026-12-14', closed)[1]).toEqual({ daysBefore: 1, at: lima('2026-12-11T09:00:00') });
    expect(grantWarningsDue('2026-11-02', '2026-12-14', new Set([...closed, '2026-12-11']))[1]).toEqual({ daysBefore: 1, at: lima('2026-12-10T09:00:00') });
  });

  it('PCM 6.1.2.10: a grant shorter than 14 business days gets only the 1-day warning; a one-day grant gets none', () => {
    expect(grantWarningsDue('2026-12-01', '2026-12-18', closed)).toEqual([{ daysBefore: 1, at: lima('2026-12-17T09:00:00') }]);
    expect(grantWarningsDue('2026-12-18', '2026-12-18', closed)).toEqual([]);
  });
});
