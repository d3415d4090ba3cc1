import { z } from 'zod';

// Spanish messages for shape errors (missing field, wrong type); rule errors carry their own text.
z.config(z.locales.es());

/** One broken rule, naming the field (dotted path) and the clause it comes from. */
export interface RuleViolation {
  field: string;
  rule: string;
  message: string;
}

/** Result of validating untrusted input: the parsed value, or every violation found. */
export type Validated<T> = { ok: true; value: T } | { ok: false; errors: RuleViolation[] };

/** Maps zod's issues to violations; shape issues cite the form the fields come from. */
export function shapeViolations(error: z.ZodError, rule: string): RuleViolation[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(cuerpo)',
    rule,
    message: issue.message,
  }));
}

/** Parses untrusted input with a schema; shape problems become violations citing `rule`. */
export function validate<T extends z.ZodType>(schema: T, input: unknown, rule: string): Validated<z.output<T>> {
  const parsed = schema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: shapeViolations(parsed.error, rule) };
}
