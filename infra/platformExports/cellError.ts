/**
 * A cell that cannot be read (issue 16 §1: "a file that cannot be read gets a Spanish message naming the
 * line and column, and nothing half-stored"). Readers throw it and store nothing; the upload page shows
 * `message`. An `ExportUnreadable`, so the entry point and the page treat every unreadable file alike.
 */
import { ExportUnreadable } from './errors';

export class CellUnreadable extends ExportUnreadable {
  override readonly name: string = 'CellUnreadable';

  constructor(
    override readonly line: number,
    override readonly column: string,
    /** What is wrong, as a Spanish clause ending in a full stop: «no es una fecha.» */
    readonly problem: string,
  ) {
    super(`Línea ${line}, columna «${column}»: ${problem}`, line, column);
  }
}
