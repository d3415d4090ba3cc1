import type { Response } from 'express';
import { Refusal } from '../../domain/refusal';
import type { RuleViolation } from '../../domain/validation';
import { REFUSAL_STATUS } from '../errors';

/**
 * The one way a page's form is posted: `act` does the work and says where to go next (a 303, so a reload
 * does not post again); when the input is refused, `again` renders the form once more with what was sent
 * and every violation, under the refusal's status (409, 413, else 400). A refusal of who is asking (401,
 * 403) and any other error go to the central handler.
 */
export async function postForm(res: Response, act: () => Promise<string>, again: (status: number, errors: RuleViolation[]) => void | Promise<void>): Promise<void> {
  let next: string;
  try {
    next = await act();
  } catch (err) {
    if (!(err instanceof Refusal) || err.code === 'unauthenticated' || err.code === 'forbidden') throw err;
    const errors = err.violations.length ? err.violations : [{ field: '(formulario)', rule: '—', message: err.message }];
    const status = REFUSAL_STATUS[err.code];
    await again(status === 409 || status === 413 ? status : 400, errors);
    return;
  }
  res.redirect(303, next);
}
