import { addBusinessDays, subtractBusinessDays } from '../domain/businessDays';
import type { PolicyProfileId } from '../domain/policyProfiles';
import { peruPublicHolidays } from '../infra/holidays';
import { writtenInstant } from '../infra/limaTime';
import { rotationDueFrom } from '../registry/rotations';

/** An instant in Lima's words; called from activities so that a new ICU never changes a replayed text. */
export const describeInstant = (iso: string) => writtenInstant(iso);

export interface BusinessInstantsInput {
  /** ISO instant the counting starts from. */
  from: string;
  offsets: number[];
  /** The entity's decreed non-working days, `YYYY-MM-DD`. */
  nonWorkingDays: string[];
}

/**
 * Deadlines in business days, computed here and not in workflow code: the result is recorded in
 * history, so a new holiday list can never change a replayed deadline (STACK trap 4).
 */
export function businessInstantsFrom(input: BusinessInstantsInput): string[] {
  const from = new Date(input.from);
  const year = from.getUTCFullYear();
  const maxOffset = Math.max(0, ...input.offsets);
  const years = Array.from({ length: 2 + Math.ceil(maxOffset / 200) }, (_, i) => year + i);
  const closed = new Set([...peruPublicHolidays(years), ...input.nonWorkingDays]);
  return input.offsets.map((n) => addBusinessDays(from, n, closed).toISOString());
}

export function createCalendarActivities() {
  return {
    async businessInstants(input: BusinessInstantsInput): Promise<string[]> {
      return businessInstantsFrom(input);
    },

    /** The next rotation's due instant (ISO) from the last confirmed one (RULEBOOK §2), outside workflow code. */
    async rotationDue(input: { lastConfirmedAt: string; profile: PolicyProfileId; nonWorkingDays: string[] }): Promise<string> {
      return rotationDueFrom(new Date(input.lastConfirmedAt), input.profile, input.nonWorkingDays).toISOString();
    },

    /** The instant `days` business days before `at`, same Lima time (an announcement ahead of a due date). */
    async businessDaysBefore(input: { at: string; days: number; nonWorkingDays: string[] }): Promise<string> {
      const at = new Date(input.at);
      const closed = new Set([...peruPublicHolidays([at.getUTCFullYear() - 1, at.getUTCFullYear()]), ...input.nonWorkingDays]);
      return subtractBusinessDays(at, input.days, closed).toISOString();
    },

    /**
     * What the notice of a confirmed rotation says of its dates, in Lima's words: the confirmation and the next
     * due instant. One call where two were (`rotationDue`, then `describeInstants`): the workflow task that takes
     * the decision waits on it before the notice leaves (issue 18 §2).
     */
    async confirmedRotationDates(input: { confirmedAt: string; profile: PolicyProfileId; nonWorkingDays: string[] }): Promise<{ confirmed: string; nextDue: string }> {
      const next = rotationDueFrom(new Date(input.confirmedAt), input.profile, input.nonWorkingDays);
      return { confirmed: describeInstant(input.confirmedAt), nextDue: describeInstant(next.toISOString()) };
    },

    /** Instants as people read them in emails, e.g. «lunes, 22 de diciembre de 2026, 09:00» (Lima). */
    async describeInstants(instants: string[]): Promise<string[]> {
      return instants.map(describeInstant);
    },
  };
}
