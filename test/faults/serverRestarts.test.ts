/**
 * The servers under the processes go away in the middle of a burst of rotations coming due and come
 * back on the same port and files (issue 14 §2): the Temporal dev server (state in a SQLite file), then
 * FerretDB. The worker and the API run as `npm start` runs them and are not restarted.
 *
 * Sizes: FAULT_RESTART_ROTATIONS per burst (default 20).
 */
import { createProcesses } from '../../processes';
import { Browser, linkIn } from '../support/browser';
import { arrivalTrigger } from '../support/faults/atArrival';
import { eventually } from '../support/eventually';
import { startCrowd, type Crowd } from '../support/faults/crowd';
import { expectEveryProcessDoneOnce } from '../support/faults/expectations';
import { fromOutbox } from '../support/faults/ledger';
import { registerAccounts, startRotationsDue, type Workload } from '../support/faults/workload';
import { linkClaims } from '../support/mailLinks';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(300_000);

const ROTATIONS = Number(process.env.FAULT_RESTART_ROTATIONS ?? 20);

const arrival = arrivalTrigger();
let stack: TestStack<never>;
let crowd: Crowd;
/** The process whose decision the test posts itself, across the outage. */
let kept: string | undefined;

beforeAll(async () => {
  stack = await startTestStack({}, { temporalFile: true, stack: { mailCapture: { onArrival: (m) => arrival.onArrival(m) } } });
  crowd = startCrowd({ apiUrl: stack.apiUrl, mailbox: stack.mailbox, leave: (s) => s.workflowId === kept });
});
afterAll(async () => {
  await crowd?.stop();
  await stack?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A burst: `ROTATIONS` rotations due one after another from 3 s ahead over 10 s. */
async function burst(tag: string): Promise<Workload> {
  const rotations = await registerAccounts(stack.db, ROTATIONS, tag);
  await startRotationsDue(createProcesses(stack.client, { taskQueue: stack.taskQueue }), rotations, Date.now() + 3_000, 10_000);
  return { rotations, creations: [] };
}

/** Waits until a third of the burst's reminders arrived: the rest are due or coming due. */
const aThirdIn = (w: Workload) =>
  eventually(
    async () => stack.mailbox.list().filter((m) => fromOutbox(m) && w.rotations.some((r) => m.to.includes(r.custodian))).length,
    (n) => n >= w.rotations.length / 3,
    'a third of the reminders',
    60_000,
  );

it('Temporal restarted mid-burst: every process resumes; a decision posted meanwhile gets «Intente de nuevo» (503) and its link works afterwards', async () => {
  const w = await burst('tr');
  // The custodian of the first account to come due answers by hand; the crowd the rest.
  const first = w.rotations[0]!;
  kept = first.workflowId;
  const reminder = await stack.mailbox.waitFor((m) => /^Rotación/.test(m.subject) && m.text.includes('/enlace/') && linkClaims(linkIn(m, 'Ya las cambié')).workflowId === kept, 30_000);
  const link = linkIn(reminder, 'Ya las cambié');
  const custodian = new Browser(stack.apiUrl, { 'x-forwarded-for': '10.9.9.9' });
  expect((await custodian.open(link)).status).toBe(200);

  await aThirdIn(w);
  await stack.servers.temporal!.stop();
  const during = await custodian.submit(link);
  const page = await during.text();
  expect(during.status).toBe(503);
  expect(page).toContain('<h1>Intente de nuevo</h1>');
  expect(page).toContain('Su enlace sigue siendo válido');
  await stack.servers.temporal!.start();

  // The same link, from the same page, once Temporal answers again.
  const after = await eventually(
    async () => {
      const res = await custodian.submit(link);
      return { status: res.status, html: await res.text() };
    },
    (r) => r.status !== 503,
    'the link to work again',
    60_000,
    { intervalMs: 1_000 },
  );
  expect(after.status).toBe(200);
  expect(after.html).toContain('Quedó registrado');

  await expectEveryProcessDoneOnce(stack, w, crowd, { answeredByTest: [linkClaims(link)] });
});

it('FerretDB restarted mid-burst, as SMTP takes an email: activities retry, nothing is lost or doubled', async () => {
  const w = await burst('fr');
  await aThirdIn(w);
  // Down before the relay answers: the worker learns the email went out while it cannot record it.
  const taken = await arrival.next(() => stack.servers.ferretdb!.stop());
  await sleep(3_000);
  await stack.servers.ferretdb!.start();
  const { ledger } = await expectEveryProcessDoneOnce(stack, w, crowd);
  expect(ledger.resent).toEqual([]);
  expect(stack.mailbox.list().filter((m) => m.messageId === taken)).toHaveLength(1);
});
