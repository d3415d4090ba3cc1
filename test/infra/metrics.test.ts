import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMetrics, metricsHandler, type MetricsAccess, type OpenStep } from '../../infra/metrics';
import { PENDING_FORGET_MS } from '../../infra/metrics/emails';
import { PermanentMailError, type Mailer, type OutgoingMail } from '../../infra/mailer';
import { labelValues, parseMetrics, total } from '../support/metrics';

const NOW = new Date('2026-03-10T15:00:00Z');
const HOUR = 3_600_000;
const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR);
const scrape = async (m: ReturnType<typeof createMetrics>) => parseMetrics(await m.exposition());

describe('open steps, from a pluggable source read at each scrape', () => {
  it('has no series until a source is plugged in', async () => {
    const samples = await scrape(createMetrics({ clock: () => NOW }));
    expect(samples.filter((s) => /^custodio_(open|overdue)_steps$/.test(s.name))).toEqual([]);
  });

  it('counts open steps by process and age, and those past their deadline', async () => {
    const m = createMetrics({ clock: () => NOW });
    const steps: OpenStep[] = [
      { process: 'accountCreation', openedAt: ago(2) },
      { process: 'accountCreation', openedAt: ago(5), dueAt: ago(1) },
      { process: 'accountCreation', openedAt: ago(50), dueAt: ago(-1) },
      { process: 'credentialRotation', openedAt: ago(24 * 40), dueAt: ago(24 * 30) },
    ];
    const asked: Date[] = [];
    m.useOpenSteps({ openSteps: async (now) => (asked.push(now), steps) });
    const samples = await scrape(m);
    expect(total(samples, 'custodio_open_steps', { process: 'accountCreation', age: '0-1d' })).toBe(2);
    expect(total(samples, 'custodio_open_steps', { process: 'accountCreation', age: '1-3d' })).toBe(1);
    expect(total(samples, 'custodio_open_steps', { process: 'credentialRotation', age: '30d+' })).toBe(1);
    expect(total(samples, 'custodio_overdue_steps', { process: 'accountCreation' })).toBe(1);
    expect(total(samples, 'custodio_overdue_steps', { process: 'credentialRotation' })).toBe(1);
    // One read serves both gauges of a scrape.
    expect(asked).toEqual([NOW]);

    steps.splice(0, 3);
    const later = await scrape(m);
    expect(total(later, 'custodio_open_steps', { process: 'accountCreation' })).toBe(0);
    expect(total(later, 'custodio_open_steps')).toBe(1);
  });

  it('never lets a source put an unknown value in the process label', async () => {
    const m = createMetrics({ clock: () => NOW });
    m.useOpenSteps({ openSteps: async () => [{ process: 'account-request-123' as OpenStep['process'], openedAt: ago(1) }] });
    const samples = await scrape(m);
    expect(total(samples, 'custodio_open_steps', { process: 'other' })).toBe(1);
    expect(labelValues(samples).join(' ')).not.toContain('123');
  });

  it('serves the rest of the scrape when the source fails, and counts the failure', async () => {
    const m = createMetrics({ clock: () => NOW });
    m.useOpenSteps({ openSteps: async () => Promise.reject(new Error('index down')) });
    const samples = await scrape(m);
    expect(total(samples, 'custodio_open_steps')).toBe(0);
    expect(total(samples, 'custodio_open_steps_source_errors_total')).toBe(1);
    expect(samples.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
  });
});

describe('emails, counted where the relay answers', () => {
  const mail = (messageId: string): OutgoingMail => ({ messageId, to: ['aquispe@cultura.gob.pe'], subject: 's', html: '', text: '' });
  const fake = (answer: (m: OutgoingMail) => Promise<{ refused: Array<{ address: string; reason: string }> }>): Mailer => ({ send: answer, close: () => undefined });

  it('counts accepted messages, addresses refused for good and attempts put off, per kind', async () => {
    const m = createMetrics();
    const ok = m.emails.meter(fake(async () => ({ refused: [] })), 'process');
    const partly = m.emails.meter(fake(async () => ({ refused: [{ address: 'x@entidad.gob.pe', reason: '550' }] })), 'process');
    const refusing = m.emails.meter(fake(async () => Promise.reject(new PermanentMailError('550', [{ address: 'a', reason: '550' }, { address: 'b', reason: '550' }]))), 'signin');
    const busy = m.emails.meter(fake(async () => Promise.reject(Object.assign(new Error('451 try later'), { responseCode: 451 }))), 'signin');
    await ok.send(mail('<1@custodio>'));
    await partly.send(mail('<2@custodio>'));
    await expect(refusing.send(mail('<3@custodio>'))).rejects.toThrow(PermanentMailError);
    await expect(busy.send(mail('<4@custodio>'))).rejects.toThrow('451');
    const samples = await scrape(m);
    expect(total(samples, 'custodio_emails_sent_total', { kind: 'process' })).toBe(2);
    expect(total(samples, 'custodio_emails_refused_total', { kind: 'process' })).toBe(1);
    expect(total(samples, 'custodio_emails_refused_total', { kind: 'signin' })).toBe(2);
    expect(total(samples, 'custodio_emails_deferred_total', { kind: 'signin' })).toBe(1);
    // A sign-in link is not retried: it never waits as pending.
    expect(total(samples, 'custodio_emails_pending')).toBe(0);
  });

  it('keeps a process email pending from a put-off attempt until a retry ends it, or until no retry came for a while', async () => {
    let now = NOW.getTime();
    const m = createMetrics({ clock: () => new Date(now) });
    let answer: 'busy' | 'ok' = 'busy';
    const mailer = m.emails.meter(fake(async () => (answer === 'busy' ? Promise.reject(new Error('connect ECONNREFUSED')) : { refused: [] })), 'process');
    await expect(mailer.send(mail('<a@custodio>'))).rejects.toThrow();
    await expect(mailer.send(mail('<b@custodio>'))).rejects.toThrow();
    expect(total(await scrape(m), 'custodio_emails_pending')).toBe(2);
    answer = 'ok';
    await mailer.send(mail('<a@custodio>'));
    expect(total(await scrape(m), 'custodio_emails_pending')).toBe(1);
    now += PENDING_FORGET_MS + 1;
    expect(total(await scrape(m), 'custodio_emails_pending')).toBe(0);
  });
});

describe('decisions and sign-ins', () => {
  it('labels a decision with its process, read from the workflow id, never the id itself', async () => {
    const m = createMetrics();
    m.decided('account-request-7f3a', 'approve');
    m.decided('rotacion-acc-42', 'confirm');
    m.decided('something-else', 'reject');
    m.signin('completed');
    const samples = await scrape(m);
    expect(total(samples, 'custodio_decisions_total', { process: 'accountCreation', action: 'approve' })).toBe(1);
    expect(total(samples, 'custodio_decisions_total', { process: 'credentialRotation', action: 'confirm' })).toBe(1);
    expect(total(samples, 'custodio_decisions_total', { process: 'other', action: 'reject' })).toBe(1);
    expect(total(samples, 'custodio_signins_total', { outcome: 'completed' })).toBe(1);
    expect(labelValues(samples).join(' ')).not.toMatch(/7f3a|acc-42|something/);
  });
});

describe('the /metrics endpoint', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  /** Serves the handler on loopback and asks it once, with these headers. */
  async function ask(access: MetricsAccess, headers: Record<string, string> = {}, metrics = createMetrics()) {
    const handler = metricsHandler(metrics, access);
    server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as AddressInfo;
    return new Promise<{ status: number; type: string; body: string; auth?: string }>((resolve, reject) => {
      request({ port, host: '127.0.0.1', path: '/metrics', headers }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body, ...(res.headers['www-authenticate'] ? { auth: res.headers['www-authenticate'] } : {}) }));
      }).on('error', reject).end();
    });
  }
  const TOKEN = 'm'.repeat(40);

  it('answers a caller on this machine when no token is set, outside production', async () => {
    const res = await ask({ production: false });
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/plain/);
    expect(res.body).toContain('# TYPE custodio_http_request_duration_seconds histogram');
  });

  it('refuses, in JSON, a request a local proxy passed on from elsewhere when no token is set', async () => {
    const res = await ask({ production: false }, { 'x-forwarded-for': '203.0.113.9' });
    expect([res.status, JSON.parse(res.body).error.code]).toEqual([403, 'forbidden']);
  });

  it('is closed in production without a token', async () => {
    const res = await ask({ production: true });
    expect([res.status, JSON.parse(res.body).error.code]).toEqual([403, 'forbidden']);
    expect(JSON.parse(res.body).error.message).toContain('METRICS_TOKEN');
  });

  it('with a token, asks every caller for it, local ones too', async () => {
    for (const headers of [{}, { authorization: `Bearer ${TOKEN}x` }, { authorization: TOKEN }] as Array<Record<string, string>>) {
      const res = await ask({ token: TOKEN, production: true }, headers);
      expect([res.status, JSON.parse(res.body).error.code, res.auth]).toEqual([401, 'unauthenticated', 'Bearer']);
      server!.close();
    }
    const ok = await ask({ token: TOKEN, production: true }, { authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
  });

  it("serves the Temporal runtime's own series after ours, and ours alone when its exporter does not answer", async () => {
    const exporter = createServer((_req, res) => res.end('# TYPE temporal_request counter\ntemporal_request{operation="PollWorkflowTaskQueue"} 3\n'));
    await new Promise<void>((r) => exporter.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(exporter.address() as AddressInfo).port}/metrics`;
    try {
      const merged = parseMetrics(await createMetrics({ temporalMetricsUrl: url }).exposition());
      expect(total(merged, 'temporal_request', { operation: 'PollWorkflowTaskQueue' })).toBe(3);
      expect(merged.some((s) => s.name === 'custodio_signins_total' || s.name.startsWith('process_'))).toBe(true);
    } finally {
      await new Promise<void>((r) => exporter.close(() => r()));
    }
    const alone = await createMetrics({ temporalMetricsUrl: url }).exposition();
    expect(alone).toContain('process_cpu_user_seconds_total');
    expect(alone).not.toContain('temporal_');
  });
});
