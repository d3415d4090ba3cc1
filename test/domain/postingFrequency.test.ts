import { frequencyWindow, monthlyFrequency, previousMonth, spacedCount } from '../../domain/postingFrequency';

/** A Lima wall-clock time as an ISO instant (Lima is UTC−5 all year). */
const lima = (s: string) => new Date(`${s}-05:00`).toISOString();
/** Long after every month tested here: every period has ended. */
const LATER = new Date('2027-06-01T12:00:00Z');
const day = (f: ReturnType<typeof monthlyFrequency>, d: string) => f.periods.find((p) => p.start === d)!;

describe('PCM 6.2.2.4 Facebook: 3 posts a day, 2 hours apart', () => {
  it('PCM 6.2.2.4 three posts exactly 2 h apart meet the day; one minute less and only two count', () => {
    const exact = monthlyFrequency('facebook', [lima('2026-10-05T08:00'), lima('2026-10-05T10:00'), lima('2026-10-05T12:00')], '2026-10', LATER);
    expect(day(exact, '2026-10-05')).toMatchObject({ count: 3, counted: 3, meets: true, status: 'met' });
    const short = monthlyFrequency('facebook', [lima('2026-10-05T08:00'), lima('2026-10-05T09:59'), lima('2026-10-05T12:00')], '2026-10', LATER);
    expect(day(short, '2026-10-05')).toMatchObject({ count: 3, counted: 2, meets: false, status: 'missed' });
  });

  it('PCM 6.2.2.4 counts the most posts pairwise 2 h apart, whatever else was posted in between', () => {
    // 09:00, 11:00 and 13:00 are 2 h apart; 10:30 is not counted, and does not spoil the day.
    const f = monthlyFrequency('facebook', [lima('2026-10-06T13:00'), lima('2026-10-06T10:30'), lima('2026-10-06T09:00'), lima('2026-10-06T11:00')], '2026-10', LATER);
    expect(day(f, '2026-10-06')).toMatchObject({ count: 4, counted: 3, meets: true });
    expect(spacedCount([0, 1, 2, 3].map((h) => h * 3_600_000), 2 * 3_600_000)).toBe(2);
  });

  it('PCM 6.2.2.4 five posts within an hour are one day short of the rule, however many they are', () => {
    const f = monthlyFrequency('facebook', [0, 10, 20, 30, 40].map((m) => lima(`2026-10-07T09:${String(m).padStart(2, '0')}`)), '2026-10', LATER);
    expect(day(f, '2026-10-07')).toMatchObject({ count: 5, counted: 1, meets: false });
  });
});

describe('PCM 6.2.2.4 the other networks', () => {
  it('PCM 6.2.2.4 X needs 5 a day', () => {
    const posts = (n: number, d: string) => Array.from({ length: n }, (_, i) => lima(`${d}T1${i}:00`));
    const f = monthlyFrequency('x', [...posts(5, '2026-10-01'), ...posts(4, '2026-10-02')], '2026-10', LATER);
    expect([day(f, '2026-10-01').meets, day(f, '2026-10-02').meets]).toEqual([true, false]);
    expect(f.rule).toBe('X (Twitter): 5 publicaciones al día (PCM 6.2.2.4)');
  });

  it('PCM 6.2.2.4 Instagram needs 1 a day; more than 2 is no fault (the clause sets a minimum)', () => {
    const f = monthlyFrequency('instagram', [lima('2026-10-01T09:00'), ...['10', '12', '14'].map((h) => lima(`2026-10-02T${h}:00`))], '2026-10', LATER);
    expect([day(f, '2026-10-01').status, day(f, '2026-10-02').status, day(f, '2026-10-03').status]).toEqual(['met', 'met', 'missed']);
  });

  it('PCM 6.2.2.4 TikTok and YouTube need 3 a week, Monday to Sunday; a week belongs to the month of its Thursday', () => {
    // October 2026 begins on a Thursday: its first week is Monday 28 September – Sunday 4 October, and its
    // last is 26 October – Sunday 1 November. November's first week starts Monday 2 November.
    const posts = [lima('2026-09-28T10:00'), lima('2026-09-29T10:00'), lima('2026-10-01T10:00'), lima('2026-11-01T10:00')];
    const october = monthlyFrequency('tiktok', posts, '2026-10', LATER);
    expect(october.periods.map((p) => [p.start, p.end])).toEqual([
      ['2026-09-28', '2026-10-04'], ['2026-10-05', '2026-10-11'], ['2026-10-12', '2026-10-18'], ['2026-10-19', '2026-10-25'], ['2026-10-26', '2026-11-01'],
    ]);
    expect(october.periods.map((p) => p.count)).toEqual([3, 0, 0, 0, 1]);
    expect(october.periods[0]!.meets).toBe(true);
    // The posts of 28–29 September count for October's week, not September's, and are not «published in» October.
    expect(october.published).toBe(1);
    const september = monthlyFrequency('youtube', posts, '2026-09', LATER);
    expect(september.periods.at(-1)).toMatchObject({ start: '2026-09-21', end: '2026-09-27', count: 0 });
    expect(september.published).toBe(2);
    expect(monthlyFrequency('youtube', posts, '2026-11', LATER).periods[0]).toMatchObject({ start: '2026-11-02', count: 0 });
  });
});

describe('PCM 6.2.2.4 months and days in Lima time', () => {
  it('PCM 6.2.2.4 a post at 2026-08-01T03:00Z is 31 July in Lima: it counts for July, not August', () => {
    const posts = ['2026-08-01T03:00:00Z'];
    expect(day(monthlyFrequency('instagram', posts, '2026-07', LATER), '2026-07-31')).toMatchObject({ count: 1, meets: true });
    expect(monthlyFrequency('instagram', posts, '2026-07', LATER).published).toBe(1);
    const august = monthlyFrequency('instagram', posts, '2026-08', LATER);
    expect([august.published, day(august, '2026-08-01').count]).toEqual([0, 0]);
  });

  it('PCM 6.2.2.4 three Facebook posts late on a Lima evening are one day, though UTC splits them', () => {
    const f = monthlyFrequency('facebook', ['2026-10-10T23:00:00Z', '2026-10-11T01:00:00Z', '2026-10-11T03:00:00Z'], '2026-10', LATER);
    expect(day(f, '2026-10-10')).toMatchObject({ count: 3, counted: 3, meets: true });
  });

  it('PCM 6.2.2.4 an empty month is below the minimum on every day', () => {
    const f = monthlyFrequency('facebook', [], '2026-02', LATER);
    expect(f).toMatchObject({ published: 0, totalPeriods: 28, compliantPeriods: 0, belowMinimum: true });
  });

  it('PCM 6.2.2.4 a month of only compliant days is not flagged; one missed day flags it', () => {
    const every = (n: number) => Array.from({ length: 30 }, (_, i) => Array.from({ length: n }, (_, k) => lima(`2026-11-${String(i + 1).padStart(2, '0')}T0${k * 3}:00`))).flat();
    expect(monthlyFrequency('facebook', every(3), '2026-11', LATER)).toMatchObject({ totalPeriods: 30, compliantPeriods: 30, belowMinimum: false });
    const oneShort = every(3).filter((t) => t !== lima('2026-11-15T06:00'));
    expect(monthlyFrequency('facebook', oneShort, '2026-11', LATER)).toMatchObject({ compliantPeriods: 29, belowMinimum: true });
  });

  it('PCM 6.2.2.4 days not yet ended are not misses: today is open, later days have not begun, the month is judged so far', () => {
    const now = new Date(lima('2026-12-05T10:00'));
    const f = monthlyFrequency('instagram', [lima('2026-12-01T09:00'), lima('2026-12-02T09:00'), lima('2026-12-03T09:00'), lima('2026-12-04T09:00')], '2026-12', now);
    expect(f.periods.slice(0, 6).map((p) => p.status)).toEqual(['met', 'met', 'met', 'met', 'open', 'future']);
    expect(f).toMatchObject({ totalPeriods: 4, compliantPeriods: 4, belowMinimum: false });
    // The week that holds today is open too, even if its days so far have no post.
    expect(monthlyFrequency('tiktok', [], '2026-12', now).periods.map((p) => p.status)).toEqual(['open', 'future', 'future', 'future', 'future']);
    expect(monthlyFrequency('x', [], '2027-01', now)).toMatchObject({ totalPeriods: 0, belowMinimum: false });
  });

  it('the window to read covers the calendar month and its whole weeks; the month before January is December', () => {
    expect(frequencyWindow('facebook', '2026-10')).toEqual({ from: new Date('2026-10-01T05:00:00Z'), to: new Date('2026-11-01T05:00:00Z') });
    expect(frequencyWindow('tiktok', '2026-10')).toEqual({ from: new Date('2026-09-28T05:00:00Z'), to: new Date('2026-11-02T05:00:00Z') });
    // November 2026 begins on a Sunday, which belongs to October's last week: the window still covers it for `published`.
    expect(frequencyWindow('youtube', '2026-11').from).toEqual(new Date('2026-11-01T05:00:00Z'));
    expect(previousMonth('2027-01')).toBe('2026-12');
    expect(() => monthlyFrequency('x', [], '2026-13', LATER)).toThrow(RangeError);
  });
});
