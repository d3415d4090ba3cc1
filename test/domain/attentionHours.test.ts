import { attentionStart, attentionWindowText } from '../../domain/attentionHours';
import { PROFILES } from '../../domain/policyProfiles';
import { questionDeadline } from '../../registry/questionDeadline';

const SENACE = PROFILES.SENACE.citizenQuestions!.attentionHours!;
const none = new Set<string>();
/** Lima is UTC−5 all year. */
const lima = (local: string) => new Date(`${local}-05:00`);

describe('attention hours (SENACE 8.4)', () => {
  it('SENACE 8.4: 8:00 to 19:00 on business days; PCM and the others set none', () => {
    expect(attentionWindowText(SENACE)).toBe('de 8:00 a 19:00, en días hábiles');
    expect(SENACE.clause).toBe('SENACE 8.4');
    expect([PROFILES.PCM, PROFILES.INPE, PROFILES.CONGRESO].map((p) => p.citizenQuestions?.attentionHours)).toEqual([undefined, undefined, undefined]);
  });

  it.each([
    ['inside the window: at once', '2026-12-09T10:30:00', '2026-12-09T10:30:00'],
    ['before it opens: at 8:00 the same day', '2026-12-09T06:45:00', '2026-12-09T08:00:00'],
    ['at 19:00 sharp: it has closed, so the next business day at 8:00', '2026-12-09T19:00:00', '2026-12-10T08:00:00'],
    ['on a Friday evening: Monday at 8:00', '2026-12-11T21:30:00', '2026-12-14T08:00:00'],
    ['on a Saturday morning: Monday at 8:00', '2026-12-12T09:00:00', '2026-12-14T08:00:00'],
    ['on Christmas Eve evening: the holiday is skipped', '2026-12-24T20:00:00', '2026-12-28T08:00:00'],
  ])('SENACE 8.4: a question received %s', (_what, received, start) => {
    const closed = new Set(['2026-12-25']);
    expect(attentionStart(lima(received), SENACE, closed).toISOString()).toBe(lima(start).toISOString());
  });

  it('PCM 6.2.2.12: without a window the deadline runs from the instant the question arrived', () => {
    const at = lima('2026-12-12T23:10:00');
    expect(attentionStart(at, undefined, none)).toBe(at);
  });

  it('PCM 6.2.2.12, SENACE 8.4: the due instant is the entity\'s business days after the start, past weekends, holidays and decreed days', () => {
    // Friday 21:30 under Senace: counts from Monday 8:00; 5 business days with Tuesday decreed non-working.
    const senace = questionDeadline(lima('2026-12-11T21:30:00'), { profile: 'SENACE', nonWorkingDays: ['2026-12-15'] });
    expect(senace).toEqual({ countsFrom: lima('2026-12-14T08:00:00'), dueAt: lima('2026-12-22T08:00:00'), days: 5 });
    // The same instant under PCM, 3 days set by the entity: Christmas (a holiday) is skipped.
    const pcm = questionDeadline(lima('2026-12-23T21:30:00'), { profile: 'PCM', questionDueBusinessDays: 3 });
    expect(pcm).toEqual({ countsFrom: lima('2026-12-23T21:30:00'), dueAt: lima('2026-12-29T21:30:00'), days: 3 });
  });
});
