/** The head's email about one moderation record (workflows/moderationNotice.ts; INPE 5.4.b, PCM 6.2.2.13). */

/** `moderacion-<entityId>-<recordId>`: one process per record; record ids are 24 hex digits, entity ids may hold hyphens. */
export const moderationNoticeWorkflowId = Object.assign((entityId: string, recordId: string) => `moderacion-${entityId}-${recordId}`, {
  parse(id: string): { entityId: string; recordId: string } | undefined {
    const m = /^moderacion-(.+)-([0-9a-f]{24})$/.exec(id);
    return m ? { entityId: m[1]!, recordId: m[2]! } : undefined;
  },
});

/** The key of the head's email in the outbox: the page reads whether it reached the relay. */
export const moderationNoticeKey = (entityId: string, recordId: string) => `${moderationNoticeWorkflowId(entityId, recordId)}/titular`;

export interface ModerationNoticeInput {
  entityId: string;
  recordId: string;
}
