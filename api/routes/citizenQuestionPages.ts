import { Router, type Request, type Response } from 'express';
import type { CitizenQuestionStage } from '../../contracts/citizenQuestion';
import { attentionWindowText } from '../../domain/attentionHours';
import { QUESTION_DUE_DEFAULT_DAYS, QUESTION_KIND_LABELS, QUESTION_KINDS } from '../../domain/citizenQuestion';
import { NETWORK_LABELS, NETWORKS } from '../../domain/networks';
import { PROFILES } from '../../domain/policyProfiles';
import type { QuestionState } from '../../infra/models/citizenQuestion';
import { urls } from '../../infra/urls';
import type { Registry } from '../../registry/reads';
import { callerOf, requireSignIn } from '../auth';
import { fieldErrors, str } from '../forms/fields';
import { postForm } from '../forms/submit';
import { pageEntity } from '../pageEntity';
import { page } from '../render';
import { mayRouteQuestions, type CitizenQuestionsService } from '../services/citizenQuestions';

type Params = { id: string };

const STATES: Record<QuestionState, string> = {
  open: 'En el área',
  answered: 'Respondida por el área: falta publicarla',
  replied: 'Respondida en la red',
};
const STAGES: Partial<Record<CitizenQuestionStage, string>> = {
  'en-atencion': 'En el área: espera su respuesta',
  'por-responder': 'Respondida por el área: espera que el community manager la publique en la red',
  respondida: 'Respondida en la red',
};

/**
 * `/entidades/:id/consultas` (issue 19 §4; PCM 6.2.2.12): the office's list of citizens' questions routed
 * to their areas (open ones and overdue ones marked), with the form where the CM or the head routes one;
 * `/entidades/:id/consultas/:questionId`: one question, its deadline, whom it waits for and the answer.
 */
export function citizenQuestionPages(service: CitizenQuestionsService, registry: Registry): Router {
  const router = Router();
  router.use('/entidades/:id/consultas', requireSignIn);

  const showList = async (req: Request<Params>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const { entity } = await pageEntity(registry, req.params.id, res, 'entity.read');
    const caller = callerOf(req, res);
    const [questions, areas] = await Promise.all([service.list(entity._id, caller), service.areas(entity._id, caller)]);
    const profile = PROFILES[entity.profile];
    const window = profile.citizenQuestions?.attentionHours;
    res.set('Cache-Control', 'no-store');
    page(res, status, 'questions', {
      title: `Consultas de los ciudadanos · ${entity.name}`,
      entity: { id: entity._id, name: entity.name },
      questions, areas, states: STATES,
      networks: NETWORKS.map((n) => ({ value: n, label: NETWORK_LABELS[n] })), networkLabels: NETWORK_LABELS,
      kinds: QUESTION_KINDS.map((k) => ({ value: k, label: QUESTION_KIND_LABELS[k] })), kindLabels: QUESTION_KIND_LABELS,
      dueDays: entity.questionDueBusinessDays ?? QUESTION_DUE_DEFAULT_DAYS,
      attention: window ? `${attentionWindowText(window)} (${window.clause})` : undefined,
      notAChannel: profile.citizenQuestions?.notAChannel,
      may: { route: mayRouteQuestions(caller.principal, entity) },
      done: req.query.hecho === 'derivada' ? 'Se derivó la consulta: el área la recibe por correo con el plazo para responder; la respuesta le llegará para publicarla.' : undefined,
      ...extra,
    });
  };

  router.get('/entidades/:id/consultas', (req, res) => showList(req, res, 200));
  router.post('/entidades/:id/consultas', async (req: Request<Params>, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const typed = (f: string) => (str(body[f]) ?? '').trim();
    const values = {
      network: typed('network'), question: typed('question'), kind: typed('kind'), areaEmail: typed('areaEmail'),
      ...(typed('link') ? { link: typed('link') } : {}),
    };
    await postForm(
      res,
      async () => {
        await service.route(req.params.id, values, callerOf(req, res));
        return `${urls.question.list(req.params.id)}?hecho=derivada`;
      },
      (status, errors) => showList(req, res, status, { errors, fieldErrors: fieldErrors(errors), values }),
    );
  });

  router.get('/entidades/:id/consultas/:questionId', async (req: Request<Params & { questionId: string }>, res) => {
    const { entity } = await pageEntity(registry, req.params.id, res, 'entity.read');
    const q = await service.get(entity._id, req.params.questionId, callerOf(req, res));
    res.set('Cache-Control', 'no-store');
    page(res, 200, 'question', {
      title: `Consulta ciudadana · ${entity.name}`,
      entity: { id: entity._id, name: entity.name },
      q, networkLabel: NETWORK_LABELS[q.network], kindLabel: QUESTION_KIND_LABELS[q.kind],
      state: (q.live && STAGES[q.live.stage]) ?? STATES[q.state],
    });
  });
  return router;
}
