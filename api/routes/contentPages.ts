import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { CONTENT_STAGE_LABELS, FORBIDDEN_LABELS, PLACEMENT_LABELS, contentSummary } from '../../domain/content';
import { processWords, reference } from '../processWords';
import { NETWORK_LABELS } from '../../domain/networks';
import { confirmationRows } from '../../domain/contentConfirmations';
import { officialActRecordRows, officialActRow } from '../../domain/officialActs';
import { callerOf, principalOf, requireSignIn } from '../auth';
import { contentDraftFromForm, contentFormContext, imagesFromForm } from '../forms/content';
import { postForm } from '../forms/submit';
import { idempotencyKey } from '../idempotency';
import { urls } from '../../infra/urls';
import { fieldErrors } from '../forms/fields';
import { page } from '../render';
import type { ContentRequestsService } from '../services/contentRequests';
import { Refusal } from '../../domain/refusal';
import type { Registry } from '../../registry/reads';
import { contentWorkflowId } from '../../contracts/content';

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
    const { images, errors: imageErrors } = imagesFromForm(body, req.files);
    let key: string | undefined;
    await postForm(
      res,
      async () => {
        key = idempotencyKey(req);
        if (imageErrors.length) throw new Refusal('validation_failed', 'La solicitud no cumple las reglas', imageErrors);
        return `${urls.contentRequest.page((await service.submit(values, images, key, caller)).requestId)}?enviada=1`;
      },
      async (status, errors) => {
        page(res, status, 'contentForm', {
          title: 'Nueva solicitud de publicación',
          ...contentFormContext(await registry.entitiesForSubmission(caller.principal)),
          values,
          errors,
          fieldErrors: fieldErrors(errors),
          // A refused submission started nothing, so the same key serves the corrected one.
          idempotencyKey: key ?? randomUUID(),
        });
      },
    );
  });

  router.get('/contenidos/:id', async (req, res) => {
    const status = await service.status(req.params.id, callerOf(req, res));
    const words = await processWords(registry, status.entityId);
    page(res, 200, 'contentStatus', {
      title: 'Estado de la solicitud de publicación',
      status,
      workflowId: contentWorkflowId(status.requestId),
      stageLabel: CONTENT_STAGE_LABELS[status.stage],
      summary: contentSummary({ ...status.request, sensitive: status.sensitive }, words.entityName),
      confirmationRows: status.confirmations ? confirmationRows(status.confirmations) : [],
      officialActRows: status.officialActRecord ? officialActRecordRows(status.officialActRecord) : status.officialAct ? [officialActRow(status.officialAct)] : [],
      placementLabel: (p: keyof typeof PLACEMENT_LABELS) => PLACEMENT_LABELS[p],
      flagLabel: (f: keyof typeof FORBIDDEN_LABELS) => FORBIDDEN_LABELS[f],
      networkLabel: (n: keyof typeof NETWORK_LABELS) => NETWORK_LABELS[n],
      ...words,
      reference: reference(status.requestId),
      sent: req.query.enviada === '1',
    });
  });

  router.get('/contenidos/:id/imagenes/:imageId', async (req, res) => {
    const image = await service.image(req.params.id, req.params.imageId, callerOf(req, res));
    res.set('Cache-Control', 'private, max-age=300').type(IMAGE_TYPES[image.type] ?? 'application/octet-stream').send(image.bytes);
  });

  return router;
}
