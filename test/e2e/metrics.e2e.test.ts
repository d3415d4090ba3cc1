/**
 * `/metrics` on the real stack (issue 14 §4): scraped over HTTP after real actions, its series move — a
 * sign-in, an email sent, a mailbox refusing for good (550), a relay putting a message off (451) and the
 * message pending until it goes, a decision, a request under its route pattern — while no label carries an
 * address, a name or an id, and the Temporal runtime's own series come along.
 */
import { Runtime } from '@temporalio/worker';
import { installRuntime } from '../../worker/runtime';
import { Browser, linkIn } from '../support/browser';
import { eventually } from '../support/eventually';
import { validProposal } from '../support/fixtures';
import { labelValues, parseMetrics, total, type Sample } from '../support/metrics';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(120_000);

const HEAD = 'aquispe@cultura.gob.pe';
const CM = 'crojas@cultura.gob.pe';
const SCS = 'rrss_scs@pcm.gob.pe';
const REQUESTER = 'dtorres@cultura.gob.pe';

let stack: TestStack<'requester'>;

beforeAll(async () => {
  // The suite's runtime (test/support/quietRuntime.ts) exports nothing; this file's exports Temporal's
  // metrics as the worker and the local run do. Nothing has used the runtime yet, so it can be replaced.
  await Runtime.instance().shutdown();
  const temporalMetricsUrl = await installRuntime({ logLevel: 'WARN' });
  stack = await startTestStack({ requester: REQUESTER }, { stack: { temporalMetricsUrl } });
});
afterAll(() => stack?.stop());

async function scrape(): Promise<Sample[]> {
  const res = await fetch(`${stack.apiUrl}/metrics`);
  expect(res.status).toBe(200);
  return parseMetrics(await res.text());
}
/** Scrapes until `name` (with `labels`) has grown by at least `by` since `before`. */
const grows = (before: Sample[], name: string, labels: Record<string, string>, by = 1) =>
  eventually(scrape, (now) => total(now, name, labels) >= total(before, name, labels) + by, `${name} ${JSON.stringify(labels)} to grow by ${by}`, 60_000);
const mailTo = (email: string, subject: RegExp) => stack.mailbox.waitFor((m) => m.to.includes(email) && subject.test(m.subject), 60_000);

it('counts sign-ins, emails sent, refused and put off, decisions and requests by route, with no personal data or id in any label', async () => {
  const start = await scrape();

  const head = new Browser(stack.apiUrl);
  await head.signIn(HEAD, stack.mailbox);
  const signedIn = await grows(start, 'custodio_emails_sent_total', { kind: 'signin' });
  expect(total(signedIn, 'custodio_signins_total', { outcome: 'completed' })).toBe(total(start, 'custodio_signins_total', { outcome: 'completed' }) + 1);
  expect(total(signedIn, 'custodio_signins_total', { outcome: 'requested' })).toBe(total(start, 'custodio_signins_total', { outcome: 'requested' }) + 1);

  stack.mailbox.refuse(CM);
  stack.mailbox.refuse(SCS, 451);
  const submitted = await stack.as.requester.api('POST', '/api/account-requests', validProposal({ requester: { name: 'Diego Torres Vega', email: REQUESTER } }));
  expect(submitted.status).toBe(202);
  const id = submitted.json.id as string;
  const approve = linkIn(await mailTo(HEAD, /^Creación de cuenta/), 'Aprobar');
  const requested = await grows(signedIn, 'custodio_emails_sent_total', { kind: 'process' });
  // The head's approval step is open, counted from the open-step index: young, not overdue.
  expect(total(requested, 'custodio_open_steps', { process: 'accountCreation', age: '0-1d' })).toBe(total(start, 'custodio_open_steps', { process: 'accountCreation', age: '0-1d' }) + 1);
  expect(total(requested, 'custodio_overdue_steps', { process: 'accountCreation' })).toBe(0);

  expect((await stack.as.requester.api('GET', `/api/account-requests/${id}`)).status).toBe(200);
  const read = await grows(requested, 'custodio_http_request_duration_seconds_count', { method: 'GET', route: '/api/account-requests/:id', status: '200' });

  const approver = new Browser(stack.apiUrl);
  await approver.open(approve);
  expect((await approver.submit(approve)).status).toBe(200);
  const decided = await grows(read, 'custodio_decisions_total', { process: 'accountCreation', action: 'approve' });
  expect(total(decided, 'custodio_decisions_total')).toBe(total(read, 'custodio_decisions_total') + 1);

  // The community manager's mailbox refuses the checklist for good; SCS's relay puts the report off.
  await grows(decided, 'custodio_emails_refused_total', { kind: 'process' });
  await grows(decided, 'custodio_emails_deferred_total', { kind: 'process' });
  await eventually(scrape, (now) => total(now, 'custodio_emails_pending') >= 1, 'the report to SCS to show as pending', 60_000);
  stack.mailbox.accept(SCS);
  await mailTo(SCS, /^Informe técnico/);
  const end = await eventually(scrape, (now) => total(now, 'custodio_emails_pending') === 0, 'the report to SCS to leave the pending count', 60_000);

  const labels = labelValues(end);
  expect(labels.filter((v) => v.includes('@'))).toEqual([]);
  expect(labels.filter((v) => v.includes(id) || /dtorres|aquispe|crojas|Torres/i.test(v))).toEqual([]);
  expect(end.some((s) => s.name.startsWith('temporal_'))).toBe(true);
  await stack.client.workflow.getHandle(`account-request-${id}`).terminate('test done');
});

it('refuses a caller that a proxy on this machine passed on, in JSON', async () => {
  const res = await fetch(`${stack.apiUrl}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
  expect(res.status).toBe(403);
  expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
});
