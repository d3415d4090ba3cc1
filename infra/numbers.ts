/**
 * How Custodio writes a number for people, on every page, email and document: Spanish grouping and
 * decimal comma («12.345», «18,4», «4,35 %»), whatever the server's or the browser's locale.
 */

// Grouped always, so a column of counts lines up («1.234» beside «12.345»).
const count = new Intl.NumberFormat('es', { useGrouping: 'always', maximumFractionDigits: 1 } as unknown as Intl.NumberFormatOptions);
const hundredths = new Intl.NumberFormat('es', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** «12.345»; a fraction keeps one decimal («18,4»). */
export const writtenNumber = (n: number): string => count.format(n);

/** A rate already in percent, «4,35 %». */
export const writtenPercent = (percent: number): string => `${hundredths.format(percent)} %`;
