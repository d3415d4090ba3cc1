/**
 * Finding a layout's columns by their header text, in any order and either language, and reading a row's
 * cells with the line and column in every refusal. Platforms add, drop and reorder columns between
 * versions, so nothing here depends on a position.
 */
import { CellUnreadable } from './cellError';
import { inferYear, instantOf, parseDateParts, parseDuration, parseFraction, parseNumber, type Language } from './locale';
import type { PostMetrics } from '../../domain/metrics';
import { headerKey, withoutAbsent, type ReadContext, type ReadResult } from './reader';

/** Each field's accepted header texts per language, compared without case, accents or extra spaces. */
export type Layout<F extends string> = Record<F, Record<Language, readonly string[]>>;


/** The index of each field the header has, read with one language's names. */
export function columnsOf<F extends string>(header: string[], layout: Layout<F>, language: Language): Partial<Record<F, number>> {
  const names = header.map(headerKey);
  const found: Partial<Record<F, number>> = {};
  for (const field of Object.keys(layout) as F[]) {
    const index = names.findIndex((n) => layout[field][language].some((alias) => headerKey(alias) === n));
    if (index >= 0) found[field] = index;
  }
  return found;
}

/** The language in which the header has every required field (English first: most exports are). */
export function languageOf<F extends string>(header: string[], layout: Layout<F>, required: readonly F[]): Language | undefined {
  return (['en', 'es'] as const).find((language) => {
    const found = columnsOf(header, layout, language);
    return required.every((field) => found[field] !== undefined);
  });
}

/** A zip entry's file name without its folders, for finding `Content.csv` wherever the zip puts it. */
export const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

export const isBlank = (row: string[]): boolean => row.every((cell) => cell.trim() === '');

/** One data row's cells by field. An empty cell is absent (never 0); a cell that cannot be read throws `CellUnreadable`. */
export class Cells<F extends string> {
  constructor(
    private readonly row: string[],
    private readonly line: number,
    private readonly header: string[],
    private readonly columns: Partial<Record<F, number>>,
    private readonly ctx: ReadContext,
  ) {}

  text(field: F): string | undefined {
    const index = this.columns[field];
    const value = index === undefined ? undefined : this.row[index]?.trim();
    return value ? value : undefined;
  }

  required(field: F): string {
    const value = this.text(field);
    if (value === undefined) throw this.refuse(field, 'está vacía.');
    return value;
  }

  /** A count (views, likes…): a whole number, so a file whose separators contradict its language is refused, not misread. */
  count(field: F): number | undefined {
    return this.parsed(field, (t) => {
      const n = parseNumber(t, this.ctx.language);
      return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
    }, 'no es un número entero.');
  }

  fraction(field: F): number | undefined {
    return this.parsed(field, (t) => parseFraction(t, this.ctx.language), 'no es una proporción entre 0 y 1 ni un porcentaje.');
  }

  seconds(field: F): number | undefined {
    return this.parsed(field, (t) => parseDuration(t, this.ctx.language), 'no es una duración.');
  }

  /** A publication date read in Lima; without a year, the year is inferred from the upload day (`inferYear`). */
  limaDate(field: F): string {
    const parts = parseDateParts(this.required(field), this.ctx.language);
    if (!parts) throw this.refuse(field, 'no es una fecha.');
    return instantOf({ ...parts, year: parts.year ?? inferYear(parts, this.ctx.uploadedOn) });
  }

  refuse(field: F, problem: string): CellUnreadable {
    const index = this.columns[field];
    return new CellUnreadable(this.line, (index === undefined ? field : this.header[index]?.trim()) ?? field, problem);
  }

  private parsed<T>(field: F, parse: (text: string) => T | undefined, problem: string): T | undefined {
    const text = this.text(field);
    if (text === undefined) return undefined;
    const value = parse(text);
    if (value === undefined) throw this.refuse(field, problem);
    return value;
  }
}

/** Post text is stored at most 280 characters long (`PostMetrics.text`). */
export const clip = (text: string | undefined): string | undefined => (text === undefined ? undefined : [...text].slice(0, 280).join(''));


/**
 * Every data row of a layout through `toPost`, which answers a post or, for a row deliberately not read
 * (a «Total» row), the reason. Blank lines are skipped and said so; the first unreadable cell throws.
 */
export function readPosts<F extends string>(
  rows: string[][],
  lines: number[],
  ctx: ReadContext,
  layout: Layout<F>,
  toPost: (cells: Cells<F>) => PostMetrics | string,
  /** How the figures are written, when not in the header's language (machine-written exports). */
  figures: Language = ctx.language,
): ReadResult {
  const header = rows[0] ?? [];
  const columns = columnsOf(header, layout, ctx.language);
  const result: ReadResult = { posts: [], skipped: [] };
  rows.slice(1).forEach((row, i) => {
    const line = lines[i + 1] ?? i + 2;
    const post = isBlank(row) ? 'línea en blanco' : toPost(new Cells(row, line, header, columns, { ...ctx, language: figures }));
    if (typeof post === 'string') result.skipped.push({ line, reason: post });
    else result.posts.push(withoutAbsent(post));
  });
  return result;
}
