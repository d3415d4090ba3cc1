/**
 * Reminder plans keep an open step's links alive (issue 14 §1.5): links last at least 14 days, so a
 * plan must repeat its reminders and never go more than five business days between two emails. Checked
 * against real business days, Peruvian holidays included.
 */
import { addBusinessDays } from '../../domain/businessDays';
import { DEFAULT_REMINDER_PLAN, MAX_LINK_GAP_BUSINESS_DAYS, MIN_LINK_TTL_DAYS, REMIND_ONLY_PLAN, planLinkGapProblem } from '../../domain/decision';
import { reminderPlanSchema } from '../../domain/registryInput';
import { peruPublicHolidays } from '../../infra/holidays';

describe('a reminder plan never leaves an open step without a live link', () => {
  it('the built-in plans pass', () => {
    expect(planLinkGapProblem(DEFAULT_REMINDER_PLAN)).toBeUndefined();
    expect(planLinkGapProblem(REMIND_ONLY_PLAN)).toBeUndefined();
  });

  it('a plan that stops reminding is refused, naming the field', () => {
    expect(planLinkGapProblem({ remindAfter: [2, 4], escalateAfter: 5 })).toMatch(/se repite/);
    const parsed = reminderPlanSchema.safeParse({ remindAfter: [2, 4], escalateAfter: 5 });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.'))).toEqual(['repeatEvery']);
  });

  it('a gap of more than five business days between two emails is refused, wherever it is', () => {
    expect(planLinkGapProblem({ remindAfter: [6], repeatEvery: 5 })).toMatch(/5 días hábiles/);
    expect(planLinkGapProblem({ remindAfter: [2], escalateAfter: 9, repeatEvery: 5 })).toMatch(/5 días hábiles/);
    expect(planLinkGapProblem({ remindAfter: [2], repeatEvery: 6 })).toMatch(/5 días hábiles/);
    expect(planLinkGapProblem({ remindAfter: [], repeatEvery: 5 })).toBeUndefined();
  });

  it('five business days fit in the links\' life from any day of 2026–2027, across Holy Week, July and December holidays, with three decreed days on top', () => {
    const closed = new Set([...peruPublicHolidays([2026, 2027, 2028]), '2026-12-24', '2026-12-31', '2027-07-27']);
    let longest = 0;
    for (let t = Date.parse('2026-01-01T14:00:00Z'); t < Date.parse('2028-01-01T00:00:00Z'); t += 86_400_000) {
      const next = addBusinessDays(new Date(t), MAX_LINK_GAP_BUSINESS_DAYS, closed).getTime();
      longest = Math.max(longest, (next - t) / 86_400_000);
    }
    expect(longest).toBeLessThan(MIN_LINK_TTL_DAYS);
  });
});
