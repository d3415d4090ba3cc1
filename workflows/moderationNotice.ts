/**
 * The head hears of every moderation record once (INPE 5.4.b: the record of a block is supervised by
 * the head; PCM 6.2.2.13). A process rather than an email from the API, so a relay that is down is
 * retried until it answers, and an address it refuses is reported like any process's (sendNotice).
 * The roster is read when the email goes, so it reaches whoever is head then.
 */
import { workflowInfo } from '@temporalio/workflow';
import type { ModerationNoticeInput } from '../contracts/moderationNotice';
import { acts } from './activities';
import { moderationTexts } from './texts/moderation';

const { moderationNoticeContext, sendNotice } = acts;

export async function moderationNotice(input: ModerationNoticeInput): Promise<{ sent: boolean }> {
  const ctx = await moderationNoticeContext(input);
  if (!ctx.exists) return { sent: false };
  await sendNotice({ key: `${workflowInfo().workflowId}/titular`, to: ctx.heads, ...moderationTexts.head(ctx.words) });
  return { sent: true };
}
