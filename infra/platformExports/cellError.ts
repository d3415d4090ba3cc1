/**
 * A cell that cannot be read (issue 16 §1: "a file that cannot be read gets a Spanish message naming the
 * line and column, and nothing half-stored"). Readers throw it and store nothing; the upload page shows
 * `message`. To be reconciled with `ExportUnreadable` when the dispatcher lands.
 */
export class CellUnreadable extends Error {
  override readonly name = 'CellUnreadable';

  constructor(
    readonly line: number,
    readonly column: string,
    /** What is wrong, as a Spanish clause ending in a full stop: «no es una fecha.» */
    readonly problem: string,
  ) {
    super(`Línea ${line}, columna «${column}»: ${problem}`);
  }
}
