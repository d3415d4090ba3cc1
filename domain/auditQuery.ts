import { z } from 'zod';
import { calendarDaySchema as day } from './dates';
import { cursorSchema, limitSchema } from './paging';
import { mailbox } from './email';
import './validation';

/** Filters of `GET /api/audit` (issue #3 §4); dates are Lima calendar days, both ends included. */
export const auditQuerySchema = z
  .object({
    entity: z.string().max(64).optional(),
    account: z.string().max(128).optional(),
    person: mailbox('Correo no válido.').optional(),
    workflow: z.string().max(200).optional(),
    from: day.optional(),
    to: day.optional(),
    /** `csv` exports every matching row: `cursor`, `before` and `limit` page the JSON only. */
    format: z.enum(['json', 'csv']).default('json'),
    limit: limitSchema,
    /** The `nextCursor` of the previous page (issue 14 §1.9). */
    cursor: cursorSchema.optional(),
    /** Deprecated for `cursor`: the `id` of the last row of the previous page (its `next`). */
    before: z.string().regex(/^[0-9a-f]{24}$/, 'Cursor no válido.').optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'La fecha inicial es posterior a la final.', path: ['from'] })
  .refine((q) => !(q.cursor && q.before), { message: 'Use solo `cursor`; `before` es la forma antigua.', path: ['before'] });

export type AuditQuery = z.infer<typeof auditQuerySchema>;
