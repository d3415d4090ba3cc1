import { Router } from 'express';
import { Refusal } from '../../domain/refusal';
import { callerOf } from '../auth';
import type { CitizenQuestionsService } from '../services/citizenQuestions';

const FLAGS = ['1', 'true', '0', 'false'];

/** `GET|POST /api/entities/:id/questions`, `GET …/questions/:questionId`: citizens' questions (PCM 6.2.2.12), mounted beside the entities API. */
export function citizenQuestionsApi(service: CitizenQuestionsService): Router {
  const router = Router();
  router.get('/:id/questions', async (req, res) => {
    const caller = callerOf(req, res);
    const flag = req.query.open;
    if (flag !== undefined && !(typeof flag === 'string' && FLAGS.includes(flag))) {
      throw new Refusal('validation_failed', 'Revise el filtro.', [{ field: 'open', rule: 'PCM 6.2.2.12', message: 'Use open=1 para ver solo las consultas sin responder.' }]);
    }
    const open = flag === '1' || flag === 'true';
    res.json({ questions: await service.list(req.params.id, caller, { open }), areas: await service.areas(req.params.id, caller) });
  });
  router.post('/:id/questions', async (req, res) => void res.status(201).json(await service.route(req.params.id, req.body, callerOf(req, res))));
  router.get('/:id/questions/:questionId', async (req, res) => void res.json(await service.get(req.params.id, req.params.questionId, callerOf(req, res))));
  return router;
}
