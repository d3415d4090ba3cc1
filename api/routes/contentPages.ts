import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { CONTENT_STAGE_LABELS, FORBIDDEN_LABELS, PLACEMENT_LABELS, contentSummary } from '../../domain/content';
import { IMAGE_PLACEMENTS, MAX_IMAGES } from '../../domain/contentInput';
import { ACTION_LABELS, type DecisionAction } from '../../domain/decision';
import type { EntityPolicy } from '../../domain/entity';
import { NETWORKS, NETWORK_LABELS } from '../../domain/networks';
import { callerOf, principalOf, requireSignIn } from '../auth';
import { contentDraftFromForm, imagesFromForm } from '../contentForms';
import { REFUSAL_STATUS } from '../errors';
import { fieldErrors } from '../forms';
import { page } from '../render';
import type { ContentRequestsService } from '../services/contentRequests';
import { Refusal } from '../../domain/refusal';
import type { Registry } from '../../registry/reads';

/** What the content form needs besides the values: option lists. */
export function contentFormContext(entities: EntityPolicy[]) {
  return {
    entities,
    networks: NETWORKS.map((id) => ({ id, label: NETWORK_LABELS[id] })),
    placements: IMAGE_PLACEMENTS.map((id) => ({ id, label: PLACEMENT_LABELS[id] })),
    imageSlots: Array.from({ length: MAX_IMAGES }, (_, i) => i),
  };
}

const IMAGE_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' };

/** Spanish pages of content requests: the form (multipart), the status page and its images. */
export function contentPages(service: ContentRequestsService, registry: Registry): Router {
  const router = Router();
  router.use('/contenidos', requireSignIn);

  router.get('/contenidos/nueva', async (req, res) => {
    const entities = await registry.entitiesForSubmission(principalOf(res));
    if (!entities.length) throw new Refusal('forbidden', 'Su rol no le permite solicitar publicaciones en ninguna entidad.');
    const values = { entityId: entities.length === 1 ? entities[0]!.id : undefined };
    page(res, 200, 'contentForm', { title: 'Nueva solicitud de publicación', ...contentFormContext(entities), values, idempotencyKey: randomUUID() });
  });

  router.post('/contenidos/nueva', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const caller = callerOf(req, res);
    const values = { entityId: body.entityId, ...contentDraftFromForm(body) };
    const key = typeof body.idempotencyKey === 'string' ? body.idempotencyKey : undefined;
    const { images, errors: imageErrors } = imagesFromForm(body, req.files);
    try {
      if (imageErrors.length) throw new Refusal('validation_failed', 'La solicitud no cumple las reglas', imageErrors);
      const { requestId } = await service.submit(values, images, key, caller);
      res.redirect(303, `/contenidos/${requestId}`);
    } catch (err) {
      if (!(err instanceof Refusal) || err.code === 'unauthenticated' || err.code === 'forbidden') throw err;
      const errors = err.violations.length ? err.violations : [{ field: '(formulario)', rule: '—', message: err.message }];
      page(res, REFUSAL_STATUS[err.code] === 409 ? 409 : REFUSAL_STATUS[err.code] === 413 ? 413 : 400, 'contentForm', {
        title: 'Nueva solicitud de publicación',
        ...contentFormContext(await registry.entitiesForSubmission(caller.principal)),
        values,
        errors,
        fieldErrors: fieldErrors(errors),
        // A refused submission started nothing, so the same key serves the corrected one.
        idempotencyKey: key ?? randomUUID(),
      });
    }
  });

  router.get('/contenidos/:id', async (req, res) => {
    const status = await service.status(req.params.id, callerOf(req, res));
    page(res, 200, 'contentStatus', {
      title: 'Estado de la solicitud de publicación',
      status,
      stageLabel: CONTENT_STAGE_LABELS[status.stage],
      summary: contentSummary({ ...status.request, sensitive: status.sensitive }, status.entityId),
      placementLabel: (p: keyof typeof PLACEMENT_LABELS) => PLACEMENT_LABELS[p],
      flagLabel: (f: keyof typeof FORBIDDEN_LABELS) => FORBIDDEN_LABELS[f],
      networkLabel: (n: keyof typeof NETWORK_LABELS) => NETWORK_LABELS[n],
      actionLabel: (a: DecisionAction) => ACTION_LABELS[a],
    });
  });

  router.get('/contenidos/:id/imagenes/:imageId', async (req, res) => {
    const image = await service.image(req.params.id, req.params.imageId, callerOf(req, res));
    res.set('Cache-Control', 'private, max-age=300').type(IMAGE_TYPES[image.type] ?? 'application/octet-stream').send(image.bytes);
  });

  return router;
}
