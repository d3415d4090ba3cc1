/**
 * Who may read `/metrics`. It holds operational data only, but still says how busy each process is:
 * with `METRICS_TOKEN` set, a caller must send `Authorization: Bearer <token>`; without it, only a
 * caller on this machine (the local run) may, and in production nobody. One plain Node handler, so the
 * API (an Express route) and a worker running alone (worker/metricsServer.ts) answer alike.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface MetricsAccess {
  token?: string;
  production: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const digest = (s: string) => createHash('sha256').update(s).digest();

/** The refusal for this caller, if any: the JSON shape the API answers errors with. */
function refusal(req: IncomingMessage, access: MetricsAccess): { status: number; code: string; message: string } | undefined {
  if (access.token) {
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    return timingSafeEqual(digest(given), digest(access.token)) ? undefined : { status: 401, code: 'unauthenticated', message: 'Las métricas requieren el token de métricas (Authorization: Bearer …).' };
  }
  if (access.production) return { status: 403, code: 'forbidden', message: 'Las métricas están cerradas: configure METRICS_TOKEN para leerlas.' };
  // A request a proxy on this machine passed on came from elsewhere.
  const local = LOOPBACK.has(req.socket.remoteAddress ?? '') && !req.headers['x-forwarded-for'] && !req.headers.forwarded;
  return local ? undefined : { status: 403, code: 'forbidden', message: 'Sin METRICS_TOKEN, las métricas solo se leen desde este mismo equipo.' };
}

/** A JSON error in the shape the API answers errors with. */
export function answerError(res: ServerResponse, e: { status: number; code: string; message: string }) {
  res.writeHead(e.status, { 'content-type': 'application/json; charset=utf-8', ...(e.status === 401 ? { 'www-authenticate': 'Bearer' } : {}) });
  res.end(JSON.stringify({ error: { code: e.code, message: e.message } }));
}

/** Answers a scrape: the exposition text, or a JSON refusal. */
export function metricsHandler(metrics: { exposition(): Promise<string>; contentType: string }, access: MetricsAccess) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const refused = refusal(req, access);
    if (refused) return answerError(res, refused);
    let body: string;
    try {
      body = await metrics.exposition();
    } catch {
      return answerError(res, { status: 500, code: 'internal', message: 'No se pudieron leer las métricas.' });
    }
    res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
    res.end(body);
  };
}
