/** What the role-review API accepts (PCM 6.1.2.11): a month in the path. */
import { z } from 'zod';
import { REVIEW_MONTH_PATTERN } from './roleReview';
import './validation';

export const reviewMonthSchema = z.string().regex(REVIEW_MONTH_PATTERN, 'Use el formato AAAA-MM, p. ej. 2027-01.');
