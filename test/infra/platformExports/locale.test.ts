import { inferYear, instantOf, parseDateParts, parseDuration, parseFraction, parseNumber, parseOffsetInstant } from '../../../infra/platformExports/locale';

describe('numbers, durations and dates read per file, never per server (issue 16 §1)', () => {
  it('1.234 and 1,234 mean a thousand and more, or a bit more than one, by the file’s language', () => {
    expect(parseNumber('1,234', 'en')).toBe(1234);
    expect(parseNumber('1.234', 'es')).toBe(1234);
    expect(parseNumber('1.234', 'en')).toBe(1.234);
    expect(parseNumber('1,234', 'es')).toBe(1.234);
    expect(parseNumber('1,234,567.5', 'en')).toBe(1234567.5);
    expect(parseNumber('1.234.567,5', 'es')).toBe(1234567.5);
    expect(parseNumber('12\u00a0345', 'es')).toBe(12345);
  });

  it('separators that contradict the language are refused, not misread', () => {
    expect(parseNumber('1,5', 'en')).toBeUndefined();
    expect(parseNumber('1.5', 'es')).toBeUndefined();
    expect(parseNumber('1.234,5', 'en')).toBeUndefined();
    expect(parseNumber('abc', 'en')).toBeUndefined();
    expect(parseNumber('', 'en')).toBeUndefined();
  });

  it('a share is a 0–1 fraction or a percentage', () => {
    expect(parseFraction('0.025', 'en')).toBe(0.025);
    expect(parseFraction('2.5%', 'en')).toBeCloseTo(0.025);
    expect(parseFraction('2,5 %', 'es')).toBeCloseTo(0.025);
    expect(parseFraction('2.5', 'en')).toBeUndefined();
  });

  it('durations as 0:01:23, 1:23 or seconds', () => {
    expect(parseDuration('0:01:23', 'en')).toBe(83);
    expect(parseDuration('1:23', 'es')).toBe(83);
    expect(parseDuration('83', 'en')).toBe(83);
    expect(parseDuration('11,5', 'es')).toBe(11.5);
    expect(parseDuration('1:2', 'en')).toBeUndefined();
  });

  it('English and Spanish dates with weekday and month names', () => {
    expect(parseDateParts('Tue, Jul 14, 2026', 'en')).toEqual({ year: 2026, month: 7, day: 14, hour: 0, minute: 0 });
    expect(parseDateParts('mar, 14 jul 2026', 'es')).toEqual({ year: 2026, month: 7, day: 14, hour: 0, minute: 0 });
    expect(parseDateParts('mar 14 2026', 'es')).toMatchObject({ year: 2026, month: 3, day: 14 }); // «mar» as March
    expect(parseDateParts('14 de julio de 2026', 'es')).toMatchObject({ year: 2026, month: 7, day: 14 });
    expect(parseDateParts('3 set. 2026', 'es')).toMatchObject({ month: 9, day: 3 });
    expect(parseDateParts('miércoles, 2 de septiembre de 2026 18:40', 'es')).toEqual({ year: 2026, month: 9, day: 2, hour: 18, minute: 40 });
    expect(parseDateParts('Sep 2, 2026, 6:40 PM', 'en')).toEqual({ year: 2026, month: 9, day: 2, hour: 18, minute: 40 });
    expect(parseDateParts('07/14/2026 15:03', 'en')).toEqual({ year: 2026, month: 7, day: 14, hour: 15, minute: 3 });
    expect(parseDateParts('14/07/2026', 'es')).toMatchObject({ month: 7, day: 14 });
    expect(parseDateParts('2026-07-14', 'es')).toMatchObject({ year: 2026, month: 7, day: 14 });
  });

  it('a date without a year, and what is not a date', () => {
    expect(parseDateParts('Jul 14', 'en')).toEqual({ month: 7, day: 14, hour: 0, minute: 0 });
    expect(parseDateParts('14 jul', 'es')).toEqual({ month: 7, day: 14, hour: 0, minute: 0 });
    expect(parseDateParts('Jan 14', 'es')).toBeUndefined(); // the file's language, not a guess: «ene» in Spanish
    expect(parseDateParts('Feb 30, 2026', 'en')).toBeUndefined();
    expect(parseDateParts('soon', 'en')).toBeUndefined();
  });

  it('the year of a date without one is the most recent not after the upload day, across the new year', () => {
    expect(inferYear({ month: 12, day: 30 }, '2027-01-03')).toBe(2026);
    expect(inferYear({ month: 1, day: 2 }, '2027-01-03')).toBe(2027);
    expect(inferYear({ month: 1, day: 3 }, '2027-01-03')).toBe(2027);
    expect(inferYear({ month: 2, day: 29 }, '2027-03-01')).toBe(2024);
  });

  it('wall-clock readings are Lima time; offsets in the file are honoured', () => {
    expect(instantOf({ year: 2026, month: 12, day: 31, hour: 22, minute: 30 })).toBe('2027-01-01T03:30:00.000Z');
    expect(parseOffsetInstant('2026-07-14 15:03 +0000')).toBe('2026-07-14T15:03:00.000Z');
    expect(parseOffsetInstant('2026-07-14 15:03 -0500')).toBe('2026-07-14T20:03:00.000Z');
    expect(parseOffsetInstant('14/07/2026')).toBeUndefined();
  });
});
