/**
 * The last two handlers of the app: an unknown path, and every error, each answered in one place. A
 * refusal becomes its status and code (JSON under /api, a Spanish page elsewhere); "Temporal did not
 * answer" and "the database could not be reached" become the retry answer (503); anything unknown is logged and answered 500 without details.
 */
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { ProcessesUnavailable } from '../contracts/processes';
import { Refusal } from '../domain/refusal';
import { isDatabaseUnavailable } from '../infra/db';
import { urls } from '../infra/urls';
import type { AuditTrail } from '../registry/audit';
import type { Registry } from '../registry/reads';
import { actorOf, clientOf, isApi } from './auth';
import { AppError, fromRefusal } from './errors';
import { messagePage } from './render';

const TEMPORAL_UNAVAILABLE = 'El servicio de procesos no está disponible; intente de nuevo en unos minutos.';
const DATABASE_UNAVAILABLE = 'El registro no está disponible en este momento; intente de nuevo en unos minutos. No se perdió nada de lo registrado.';
const LINK_STILL_VALID = ' Su enlace sigue siendo válido.';
const CSRF_MESSAGE = 'El formulario venció o no se originó en Custodio. Vuelva a abrir la página e intente de nuevo.';

const wantsJson = (req: Request) => isApi(req) || req.path.startsWith('/dev/mail');

/** Errors whose answer is known: refusals, the process engine's silence, and the body parsers' and CSRF's own. */
function known(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (err instanceof Refusal) return fromRefusal(err);
  if (err instanceof ProcessesUnavailable) return new AppError(503, 'temporal_unavailable', TEMPORAL_UNAVAILABLE);
  if (isDatabaseUnavailable(err)) return new AppError(503, 'database_unavailable', DATABASE_UNAVAILABLE);
  const { type, code } = err as { type?: string; code?: string };
  if (type === 'entity.too.large') return new AppError(413, 'payload_too_large', 'El contenido enviado es demasiado grande.');
  if (type === 'entity.parse.failed') return new AppError(400, 'bad_request', 'El cuerpo de la solicitud no es JSON válido.');
  if (type === 'operator.keys') return new AppError(400, 'bad_request', 'El contenido tiene claves no permitidas (que empiezan con $ o contienen un punto).');
  if (code === 'EBADCSRFTOKEN') return new AppError(403, 'csrf_failed', CSRF_MESSAGE);
  if (type === 'parameters.too.many') return new AppError(413, 'payload_too_large', 'El formulario tiene demasiados campos.');
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') return new AppError(415, 'bad_request', 'Codificación no admitida: use UTF-8.');
  return undefined;
}

export const notFound: RequestHandler = (req, res) => {
  if (wantsJson(req)) res.status(404).json({ error: { code: 'not_found', message: 'Ruta inexistente.' } });
  else messagePage(res, 404, 'Página no encontrada', 'La dirección que abrió no existe.', { next: { href: urls.home, label: 'Ir al inicio' } });
};

export function errorHandler(deps: { registry: Registry; audit: AuditTrail }): ErrorRequestHandler {
  /**
   * The entity a refused request names, if it exists: in its path (`/api/entities/<id>/…`) or as the audit
   * trail's `entity` filter. Its refusals then land in that entity's trail, where its head sees them.
   */
  const namedEntity = async (req: Request): Promise<string | undefined> => {
    let id: string | undefined;
    const inPath = /^\/api\/entities\/([^/]+)/.exec(req.path)?.[1];
    if (inPath) {
      try {
        id = decodeURIComponent(inPath);
      } catch {
        return undefined;
      }
    } else if (req.path === '/api/audit' || req.path === '/auditoria') {
      const filter = (req.query as Record<string, unknown>).entity;
      if (typeof filter === 'string') id = filter;
    }
    if (!id || id.length > 64) return undefined;
    return (await deps.registry.entity(id)) ? id : undefined;
  };

  return (err, req, res, _next) => {
    const e = known(err);
    if (!e) req.log.error({ err }, 'unhandled error');
    const shown = e ?? new AppError(500, 'internal', 'Ocurrió un error interno. Intente de nuevo; si persiste, avise a soporte.');
    if (shown.code === 'forbidden') {
      // Refusals are part of the record too: who tried what, from where.
      const entry = { action: 'access.denied' as const, actor: actorOf(res), detail: `${req.method} ${req.originalUrl.slice(0, 200)}`, ...clientOf(req) };
      void namedEntity(req)
        .then((entityId) => deps.audit.record({ ...entry, ...(entityId ? { entityId } : {}) }))
        .catch((auditErr: unknown) => req.log.error({ err: auditErr }, 'audit write failed'));
    }
    if (res.headersSent) return;
    if (wantsJson(req)) res.status(shown.status).json({ error: { code: shown.code, message: shown.message, ...(shown.details.length ? { details: shown.details } : {}) } });
    else if (shown.status === 401) res.redirect(303, urls.signIn(req.originalUrl));
    else if (shown.status === 503) messagePage(res, 503, 'Intente de nuevo', shown.message + (req.path.startsWith(urls.decisionLink('')) ? LINK_STILL_VALID : ''));
    else messagePage(res, shown.status, shown.status >= 500 ? 'Error' : shown.status === 403 ? 'Sin permiso' : 'Solicitud no válida', shown.message);
  };
}
