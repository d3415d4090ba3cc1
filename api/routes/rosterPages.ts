import { Router, type Request, type Response } from 'express';
import { can, ENTITY_ROLES, ENTITY_ROLE_LABELS } from '../../domain/access';
import { TENURE_LABELS, TENURES } from '../../domain/accountAdministrator';
import { PROFILES } from '../../domain/policyProfiles';
import { Refusal } from '../../domain/refusal';
import type { RuleViolation } from '../../domain/validation';
import { urls } from '../../infra/urls';
import { callerOf } from '../auth';
import { shownAt } from '../forms/entity';
import { fieldErrors, str } from '../forms/fields';
import { postForm } from '../forms/submit';
import { page } from '../render';
import type { EntitiesService } from '../services/entities';

type Params = { id: string; personId?: string };

const DONE: Record<string, string> = {
  persona: 'Se registró a la persona en el equipo. Los procesos en curso ya la conocen.',
  rol: 'Se guardaron los cambios. Los procesos en curso ya los conocen.',
  salida: 'Se registró la salida. Ya no recibe pasos de la entidad; si no tenía otro rol, su sesión se cerró.',
  designados: 'Se guardaron las designaciones.',
  creada: 'Se creó la entidad. Registre ahora a su titular, a su segundo(a) al mando y a su community manager.',
};

const ROLES = ENTITY_ROLES.map((r) => ({ value: r, label: ENTITY_ROLE_LABELS[r] }));
const TENURE_OPTIONS = TENURES.map((t) => ({ value: t, label: TENURE_LABELS[t] }));

/** A new person as the service takes them: blank optional fields left out. */
function personOf(body: Record<string, unknown>) {
  const text = (k: string) => (str(body[k]) ?? '').trim();
  return {
    name: text('name'),
    email: text('email'),
    role: text('role'),
    ...(text('phone') ? { phone: text('phone') } : {}),
    ...(text('unit') ? { unit: text('unit') } : {}),
    ...(text('tenure') ? { tenure: text('tenure') } : {}),
  };
}

/**
 * The roster page (issue 15 §2): who works for the entity and in which role (phones only where the
 * service shows them, Ley 29733); the head and the platform admin add people, change a role or record a
 * leaving (PCM 5.2.4, 6.1.1.5), record each member's contract where the document asks for it (CONGRESO
 * 5.1.2), and the head designates who reviews page roles (PCM 6.1.2.11) and who
 * approves content where the profile allows it (PCM 6.2.2.2).
 */
export function rosterPages(entities: EntitiesService): Router {
  const router = Router();

  const show = async (req: Request<Params>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const caller = callerOf(req, res);
    const entity = await entities.get(req.params.id, caller);
    const people = await entities.roster(req.params.id, caller);
    const scope = { id: entity.id, profile: entity.profile };
    page(res, status, 'roster', {
      title: `Equipo de ${entity.name}`,
      entity,
      people,
      roles: ROLES,
      roleLabels: ENTITY_ROLE_LABELS,
      contentApproval: PROFILES[entity.profile].contentApproval,
      // CONGRESO 5.1.2, 6.1.6: where the document asks for it, the contract of each member.
      tenures: PROFILES[entity.profile].accountAdministratorRules ? TENURE_OPTIONS : undefined,
      tenureLabels: TENURE_LABELS,
      may: { manage: can(caller.principal, 'roster.manage', scope), designate: can(caller.principal, 'policy.manage', scope) },
      done: typeof req.query.hecho === 'string' ? DONE[req.query.hecho] : undefined,
      ...extra,
    });
  };

  /** A form of the page: back to it with a confirmation, or the page again with what was typed and every error at its input. */
  const form = (path: string, name: string, act: (req: Request<Params>, res: Response, body: Record<string, unknown>) => Promise<unknown>, rename: (field: string, req: Request<Params>) => string) =>
    router.post(path, async (req: Request<Params>, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      await postForm(
        res,
        async () => {
          await act(req, res, body);
          return `${urls.entity.roster(req.params.id)}?hecho=${name}`;
        },
        (status, errors: RuleViolation[]) => {
          const shown = shownAt(errors, (f) => rename(f, req));
          return show(req, res, status, { errors: shown, fieldErrors: fieldErrors(shown), values: body, form: name, personId: req.params.personId });
        },
      );
    });

  router.get('/entidades/:id/equipo', async (req, res) => show(req, res, 200));
  form('/entidades/:id/equipo/personas', 'persona', (req, res, body) => entities.addPerson(req.params.id, personOf(body), callerOf(req, res)), (f) => `persona.${f}`);
  form(
    '/entidades/:id/equipo/:personId/rol',
    'rol',
    (req, res, body) =>
      entities.updatePerson(req.params.id, req.params.personId!, { role: str(body.role), ...('tenure' in body ? { tenure: str(body.tenure) || null } : {}) }, callerOf(req, res)),
    // Every refusal of a change is about the role or the contract: shown at that person's form.
    (_f, req) => `rol.${req.params.personId!}`,
  );
  form(
    '/entidades/:id/equipo/designados',
    'designados',
    async (req, res, body) => {
      const caller = callerOf(req, res);
      // Read through the settings guard, so whoever may not designate is refused (403) before anything is compared.
      const entity = await entities.settings(req.params.id, caller);
      // Only the designations that change, so the audit trail records real changes; blank gives the task back to the head.
      const changes: Record<string, string | null> = {};
      for (const k of ['reviewDesigneeEmail', 'contentDesigneeEmail'] as const) {
        if (!(k in body)) continue;
        const chosen = str(body[k]) || null;
        if (chosen !== (entity[k] ?? null)) changes[k] = chosen;
      }
      if (!Object.keys(changes).length) throw new Refusal('validation_failed', 'No cambió ninguna designación.');
      return entities.update(req.params.id, changes, caller);
    },
    (f) => f,
  );

  // Leaving is confirmed on a page of its own: it ends the person's part in every open step of the entity.
  const leaving = async (req: Request<Params>, res: Response, status: number, errors?: RuleViolation[]) => {
    const caller = callerOf(req, res);
    const entity = await entities.get(req.params.id, caller);
    const person = (await entities.roster(req.params.id, caller)).find((p) => p.personId === req.params.personId);
    if (!person) throw new Refusal('not_found', 'Esa persona no figura en la nómina de la entidad.');
    page(res, status, 'confirm', {
      title: 'Registrar una salida',
      question: `¿Registrar que ${person.name} (${person.email}), ${ENTITY_ROLE_LABELS[person.role]}, dejó la oficina de ${entity.name}?`,
      consequences: [
        'Deja de recibir los pasos y recordatorios de la entidad; los procesos en curso pasan a quien tenga su rol.',
        'Si no tiene otro rol en Custodio, su sesión se cierra y ya no puede ingresar.',
        'Queda en la auditoría quién registró la salida y cuándo.',
      ],
      button: 'Sí, registrar la salida',
      back: { href: urls.entity.roster(entity.id), label: 'No, volver al equipo' },
      errors,
    });
  };
  router.get('/entidades/:id/equipo/:personId/salida', async (req, res) => leaving(req, res, 200));
  router.post('/entidades/:id/equipo/:personId/salida', async (req: Request<Params>, res) => {
    await postForm(
      res,
      async () => {
        await entities.updatePerson(req.params.id, req.params.personId!, { left: true }, callerOf(req, res));
        return `${urls.entity.roster(req.params.id)}?hecho=salida`;
      },
      (status, errors) => leaving(req, res, status, errors),
    );
  });
  return router;
}
