/**
 * Instants and days as people in Lima write them (issue 15 §3): «lunes 7 de diciembre de 2026, 09:00».
 * Pages and emails share it; workflow code never calls it (a new ICU must not change a replayed text).
 */
const parts = new Intl.DateTimeFormat('es-PE', {
  timeZone: 'America/Lima', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

function pieces(instant: Date): Record<string, string> {
  return Object.fromEntries(parts.formatToParts(instant).map((p) => [p.type, p.value]));
}

/** «lunes 7 de diciembre de 2026, 09:00», in Lima. */
export function writtenInstant(instant: Date | string): string {
  const p = pieces(new Date(instant));
  return `${p.weekday} ${p.day} de ${p.month} de ${p.year}, ${p.hour}:${p.minute}`;
}

/** «lunes 7 de diciembre de 2026»: an instant's Lima day, or a `YYYY-MM-DD` day (read at Lima noon, so no zone moves it). */
export function writtenDay(day: Date | string): string {
  const instant = typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) ? new Date(`${day}T17:00:00Z`) : new Date(day);
  const p = pieces(instant);
  return `${p.weekday} ${p.day} de ${p.month} de ${p.year}`;
}
