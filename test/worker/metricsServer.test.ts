import type { Server } from 'node:http';
import { createMetrics } from '../../infra/metrics';
import { freePort } from '../../infra/ports';
import { serveMetrics } from '../../worker/metricsServer';
import { parseMetrics, total } from '../support/metrics';

const TOKEN = 'w'.repeat(40);
let server: Server;
let base: string;

beforeAll(async () => {
  const metrics = createMetrics();
  await metrics.emails.meter({ send: async () => ({ refused: [] }), close: () => undefined }, 'process').send({ messageId: '<1@custodio>', to: ['a@b.pe'], subject: 's', html: '', text: '' });
  const port = await freePort();
  server = await serveMetrics(metrics, { port, host: '127.0.0.1', token: TOKEN, production: true });
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('a worker running alone serves its metrics on METRICS_PORT', () => {
  it('to a scraper with the token, and refuses one without it in JSON', async () => {
    const refused = await fetch(`${base}/metrics`);
    expect([refused.status, (await refused.json()).error.code]).toEqual([401, 'unauthenticated']);
    const ok = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(total(parseMetrics(await ok.text()), 'custodio_emails_sent_total', { kind: 'process' })).toBe(1);
  });

  it('answers nothing else', async () => {
    const res = await fetch(`${base}/healthz`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect([res.status, (await res.json()).error.code]).toEqual([404, 'not_found']);
  });
});
