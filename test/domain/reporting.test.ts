import { peruPublicHolidays } from '../../infra/holidays';
import {
  nextReportingEvents,
  quarterCloses,
  quarterLastDay,
  quarterlyDue,
  quarterlyOpening,
  reportsToSupervisor,
  monthlyReportByCm,
  uploadPlan,
} from '../../domain/reporting';
import { limaTimestamp } from '../../domain/businessDays';

const closed = new Set(peruPublicHolidays([2026, 2027]));
const lima = (d: Date) => limaTimestamp(d);

describe('reporting calendar (PCM 6.3.1, 6.3.2)', () => {
  it('a quarter closes at 00:00 Lima on the first day of the next one, and its last day is the one before', () => {
    expect(lima(quarterCloses('2026-Q3'))).toBe('2026-10-01T00:00:00-05:00');
    expect(quarterLastDay('2026-Q3')).toBe('2026-09-30');
    expect(quarterLastDay('2026-Q4')).toBe('2026-12-31');
  });

  it('PCM 6.3.2: the report opens at 09:00 Lima on the fifth-last business day of the quarter', () => {
    // 30 Sep 2026 is a Wednesday: 30, 29, 28, 25, 24.
    expect(lima(quarterlyOpening('2026-Q3', closed))).toBe('2026-09-24T09:00:00-05:00');
    // Q4: 31 Dec (Thu), 30, 29, 28 Dec, then 24 Dec (25 Dec is Christmas, 26–27 a weekend).
    expect(lima(quarterlyOpening('2026-Q4', closed))).toBe('2026-12-24T09:00:00-05:00');
  });

  it('PCM 6.3.2: due by default at the end of the 10th business day after the quarter, skipping holidays (8 October, Angamos) and decreed days', () => {
    // 1, 2, 5, 6, 7, 9, 12, 13, 14, 15 October 2026.
    expect(lima(quarterlyDue('2026-Q3', 10, closed))).toBe('2026-10-16T00:00:00-05:00');
    expect(lima(quarterlyDue('2026-Q3', 10, new Set([...closed, '2026-10-09'])))).toBe('2026-10-17T00:00:00-05:00');
    expect(lima(quarterlyDue('2026-Q3', 5, closed))).toBe('2026-10-08T00:00:00-05:00');
  });

  it('PCM 6.3.1: the next openings are the first business day of the month (the previous month\'s evaluation) and the quarter\'s fifth-last business day', () => {
    const now = new Date('2026-09-10T12:00:00-05:00');
    const first = nextReportingEvents(now, closed, {});
    expect(first).toEqual({ at: quarterlyOpening('2026-Q3', closed), months: [], quarters: ['2026-Q3'] });
    const second = nextReportingEvents(new Date('2026-09-24T09:00:00-05:00'), closed, { lastQuarter: '2026-Q3' });
    // 1 October 2026 is a Thursday: September's evaluation opens then.
    expect(second).toEqual({ at: new Date('2026-10-01T09:00:00-05:00'), months: ['2026-09'], quarters: [] });
  });

  it('a calendar that ran owes the latest item once late (a worker down that day), never the ones it missed', () => {
    const now = new Date('2026-12-05T10:00:00-05:00');
    const late = nextReportingEvents(now, closed, { lastMonth: '2026-09', lastQuarter: '2026-Q3' });
    // November's evaluation opened on 1 December: owed now, not October's.
    expect(late.months).toEqual(['2026-11']);
    expect(late.at.getTime()).toBeLessThanOrEqual(now.getTime());
    // A new calendar waits for the next opening ahead.
    const fresh = nextReportingEvents(now, closed, {});
    expect(fresh.at.getTime()).toBeGreaterThan(now.getTime());
  });

  it('the upload step reminds on the first business day after the close and escalates 2 business days before the deadline', () => {
    const opened = quarterlyOpening('2026-Q3', closed);
    // Opened 24 Sep: business days 25, 28, 29, 30 Sep, 1 Oct → the 5th lands after the close.
    expect(uploadPlan(opened, '2026-Q3', 10, closed)).toEqual({ remindAfter: [5, 8], escalateAfter: 13, repeatEvery: 3 });
    // Started by hand after the close: remind in 3 business days, escalate at 8.
    expect(uploadPlan(new Date('2026-10-05T10:00:00-05:00'), '2026-Q3', 10, closed)).toEqual({ remindAfter: [3], escalateAfter: 8, repeatEvery: 3 });
  });

  it('PCM 2: PCM, INPE and SENACE entities report to SCS; Congress does not. INPE 5.1.c: only INPE\'s CM reports the month to the head', () => {
    expect(['PCM', 'INPE', 'SENACE', 'CONGRESO'].map((p) => reportsToSupervisor(p as 'PCM'))).toEqual([true, true, true, false]);
    expect(['PCM', 'INPE', 'SENACE', 'CONGRESO'].map((p) => monthlyReportByCm(p as 'PCM'))).toEqual([false, true, false, false]);
  });
});
