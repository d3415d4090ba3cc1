import express, { Router } from 'express';
import request from 'supertest';
import { httpMetrics, UNMATCHED } from '../../api/httpMetrics';
import { createMetrics } from '../../infra/metrics';
import { labelValues, parseMetrics, total } from '../support/metrics';

/** An app shaped like Custodio's: routers mounted under a path, an async route that fails, an error handler. */
function app() {
  const metrics = createMetrics();
  const a = express();
  a.use(httpMetrics(metrics));
  const requests = Router();
  requests.get('/:id', (req, res) => void res.json({ id: req.params.id }));
  requests.post('/:id/fail', async () => {
    throw new Error('boom');
  });
  a.use('/api/account-requests', requests);
  a.get('/enlace/:token', (_req, res) => void res.send('ok'));
  a.use((_req, res) => void res.status(404).json({ error: 'not_found' }));
  a.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.status(500).json({ error: 'internal' }));
  return { a, scrape: async () => parseMetrics(await metrics.exposition()) };
}

const count = 'custodio_http_request_duration_seconds_count';

describe('HTTP latency by route pattern', () => {
  it('labels each request with the pattern of the route that answered, never its URL', async () => {
    const { a, scrape } = app();
    await request(a).get('/api/account-requests/7f3a9c').expect(200);
    await request(a).get('/api/account-requests/b81e02').expect(200);
    await request(a).get('/enlace/eyJ0b2tlbiI6InNlY3JldCJ9.sig').expect(200);
    const samples = await scrape();
    expect(total(samples, count, { method: 'GET', route: '/api/account-requests/:id', status: '200' })).toBe(2);
    expect(total(samples, count, { route: '/enlace/:token' })).toBe(1);
    expect(labelValues(samples).join(' ')).not.toMatch(/7f3a9c|b81e02|eyJ0b2tlbi/);
  });

  it('keeps the full pattern when an error leaves the route and another handler answers', async () => {
    const { a, scrape } = app();
    await request(a).post('/api/account-requests/7f3a9c/fail').expect(500);
    expect(total(await scrape(), count, { method: 'POST', route: '/api/account-requests/:id/fail', status: '500' })).toBe(1);
  });

  it('puts every request no route answered under one label', async () => {
    const { a, scrape } = app();
    for (const path of ['/wp-admin', '/nada/1', '/api/account-requests']) await request(a).get(path).expect(404);
    const samples = await scrape();
    expect(total(samples, count, { route: UNMATCHED, status: '404' })).toBe(3);
    expect(new Set(samples.filter((s) => s.name === count).map((s) => s.labels.route))).toEqual(new Set([UNMATCHED]));
  });
});
