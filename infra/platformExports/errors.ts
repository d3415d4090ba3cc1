/**
 * A platform export Custodio cannot read (issue 16 §1). The message is Spanish and names the line and
 * the column as the person sees them in the file, so they can open it and fix that cell; `line` and
 * `column` carry the same for the preview page. Nothing of a file that throws is stored.
 */
export class ExportUnreadable extends Error {
  override readonly name: string = 'ExportUnreadable';

  constructor(
    message: string,
    readonly line?: number,
    readonly column?: string,
  ) {
    super(message);
  }
}

/** «Línea 7, columna «Publish time»: no es una fecha (MM/DD/AAAA HH:MM).» */
export function cellUnreadable(line: number, column: string, problem: string): ExportUnreadable {
  return new ExportUnreadable(`Línea ${line}, columna «${column}»: ${problem}`, line, column);
}
