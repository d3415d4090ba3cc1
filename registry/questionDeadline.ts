/**
 * When a citizen's question must be answered (issue 19 §4): the entity's business days (PCM 6.2.2.12 names
 * none; default 5), counted from when it arrived — or, where the document sets attention hours (SENACE
 * 8.4), from when they next open. Computed once when the CM routes it and stored on the row, so neither a
 * new holiday list nor replay ever moves it; the process counts its reminders from the same instant.
 */
import { attentionStart } from '../domain/attentionHours';
import { addBusinessDays } from '../domain/businessDays';
import { QUESTION_DUE_DEFAULT_DAYS } from '../domain/citizenQuestion';
import { PROFILES, type PolicyProfileId } from '../domain/policyProfiles';
import { peruPublicHolidays } from '../infra/holidays';

export function questionDeadline(
  receivedAt: Date,
  entity: { profile: PolicyProfileId; nonWorkingDays?: string[]; questionDueBusinessDays?: number },
): { countsFrom: Date; dueAt: Date; days: number } {
  const year = receivedAt.getUTCFullYear();
  const closed = new Set([...peruPublicHolidays([year, year + 1]), ...(entity.nonWorkingDays ?? [])]);
  const countsFrom = attentionStart(receivedAt, PROFILES[entity.profile].citizenQuestions?.attentionHours, closed);
  const days = entity.questionDueBusinessDays ?? QUESTION_DUE_DEFAULT_DAYS;
  return { countsFrom, dueAt: addBusinessDays(countsFrom, days, closed), days };
}
