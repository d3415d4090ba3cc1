import { peruPublicHolidays } from '../../infra/holidays';
import { FOLLOWS_CLAUSE, FOLLOWS_LABEL, followingMonth, followsAttestationSchema, monthLabel, nextReviewMonth, reviewInstant, reviewMonthOf, reviewRouting } from '../../domain/roleReview';
import { PROFILES } from '../../domain/policyProfiles';

const closed = new Set(peruPublicHolidays([2025, 2026, 2027]));
const lima = (s: string) => new Date(`${s}-05:00`);
const at = (month: string, days: ReadonlySet<string> = closed) => reviewInstant(month, days).toISOString();

const HEAD = { name: 'Ana Quispe', email: 'aquispe@cultura.gob.pe' };
const SECOND = { name: 'Bruno Salas', email: 'bsalas@cultura.gob.pe' };
const DESIGNEE = { name: 'Carla Rojas', email: 'crojas@cultura.gob.pe' };

describe('when the monthly role review opens (PCM 6.1.2.11)', () => {
  it('at 09:00 Lima on the first business day: 1 January 2027 is a holiday (Friday) and 2–3 January a weekend, so Monday 4 January', () => {
    expect(at('2027-01')).toBe(lima('2027-01-04T09:00:00').toISOString());
  });

  it('a month whose 1st is a Sunday opens on Monday the 2nd (March 2026)', () => {
    expect(at('2026-03')).toBe(lima('2026-03-02T09:00:00').toISOString());
  });

  it('a 1st that is both a Sunday and a holiday (1 November 2026, Todos los Santos) moves to Monday the 2nd', () => {
    expect(at('2026-11')).toBe(lima('2026-11-02T09:00:00').toISOString());
  });

  it("the entity's decreed non-working days are skipped too", () => {
    expect(at('2026-03', new Set([...closed, '2026-03-02']))).toBe(lima('2026-03-03T09:00:00').toISOString());
  });

  it('a new scheduler waits for the next first business day still ahead: from 15 December 2026, January 2027', () => {
    expect(nextReviewMonth(lima('2026-12-15T10:00:00'), closed)).toBe('2027-01');
  });

  it('a new scheduler started on the first business day before 09:00 reviews that same month; after 09:00, the next', () => {
    expect(nextReviewMonth(lima('2027-01-04T08:00:00'), closed)).toBe('2027-01');
    expect(nextReviewMonth(lima('2027-01-04T09:30:00'), closed)).toBe('2027-02');
    // 1–3 January: the month's first business day is still ahead.
    expect(nextReviewMonth(lima('2027-01-02T12:00:00'), closed)).toBe('2027-01');
  });

  it('after a review, the next month; a month missed while the system was down is owed once, without catching up older ones', () => {
    expect(nextReviewMonth(lima('2027-01-04T09:00:01'), closed, '2027-01')).toBe('2027-02');
    expect(nextReviewMonth(lima('2027-04-20T10:00:00'), closed, '2027-01')).toBe('2027-04');
  });

  it('months and their names', () => {
    expect(followingMonth('2026-12')).toBe('2027-01');
    expect(followingMonth('2027-01')).toBe('2027-02');
    expect(reviewMonthOf(new Date('2027-02-01T03:00:00Z'))).toBe('2027-01'); // still 31 January in Lima
    expect(monthLabel('2027-01')).toBe('enero de 2027');
    expect(monthLabel('2026-09')).toBe('setiembre de 2026');
  });
});

describe('who reviews (PCM 6.1.2.11) and who hears when nobody does', () => {
  it('the designee reviews, escalating to the head, who answers for an omission (PCM 6.2.3.5)', () => {
    expect(reviewRouting({ designee: DESIGNEE, head: HEAD, second: SECOND })).toEqual({ reviewer: DESIGNEE, escalateTo: [HEAD], designated: true });
  });

  it('without a designee the head reviews, escalating to the second in command (PCM 6.1.1.5)', () => {
    expect(reviewRouting({ head: HEAD, second: SECOND })).toEqual({ reviewer: HEAD, escalateTo: [SECOND], designated: false });
  });

  it('a head designated as their own designee is simply the head', () => {
    expect(reviewRouting({ designee: { ...HEAD, email: 'AQUISPE@cultura.gob.pe' }, head: HEAD, second: SECOND })).toEqual({ reviewer: HEAD, escalateTo: [SECOND], designated: false });
  });

  it('while the office has no head, the second reviews (no escalation); with nobody, there is no reviewer', () => {
    expect(reviewRouting({ second: SECOND })).toEqual({ reviewer: SECOND, escalateTo: [], designated: false });
    expect(reviewRouting({ designee: DESIGNEE, second: SECOND })).toEqual({ reviewer: DESIGNEE, escalateTo: [SECOND], designated: true });
    expect(reviewRouting({})).toEqual({ escalateTo: [], designated: false });
  });
});

describe('whom institutional accounts follow (PCM 5.2.7), attested with the monthly review', () => {
  it('PCM 5.2.7: the attestation needs the reviewer\'s word, cites the clause, and keeps what was unfollowed', () => {
    expect(FOLLOWS_LABEL).toContain('solo siguen a otras cuentas institucionales, medios de comunicación, autoridades de los tres poderes del Estado, autoridades internacionales y líderes de opinión');
    const missing = followsAttestationSchema.safeParse({});
    expect(missing.success).toBe(false);
    expect(missing.error!.issues[0]!.message).toContain(`(${FOLLOWS_CLAUSE})`);
    expect(followsAttestationSchema.safeParse({ follows: false }).success).toBe(false);
    expect(followsAttestationSchema.parse({ follows: true, unfollowed: '  @tienda_ofertas  ' })).toEqual({ follows: true, unfollowed: '@tienda_ofertas' });
    expect(followsAttestationSchema.safeParse({ follows: true, other: 1 }).success).toBe(false);
    expect(followsAttestationSchema.safeParse({ follows: true, unfollowed: 'x'.repeat(1001) }).success).toBe(false);
    expect([PROFILES.PCM, PROFILES.INPE, PROFILES.SENACE, PROFILES.CONGRESO].map((p) => p.pcmConductRules)).toEqual([true, true, true, false]);
  });
});
