import { Router } from 'express';
import { urls } from '../../infra/urls';
import { listAnswer, pageQueryOf } from '../paging';
import { callerOf } from '../auth';
import type { ImageIssuesService } from '../services/imageIssues';

/** `/api/entities/:id/image-issues`: matters that can affect the institution's image (PCM 6.2.2.14), mounted beside the entities API. */
export function imageIssuesApi(service: ImageIssuesService): Router {
  const router = Router();
  router.post('/:id/image-issues', async (req, res) => {
    const reported = await service.report(req.params.id, req.body, callerOf(req, res));
    res.status(201).location(urls.imageIssue.api(reported.entityId, reported.id)).json(reported);
  });
  router.get('/:id/image-issues', async (req, res) => void res.json(listAnswer('imageIssues', await service.list(req.params.id, pageQueryOf(req.query), callerOf(req, res)))));
  router.get('/:id/image-issues/:issueId', async (req, res) => void res.json(await service.get(req.params.id, req.params.issueId, callerOf(req, res))));
  return router;
}
