import { monthLabel, nextQuarter, parseQuarter, previousQuarter, quarterBounds, quarterLabel, quarterMonths, quarterOf } from '../../domain/quarters';

describe('quarters of the Anexo 3 report (PCM 6.3.2, «trimestralmente»)', () => {
  it('reads YYYY-Qn and refuses anything else', () => {
    expect(parseQuarter('2026-Q3')).toEqual({ year: 2026, n: 3 });
    for (const bad of ['2026-Q0', '2026-Q5', '2026Q3', '2026-q3', '26-Q3', '']) expect(() => parseQuarter(bad)).toThrow(RangeError);
  });

  it('has three months in order', () => {
    expect(quarterMonths('2026-Q1')).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(quarterMonths('2026-Q3')).toEqual(['2026-07', '2026-08', '2026-09']);
    expect(quarterMonths('2026-Q4')).toEqual(['2026-10', '2026-11', '2026-12']);
  });

  it('finds the quarter of a month', () => {
    expect(['2026-01', '2026-03', '2026-04', '2026-09', '2026-10', '2026-12'].map(quarterOf)).toEqual(['2026-Q1', '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4', '2026-Q4']);
    for (const bad of ['2026-13', '2026-00', '2026-7']) expect(() => quarterOf(bad)).toThrow(RangeError);
  });

  it('steps back and forth across a year', () => {
    expect(previousQuarter('2027-Q1')).toBe('2026-Q4');
    expect(previousQuarter('2026-Q3')).toBe('2026-Q2');
    expect(nextQuarter('2026-Q4')).toBe('2027-Q1');
    expect(nextQuarter('2026-Q2')).toBe('2026-Q3');
  });

  it('is written in Spanish', () => {
    expect(quarterLabel('2026-Q3')).toBe('III trimestre de 2026 (julio–setiembre)');
    expect(quarterLabel('2027-Q1')).toBe('I trimestre de 2027 (enero–marzo)');
    expect(quarterLabel('2026-Q4')).toBe('IV trimestre de 2026 (octubre–diciembre)');
    expect(monthLabel('2026-07')).toBe('julio de 2026');
  });

  it("is bounded by 00:00 Lima (UTC−5) on its first day and on the next quarter's first day", () => {
    expect(quarterBounds('2026-Q3')).toEqual({ from: '2026-07-01T05:00:00.000Z', to: '2026-10-01T05:00:00.000Z' });
    expect(quarterBounds('2026-Q4')).toEqual({ from: '2026-10-01T05:00:00.000Z', to: '2027-01-01T05:00:00.000Z' });
  });
});
