/**
 * Many answers to one step at once (issue 14 §2): ten POSTs of the same approve link, and five approve
 * plus five reject from the head's two links, race each other through the API into the process. One
 * decision counts, its follow-up emails go out once, and the audit trail holds one decision row.
 */
import { auditModel } from '../../infra/models/audit';
import { outboxSentModel } from '../../infra/models/outbox';
import type { CapturedMail } from '../../local/smtpCapture';
import { Browser, linkIn } from '../support/browser';
import { eventually } from '../support/eventually';
import { fromOutbox } from '../support/faults/ledger';
import { submitCreations } from '../support/faults/workload';
import { linkClaims } from '../support/mailLinks';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(120_000);

const HEAD = 'aquispe@cultura.gob.pe';
const REQUESTER = 'dtorres@cultura.gob.pe';

let stack: TestStack<'requester'>;
beforeAll(async () => {
  stack = await startTestStack({ requester: REQUESTER });
});
afterAll(() => stack?.stop());

/** A new account request and the head's approval email for it. */
async function headEmail(tag: string): Promise<{ workflowId: string; mail: CapturedMail }> {
  const [workflowId] = await submitCreations(stack.as.requester, 1, tag);
  const mail = await stack.mailbox.waitFor((m) => m.to.includes(HEAD) && /^Creación de cuenta/.test(m.subject) && linkClaims(linkIn(m, 'Aprobar')).workflowId === workflowId);
  return { workflowId: workflowId!, mail };
}

/** What the process sent for a workflow after its first email, once the follow-ups of `subject` arrived. */
async function followUps(workflowId: string, first: CapturedMail, subject: RegExp): Promise<CapturedMail[]> {
  // The outbox keys an email by its workflow id first; the capture knows it by its Message-ID.
  const mine = async () => {
    const ids = new Set((await outboxSentModel(stack.db).find({}, { messageId: 1 }).lean()).filter((r) => r._id.startsWith(`${workflowId}/`)).map((r) => r.messageId));
    return stack.mailbox.list().filter((m) => fromOutbox(m) && ids.has(m.messageId!) && m.messageId !== first.messageId);
  };
  await eventually(mine, (ms) => ms.some((m) => subject.test(m.subject)), `the follow-ups (${subject})`);
  // A moment more, so a second set, if any, would have arrived too.
  await new Promise((r) => setTimeout(r, 3_000));
  return mine();
}

const decisionRows = (workflowId: string) => auditModel(stack.db).find({ workflowId, action: 'decision.recorded' }).lean();

it('ten concurrent POSTs of one approve link: one decision, one set of follow-up emails, one audit row', async () => {
  const { workflowId, mail } = await headEmail('C1');
  const approve = linkIn(mail, 'Aprobar');
  const head = new Browser(stack.apiUrl);
  expect((await head.open(approve)).status).toBe(200);

  const pages = await Promise.all(Array.from({ length: 10 }, () => head.submit(approve).then(async (r) => ({ status: r.status, html: await r.text() }))));
  expect(pages.filter((p) => p.status === 200 && p.html.includes('Quedó registrado'))).toHaveLength(1);
  expect(pages.filter((p) => p.status !== 200).every((p) => p.status === 409 || p.status === 410)).toBe(true);

  const sent = await followUps(workflowId, mail, /^Informe técnico/);
  expect(new Set(sent.map((m) => m.messageId)).size).toBe(sent.length);
  expect(sent.filter((m) => /^Informe técnico/.test(m.subject))).toHaveLength(1);
  expect(await eventually(() => decisionRows(workflowId), (rows) => rows.length > 0, 'the audit row')).toEqual([expect.objectContaining({ step: 'aprobacion-1', subject: HEAD })]);
});

it('five approve and five reject at once from the head\'s two links: one of them counts, only its follow-ups go out, one audit row', async () => {
  const { workflowId, mail } = await headEmail('C2');
  const approve = linkIn(mail, 'Aprobar');
  const reject = linkIn(mail, 'Rechazar');
  const head = new Browser(stack.apiUrl);
  expect((await head.open(approve)).status).toBe(200);
  expect((await head.open(reject)).status).toBe(200);

  const post = (link: string, fields = {}) => head.submit(link, fields).then(async (r) => ({ link, status: r.status, html: await r.text() }));
  const pages = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? post(reject, { reason: 'La entidad ya tiene una cuenta en esa red.' }) : post(approve))));
  const won = pages.filter((p) => p.status === 200 && p.html.includes('Quedó registrado'));
  expect(won).toHaveLength(1);
  expect(pages.filter((p) => p !== won[0]).every((p) => p.status === 409 || p.status === 410)).toBe(true);

  const approved = won[0]!.link === approve;
  const sent = await followUps(workflowId, mail, approved ? /^Informe técnico/ : /^Solicitud rechazada/);
  expect(new Set(sent.map((m) => m.messageId)).size).toBe(sent.length);
  // The other answer's follow-ups never went out.
  expect(sent.filter((m) => (approved ? /^Solicitud rechazada/ : /^Informe técnico/).test(m.subject))).toEqual([]);
  const rows = await eventually(() => decisionRows(workflowId), (r) => r.length > 0, 'the audit row');
  expect(rows).toEqual([expect.objectContaining({ step: 'aprobacion-1', subject: HEAD })]);
  expect(rows[0]!.detail).toContain(approved ? 'approve' : 'reject');
});
