import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Metrics } from '../../infra/metrics';
import type { AuditTrail } from '../../registry/audit';
import type { Registry } from '../../registry/reads';
import { actorOf, clientOf, principalOf } from '../auth';
import { messagePage, page } from '../render';
import { safeNext, SIGNIN_TTL_MINUTES, type SigninService } from '../services/signin';

const REFUSED = {
  malformed: [400, 'Enlace no válido', 'Este enlace está incompleto o dañado. Ábralo directamente desde el correo, o pida uno nuevo.'],
  tampered: [400, 'Enlace no válido', 'Este enlace fue modificado y no puede usarse. Pida un enlace nuevo para ingresar.'],
  expired: [410, 'Enlace vencido', `Los enlaces para ingresar vencen a los ${SIGNIN_TTL_MINUTES} minutos. Pida uno nuevo.`],
  used: [410, 'Enlace ya usado', 'Este enlace ya se usó para ingresar y no sirve otra vez. Pida uno nuevo si lo necesita.'],
} as const;

const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());

/** Passwordless sign-in pages (issue #3 §2): ask for a link, confirm it, sign out. */
export function signinPages(deps: { signin: SigninService; registry: Registry; audit: AuditTrail; metrics: Pick<Metrics, 'signin'> }): Router {
  const router = Router();
  const again = { next: { href: '/ingresar', label: 'Pedir un enlace nuevo' } };

  async function refuse(req: Request, res: Response, reason: keyof typeof REFUSED) {
    deps.metrics.signin('refused');
    await deps.audit.record({ action: 'signin.refused', actor: { kind: 'anonymous' }, detail: reason, ...clientOf(req) });
    const [status, title, message] = REFUSED[reason];
    messagePage(res, status, title, message, again);
  }

  router.get('/ingresar', (req, res) => {
    const p = principalOf(res);
    page(res, 200, 'signin', { title: 'Ingresar', next: safeNext(req.query.siguiente), signedInAs: p.kind === 'person' ? p.email : undefined });
  });

  router.post('/ingresar', async (req, res) => {
    const body = req.body as { email?: unknown; siguiente?: unknown };
    const next = safeNext(body.siguiente);
    const email = emailSchema.safeParse(body.email);
    if (!email.success) {
      page(res, 400, 'signin', { title: 'Ingresar', next, email: typeof body.email === 'string' ? body.email : '', error: 'Escriba su correo institucional completo, p. ej. nombre@entidad.gob.pe.' });
      return;
    }
    await deps.signin.request(email.data, next, clientOf(req));
    deps.metrics.signin('requested');
    messagePage(res, 200, 'Revise su correo',
      `Si ${email.data} está registrado en Custodio, recibirá en unos instantes un enlace para ingresar. Vence en ${SIGNIN_TTL_MINUTES} minutos y sirve una sola vez.`,
      { kind: 'ok' });
  });

  // GET only shows a button: mail scanners open links by themselves, and must not sign anyone in.
  router.get('/ingresar/:token', async (req, res) => {
    const checked = await deps.signin.check(String(req.params.token));
    if (!checked.ok) return refuse(req, res, checked.reason);
    page(res, 200, 'signinConfirm', { title: 'Ingresar', email: checked.email });
  });

  router.post('/ingresar/:token', async (req, res) => {
    const used = await deps.signin.consume(String(req.params.token));
    if (!used.ok) return refuse(req, res, used.reason);
    const principal = await deps.registry.principal(used.personId);
    if (!principal || principal.kind !== 'person') {
      deps.metrics.signin('refused');
      messagePage(res, 403, 'Sin acceso', 'Su correo ya no tiene un rol en ninguna entidad. Consulte con el titular de su oficina.');
      return;
    }
    // A new session id at sign-in, so an id planted before cannot be ridden (session fixation).
    await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
    req.session.personId = used.personId;
    await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
    deps.metrics.signin('completed');
    await deps.audit.record({
      action: 'signin.completed',
      actor: { kind: 'person', email: principal.email },
      ...(principal.memberships[0] ? { entityId: principal.memberships[0].entityId } : {}),
      ...clientOf(req),
    });
    res.redirect(303, used.next);
  });

  router.post('/salir', async (req, res) => {
    const actor = actorOf(res);
    const p = principalOf(res);
    if (req.session?.personId) {
      await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
      await deps.audit.record({ action: 'signout', actor, ...(p.kind === 'person' && p.memberships[0] ? { entityId: p.memberships[0].entityId } : {}), ...clientOf(req) });
    }
    res.clearCookie('custodio.sid', { path: '/' });
    messagePage(res, 200, 'Sesión cerrada', 'Cerró su sesión en Custodio.', { kind: 'ok', next: { href: '/ingresar', label: 'Ingresar de nuevo' } });
  });

  return router;
}
