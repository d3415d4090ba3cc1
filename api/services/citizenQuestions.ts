/**
 * Citizens' questions (issue 19 §4; PCM 6.2.2.12): the CM (or the head) routes a question received on a
 * network to the responsible area — a roster `requester`, who names the unit — with the deadline
 * computed now (registry/questionDeadline.ts); the row is written first, then its process starts
 * (workflows/citizenQuestion.ts). Read by the office (head, second, CM): the text may hold personal data,
 * so it never enters the audit trail nor the logs.
 */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { citizenQuestionWorkflowId, type CitizenQuestionStage } from '../../contracts/citizenQuestion';
import { unlessUnavailable, type Processes } from '../../contracts/processes';
import { rolesFor } from '../../domain/access';
import { notAChannelProblem, QUESTION_CLAUSE, questionSchema } from '../../domain/citizenQuestion';
import { PROFILES } from '../../domain/policyProfiles';
import { Refusal } from '../../domain/refusal';
import { validate, type RuleViolation } from '../../domain/validation';
import { citizenQuestionModel, type CitizenQuestionDoc, type QuestionState } from '../../infra/models/citizenQuestion';
import type { EntityDoc } from '../../infra/models/entity';
import type { AuditTrail, Caller } from '../../registry/audit';
import { guardedEntity } from '../../registry/guards';
import { questionDeadline } from '../../registry/questionDeadline';
import type { Registry } from '../../registry/reads';

export interface CitizenQuestionsDeps {
  db: Connection;
  registry: Registry;
  processes: Processes;
  audit: AuditTrail;
}

/** How far back a question may have arrived when routed: older ones are answered, not routed. */
const MAX_AGE_DAYS = 30;
const OFFICE: ReadonlyArray<string> = ['head', 'second', 'cm'];

export interface QuestionView {
  id: string;
  workflowId: string;
  network: CitizenQuestionDoc['network'];
  question: string;
  link?: string;
  kind: CitizenQuestionDoc['kind'];
  areaEmail: string;
  areaName: string;
  receivedAt: string;
  countsFrom: string;
  dueAt: string;
  dueBusinessDays: number;
  askedBy: string;
  askedAt: string;
  state: QuestionState;
  /** Still unanswered by the area after its due instant. */
  overdue: boolean;
  answer?: string;
  answeredBy?: string;
  answeredAt?: string;
  repliedBy?: string;
  repliedAt?: string;
}

const rolesIn = (p: Caller['principal'], entity: Pick<EntityDoc, '_id' | 'profile'>) => (p.kind === 'person' ? rolesFor(p, { id: entity._id, profile: entity.profile }) : []);
/** The CM and the head route questions (PCM 6.2.2.12: the office authorises the interaction). */
export const mayRouteQuestions = (p: Caller['principal'], entity: Pick<EntityDoc, '_id' | 'profile'>) => rolesIn(p, entity).some((r) => r === 'cm' || r === 'head');
/** The office reads them; the area answers by its link only. */
export const mayReadQuestions = (p: Caller['principal'], entity: Pick<EntityDoc, '_id' | 'profile'>) => rolesIn(p, entity).some((r) => OFFICE.includes(r));

const view = (r: CitizenQuestionDoc, now: Date): QuestionView => ({
  id: r._id, workflowId: r.workflowId, network: r.network, question: r.question, ...(r.link ? { link: r.link } : {}), kind: r.kind, areaEmail: r.areaEmail, areaName: r.areaName,
  receivedAt: r.receivedAt.toISOString(), countsFrom: r.countsFrom.toISOString(), dueAt: r.dueAt.toISOString(), dueBusinessDays: r.dueBusinessDays,
  askedBy: r.askedBy, askedAt: r.askedAt.toISOString(), state: r.state, overdue: r.state === 'open' && now > r.dueAt,
  ...(r.answer ? { answer: r.answer } : {}), ...(r.answeredBy ? { answeredBy: r.answeredBy } : {}), ...(r.answeredAt ? { answeredAt: r.answeredAt.toISOString() } : {}),
  ...(r.repliedBy ? { repliedBy: r.repliedBy } : {}), ...(r.repliedAt ? { repliedAt: r.repliedAt.toISOString() } : {}),
});

export function citizenQuestionsService(deps: CitizenQuestionsDeps) {
  const rows = citizenQuestionModel(deps.db);

  async function readable(entityId: string, caller: Caller): Promise<EntityDoc> {
    const entity = await guardedEntity(deps.registry, entityId, caller, 'entity.read');
    if (!mayReadQuestions(caller.principal, entity)) throw new Refusal('forbidden', 'Las consultas de los ciudadanos las leen el/la titular, su segundo(a) y el community manager.');
    return entity;
  }

  return {
    /** The areas a question can go to: the roster's requesting units. */
    async areas(entityId: string, caller: Caller): Promise<Array<{ email: string; name: string; unit: string }>> {
      const entity = await readable(entityId, caller);
      return (await deps.registry.roster(entity._id)).filter((r) => r.role === 'requester').map((r) => ({ email: r.email, name: r.name, unit: r.unit ?? r.name }));
    },

    /** Newest first; `open` keeps those the area has not answered yet. */
    async list(entityId: string, caller: Caller, filter: { open?: boolean } = {}): Promise<QuestionView[]> {
      const entity = await readable(entityId, caller);
      const found = await rows.find({ entityId: entity._id, ...(filter.open ? { state: 'open' } : {}) }).sort({ askedAt: -1, _id: -1 }).limit(200).lean();
      const now = new Date();
      return found.map((r) => view(r, now));
    },

    async get(entityId: string, id: string, caller: Caller): Promise<QuestionView & { live?: { stage: CitizenQuestionStage; waitingFor: string[] } }> {
      const entity = await readable(entityId, caller);
      const row = await rows.findOne({ _id: String(id), entityId: entity._id }).lean();
      if (!row) throw new Refusal('not_found', 'No existe esa consulta.');
      const s = await unlessUnavailable(() => deps.processes.citizenQuestionStatus(entity._id, row._id));
      return { ...view(row, new Date()), ...(s ? { live: { stage: s.stage, waitingFor: s.waitingFor } } : {}) };
    },

    /** PCM 6.2.2.12: routes a question to its area; INPE 4.2.b / SENACE 8.5 kinds are refused with the clause. */
    async route(entityId: string, body: unknown, caller: Caller): Promise<QuestionView> {
      const entity = await guardedEntity(deps.registry, entityId, caller, 'entity.read');
      const p = caller.principal;
      if (p.kind !== 'person' || !mayRouteQuestions(p, entity)) {
        throw new Refusal('forbidden', `Solo el community manager o el/la titular de la Oficina de Comunicaciones derivan las consultas de los ciudadanos (${QUESTION_CLAUSE}).`);
      }
      const parsed = validate(questionSchema, body, QUESTION_CLAUSE);
      if (!parsed.ok) throw new Refusal('validation_failed', 'Revise la consulta.', parsed.errors);
      const q = parsed.value;
      const now = new Date();
      const receivedAt = q.receivedAt ? new Date(q.receivedAt) : now;
      const area = (await deps.registry.roster(entity._id)).find((r) => r.email === q.areaEmail && r.role === 'requester');
      const problems: RuleViolation[] = [
        ...(area ? [] : [{ field: 'areaEmail', rule: QUESTION_CLAUSE, message: 'Elija un área de la lista: las áreas son las unidades registradas en el equipo de la entidad.' }]),
        ...(receivedAt.getTime() > now.getTime() + 5 * 60_000 ? [{ field: 'receivedAt', rule: QUESTION_CLAUSE, message: 'La fecha de recepción no puede estar en el futuro.' }] : []),
        ...(now.getTime() - receivedAt.getTime() > MAX_AGE_DAYS * 86_400_000 ? [{ field: 'receivedAt', rule: QUESTION_CLAUSE, message: `La consulta llegó hace más de ${MAX_AGE_DAYS} días: respóndala directamente o derívela por los canales formales.` }] : []),
        ...[notAChannelProblem(PROFILES[entity.profile], q.kind)].filter((x): x is RuleViolation => Boolean(x)),
      ];
      if (problems.length) throw new Refusal('validation_failed', 'Revise la consulta.', problems);
      const { countsFrom, dueAt, days } = questionDeadline(receivedAt, entity);
      const id = randomBytes(12).toString('hex');
      const row: CitizenQuestionDoc = {
        _id: id, entityId: entity._id, workflowId: citizenQuestionWorkflowId(entity._id, id), network: q.network, question: q.question, ...(q.link ? { link: q.link } : {}), kind: q.kind,
        areaEmail: area!.email, areaName: area!.unit ?? area!.name, receivedAt, countsFrom, dueAt, dueBusinessDays: days, askedBy: p.email.toLowerCase(), askedAt: now, state: 'open',
      };
      await rows.create(row);
      try {
        await deps.processes.startCitizenQuestion(entity._id, id);
      } catch (err) {
        await rows.deleteOne({ _id: id });
        throw err;
      }
      // The question itself may name the citizen: only where it went and by when.
      await deps.audit.recordBy(caller, { action: 'request.submitted', entityId: entity._id, workflowId: row.workflowId, detail: `Consulta ciudadana (${QUESTION_CLAUSE}) derivada a ${row.areaName}; plazo: ${days} días hábiles` });
      return view(row, now);
    },
  };
}

export type CitizenQuestionsService = ReturnType<typeof citizenQuestionsService>;
