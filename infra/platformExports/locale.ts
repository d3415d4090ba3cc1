/**
 * Numbers, fractions, durations and dates as a platform wrote them in one file (issue 16 §1: "parse numbers
 * and dates per file, not per server"). The file's language decides the separators and the month names;
 * nothing here reads the server's locale or zone. Each parser answers `undefined` for text it cannot read,
 * so the reader can name the line and column.
 */
import { TZDate } from '@date-fns/tz';

export type Language = 'es' | 'en';

/** Peru has kept UTC−5 without daylight saving since 1994; the zone name documents where the hour is read. */
export const LIMA = 'America/Lima';

// Thousands must come in groups of three, so `1.5` is not a Spanish number and `1,5` not an English one:
// a file whose separators contradict its language is refused, never silently misread by a factor of 1000.
const NUMBER = {
  en: /^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/,
  es: /^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/,
} as const;

/** `1,234.5` (en) or `1.234,5` (es); spaces and non-breaking spaces as thousands separators too. */
export function parseNumber(text: string, language: Language): number | undefined {
  const t = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (!NUMBER[language].test(t)) return undefined;
  const plain = language === 'en' ? t.replace(/,/g, '') : t.replace(/\./g, '').replace(',', '.');
  return Number(plain);
}

/** A share as a 0–1 fraction: `3.5%` gives 0.035; a bare number must already be within 0–1. */
export function parseFraction(text: string, language: Language): number | undefined {
  const t = text.trim();
  const percent = t.endsWith('%');
  const n = parseNumber(percent ? t.slice(0, -1) : t, language);
  if (n === undefined) return undefined;
  const fraction = percent ? n / 100 : n;
  return fraction >= 0 && fraction <= 1 ? fraction : undefined;
}

/** Seconds from `0:01:23`, `1:23` or `83` (decimals in the file's language, `11,5` or `11.5`). */
export function parseDuration(text: string, language: Language): number | undefined {
  const t = text.trim();
  if (!t.includes(':')) return parseNumber(t, language);
  const parts = t.split(':');
  if (parts.length > 3 || parts.some((p, i) => (i === 0 ? !/^\d+$/.test(p) : !/^\d{2}(\.\d+)?$/.test(p)))) return undefined;
  return parts.reduce((total, p) => total * 60 + Number(p), 0);
}

/** A calendar reading before it is placed in time: the year may be missing (TikTok Studio omits it). */
export interface DateParts {
  year?: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const MONTHS: Record<Language, Record<string, number>> = {
  en: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12 },
  // Peru writes «setiembre» (abbreviated «set»); Google and TikTok write «septiembre»/«sept»/«sep».
  es: { ene: 1, feb: 2, mar: 3, abr: 4, may: 5, jun: 6, jul: 7, ago: 8, sep: 9, sept: 9, set: 9, oct: 10, nov: 11, dic: 12 },
};
const FULL_MONTHS: Record<Language, string[]> = {
  en: ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'],
  es: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
};
const WEEKDAYS: Record<Language, string[]> = {
  en: ['mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
  es: ['lun', 'mar', 'mie', 'jue', 'vie', 'sab', 'dom', 'lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'sabado', 'domingo'],
};

function monthOf(word: string, language: Language): number | undefined {
  const full = FULL_MONTHS[language].indexOf(word);
  if (full >= 0) return full + 1;
  return word === 'setiembre' && language === 'es' ? 9 : MONTHS[language][word];
}

/**
 * A date in the file's language: `Tue, Jul 14, 2026`, `July 14`, `mar, 14 jul 2026`, `14 de julio de 2026`,
 * `3 oct. 2026`, ISO `2026-07-14`, `07/14/2026` (en, month first) or `14/07/2026` (es, day first), each with
 * an optional `HH:MM` (and `a. m.`/`pm`). A leading weekday is allowed and not checked.
 */
export function parseDateParts(text: string, language: Language): DateParts | undefined {
  const t = text.trim().toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ t](\d{1,2}):(\d{2})(?::\d{2})?)?$/.exec(t);
  if (iso) return checked({ year: +iso[1]!, month: +iso[2]!, day: +iso[3]!, hour: +(iso[4] ?? 0), minute: +(iso[5] ?? 0) });
  const { rest, hour, minute } = splitTime(t);
  if (hour === undefined) return undefined;
  const slash = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(rest);
  if (slash) {
    const [a, b] = [+slash[1]!, +slash[2]!];
    return checked({ year: +slash[3]!, month: language === 'en' ? a : b, day: language === 'en' ? b : a, hour, minute });
  }
  return wordDate(rest, language, hour, minute);
}

function wordDate(rest: string, language: Language, hour: number, minute: number): DateParts | undefined {
  const tokens = rest.split(/[\s,.]+/).filter((w) => w && w !== 'de');
  // «mar» is Tuesday and March in Spanish: a leading weekday is dropped only when a month follows it.
  if (tokens[0] && WEEKDAYS[language].includes(tokens[0]) && tokens.slice(1).some((w) => monthOf(w, language))) tokens.shift();
  let year: number | undefined;
  let day: number | undefined;
  let month: number | undefined;
  for (const token of tokens) {
    if (/^\d{4}$/.test(token) && year === undefined) year = +token;
    else if (/^\d{1,2}$/.test(token) && day === undefined) day = +token;
    else if (month === undefined && monthOf(token, language) !== undefined) month = monthOf(token, language);
    else return undefined;
  }
  if (month === undefined || day === undefined) return undefined;
  return checked({ ...(year === undefined ? {} : { year }), month, day, hour, minute });
}

/** Takes a trailing `15:03`, `3:03 pm` or `3:03 p. m.` off; no time at all is midnight. */
function splitTime(t: string): { rest: string; hour?: number; minute: number } {
  const m = /[\s,]+(\d{1,2}):(\d{2})(?::\d{2})?(?:\s*([ap])\.?\s*m\.?)?$/.exec(t);
  if (!m) return /\d:\d/.test(t) ? { rest: t, minute: 0 } : { rest: t, hour: 0, minute: 0 };
  let hour = +m[1]!;
  if (m[3] && (hour < 1 || hour > 12)) return { rest: t, minute: 0 };
  if (m[3]) hour = (hour % 12) + (m[3] === 'p' ? 12 : 0);
  return { rest: t.slice(0, m.index), hour, minute: +m[2]! };
}

function checked(p: DateParts): DateParts | undefined {
  const probe = new Date(Date.UTC(p.year ?? 2024, p.month - 1, p.day)); // 2024 is a leap year: 29 Feb passes
  const real = probe.getUTCMonth() === p.month - 1 && probe.getUTCDate() === p.day;
  return real && p.hour < 24 && p.minute < 60 ? p : undefined;
}

/**
 * The year of a date written without one (TikTok Studio: `Jul 14`): the most recent such date not after
 * the upload day, because an export only lists posts already published. So a file uploaded on 3 January
 * 2027 reads `Dec 30` as 2026 and `Jan 2` as 2027; 29 February goes back to the last leap year.
 */
export function inferYear(parts: Pick<DateParts, 'month' | 'day'>, uploadedOn: string): number {
  const [y, m, d] = uploadedOn.split('-').map(Number) as [number, number, number];
  let year = parts.month < m || (parts.month === m && parts.day <= d) ? y : y - 1;
  while (!checked({ year, month: parts.month, day: parts.day, hour: 0, minute: 0 })) year--;
  return year;
}

/** The ISO instant of a wall-clock reading in a zone (Lima unless the file says otherwise). */
export function instantOf(parts: DateParts & { year: number }, zone = LIMA): string {
  // TZDate prints its own zone's offset; the contract stores instants in UTC.
  return new Date(new TZDate(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, zone).getTime()).toISOString();
}

/** An instant that carries its own offset, as X's legacy export writes it: `2026-07-14 15:03 +0000`. */
export function parseOffsetInstant(text: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?\s*(?:([+-])(\d{2}):?(\d{2})|z|utc)$/i.exec(text.trim());
  if (!m) return undefined;
  const offset = m[4] ? `${m[4]}${m[5]}:${m[6]}` : 'Z';
  const instant = new Date(`${m[1]}T${m[2]}${m[3] ?? ':00'}${offset}`);
  return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
}
