import type { RequestHandler } from 'express';
import type { Metrics } from '../infra/metrics';

/** The label of a request no route answered (an unknown path, or middleware that answered first). */
export const UNMATCHED = 'unmatched';

const patternOf = (path: unknown): string => (Array.isArray(path) ? path.map(String).join('|') : String(path));

/**
 * Times every request and records it under its route pattern (`/api/account-requests/:id`), never its
 * URL, so ids and tokens stay out of labels and the series stay few. The pattern is taken when Express
 * matches the route: `req.baseUrl` then names the router the route is mounted on, and an error leaving
 * that router would reset it before the response is sent.
 */
export function httpMetrics(metrics: Pick<Metrics, 'request'>): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    let route: unknown = req.route;
    let pattern = UNMATCHED;
    Object.defineProperty(req, 'route', {
      configurable: true,
      enumerable: true,
      get: () => route,
      set: (r: { path?: unknown } | undefined) => {
        route = r;
        if (r) pattern = `${req.baseUrl}${patternOf(r.path)}`;
      },
    });
    res.once('finish', () => {
      metrics.request({ method: req.method, route: pattern, status: res.statusCode }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
