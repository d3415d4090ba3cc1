/** What sending an open step to someone else takes (issue 14 §1.2): whom it replaces and to whom it goes. */
import { z } from 'zod';
import { typedEmail as email } from './email';
import './validation';


export const stepResendSchema = z.object({ replace: email, to: email }).strict();

export type StepResendInput = z.infer<typeof stepResendSchema>;
