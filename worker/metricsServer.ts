import { createServer, type Server } from 'node:http';
import { answerError, metricsHandler, type Metrics, type MetricsAccess } from '../infra/metrics';

/**
 * A worker running alone (production) has no API to serve its metrics: it answers `/metrics` on a port of
 * its own (`METRICS_PORT`), with the same access check as the API's, and nothing else.
 */
export async function serveMetrics(metrics: Metrics, opts: MetricsAccess & { port: number; host?: string }): Promise<Server> {
  const scrape = metricsHandler(metrics, opts);
  const server = createServer((req, res) => {
    if (req.method === 'GET' && new URL(req.url ?? '/', 'http://x').pathname === '/metrics') void scrape(req, res);
    else answerError(res, { status: 404, code: 'not_found', message: 'Este puerto solo sirve /metrics.' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return server;
}
