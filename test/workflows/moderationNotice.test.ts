/**
 * The head's email about a moderation record, in simulated time (INPE 5.4.b, PCM 6.2.2.13): sent once,
 * to whoever heads the entity when it goes, retried while the relay is down; nothing when the record
 * or the head is gone.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities, ModerationNoticeContext, NoticeInput } from '../../activities';
import { moderationNoticeWorkflowId } from '../../contracts/moderationNotice';
import { moderationNotice } from '../../workflows/moderationNotice';
import { timeSkippingWorkerForFile } from '../support/timeSkippingFile';
import { saveHistory } from '../support/workflowDriver';


let env: TestWorkflowEnvironment;
const taskQueue = 'moderation-notice-test';
const HEAD = { name: 'Gustavo Ramos Chávez', email: 'gramos@inpe.gob.pe' };

let context: ModerationNoticeContext;
let notices: NoticeInput[];
let relayDownFor: number;

const words = (block: boolean): ModerationNoticeContext['words'] => ({
  entityName: 'Instituto Nacional Penitenciario', account: 'Facebook · INPEoficial', action: block ? 'Bloqueó al seguidor' : 'Ocultó el comentario',
  reason: 'Frases insultantes a otros usuarios', block, user: '@Reincidente', evidence: ['https://www.facebook.com/INPEoficial/posts/5?comment_id=2'],
  recordedBy: 'itorres@inpe.gob.pe', recordedAt: 'lunes 7 de diciembre de 2026, 09:30',
});

const activities: Partial<Activities> = {
  moderationNoticeContext: async () => context,
  sendNotice: async (i) => {
    if (relayDownFor-- > 0) throw new Error('the relay did not answer');
    notices.push(i);
    return { undelivered: [] };
  },
};

timeSkippingWorkerForFile(taskQueue, activities, (started) => (env = started));

beforeEach(() => {
  context = { exists: true, heads: [HEAD], words: words(true) };
  notices = [];
  relayDownFor = 0;
});

let n = 0;
const run = () => {
  const recordId = (++n).toString(16).padStart(24, '0');
  const workflowId = moderationNoticeWorkflowId('inpe', recordId);
  return { workflowId, handle: env.client.workflow.start(moderationNotice, { taskQueue, workflowId, args: [{ entityId: 'inpe', recordId }] }) };
};

describe('the head hears of each moderation record (INPE 5.4.b)', () => {
  it('INPE 5.4.b: a block reaches the head once, asking for the review; the user is in the body, never in the subject; the relay down is retried', async () => {
    relayDownFor = 2;
    const { workflowId, handle } = run();
    expect(await (await handle).result()).toEqual({ sent: true });
    expect(notices).toHaveLength(1);
    const [mail] = notices;
    expect(mail!.key).toBe(`${workflowId}/titular`);
    expect(mail!.to).toEqual([HEAD]);
    expect(mail!.subject).toBe('Registro de moderación: bloqueó al seguidor · Facebook · INPEoficial');
    expect(mail!.subject).not.toMatch(/reincidente/i);
    expect(mail!.summary).toContainEqual(['Usuario', '@Reincidente']);
    expect(mail!.paragraphs.join(' ')).toMatch(/«Revisado» u «Observado» \(INPE 5\.4\.b\)/);
    await saveHistory(await handle, 'moderation-notice-block');
  });

  it('PCM 6.2.2.13: a hidden comment tells the head nothing is deleted and nothing is asked of them', async () => {
    context = { ...context, words: words(false) };
    const { handle } = run();
    await (await handle).result();
    expect(notices[0]!.paragraphs.join(' ')).toMatch(/no se eliminan ni se bloquean.*PCM 6\.2\.2\.13.*No requiere acción/);
  });

  it('a record whose entity has no head on the roster (or is gone) sends nothing', async () => {
    context = { exists: false, heads: [], words: words(true) };
    const { handle } = run();
    expect(await (await handle).result()).toEqual({ sent: false });
    expect(notices).toEqual([]);
  });
});
