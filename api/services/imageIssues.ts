import type { Connection } from 'mongoose';
import { asReadBy, principalLabel } from '../../domain/access';
import { IMAGE_ISSUE_RULE, imageIssueReportSchema } from '../../domain/imageIssue';
import { Refusal } from '../../domain/refusal';
import { validate, type RuleViolation } from '../../domain/validation';
import type { Page, PageCounts, PageQuery } from '../../domain/paging';
import { imageIssueWorkflowId, type ImageIssueStatus } from '../../contracts/imageIssue';
import type { Processes } from '../../contracts/processes';
import { trusted } from '../../infra/db';
import { accountModel, LIVE_STATUSES } from '../../infra/models/account';
import { imageIssueModel, type ImageIssueDoc, type ImageIssueState } from '../../infra/models/imageIssue';
import type { AuditTrail, Caller } from '../../registry/audit';
import { guardedEntity } from '../../registry/guards';
import { countOf, newestFirst, pageOf } from '../../registry/paging';
import type { Registry } from '../../registry/reads';
import { rowIdFor } from '../idempotency';

export interface ImageIssuesDeps {
  db: Connection;
  registry: Registry;
  audit: AuditTrail;
  processes: Processes;
}

/** A reported matter as the registry keeps it (PCM 6.2.2.14). */
export interface ImageIssueView {
  id: string;
  entityId: string;
  workflowId: string;
  subject: string;
  description: string;
  links: string[];
  accountIds: string[];
  reportedBy: string;
  reportedAt: string;
  state: ImageIssueState;
  stateLabel: string;
  timeline: Array<{ at: string; by: string; what: string }>;
  acknowledged?: { by: string; at: string; note?: string; superior?: { name: string; email: string } };
  superiorAcknowledged?: { by: string; at: string };
}

export type ImageIssueDetail = ImageIssueView & { live?: ImageIssueStatus };

const STATE_LABELS: Record<ImageIssueState, string> = { open: 'Pendiente de acuse', done: 'Atendido' };
const NEWEST_FIRST = newestFirst('image_issues', 'reportedAt');
const iso = (d: Date | string) => new Date(d).toISOString();
const invalid = (errors: RuleViolation[]) => new Refusal('validation_failed', `Datos no válidos (${IMAGE_ISSUE_RULE}).`, errors);

// FerretDB drops empty arrays: an absent list is an empty one.
const toView = (r: ImageIssueDoc): ImageIssueView => ({
  id: r._id,
  entityId: r.entityId,
  workflowId: r.workflowId,
  subject: r.subject,
  description: r.description,
  links: [...(r.links ?? [])],
  accountIds: [...(r.accountIds ?? [])],
  reportedBy: r.reportedBy,
  reportedAt: iso(r.reportedAt),
  state: r.state,
  stateLabel: r.state === 'open' && r.acknowledged?.by ? 'Elevado, pendiente de acuse' : STATE_LABELS[r.state],
  timeline: (r.timeline ?? []).map((e) => ({ at: iso(e.at), by: e.by, what: e.what })),
  ...(r.acknowledged?.by
    ? {
        acknowledged: {
          by: r.acknowledged.by,
          at: iso(r.acknowledged.at),
          ...(r.acknowledged.note ? { note: r.acknowledged.note } : {}),
          ...(r.acknowledged.superiorEmail ? { superior: { name: r.acknowledged.superiorName ?? r.acknowledged.superiorEmail, email: r.acknowledged.superiorEmail } } : {}),
        },
      }
    : {}),
  ...(r.superiorAcknowledged?.by ? { superiorAcknowledged: { by: r.superiorAcknowledged.by, at: iso(r.superiorAcknowledged.at) } } : {}),
});

/**
 * Matters that can affect the institution's image (issue 17 §4; PCM 6.2.2.14): the CM or the head
 * reports one and its process (workflows/imageIssue.ts) asks the head, and whoever the head raises it
 * to, to acknowledge it. The API writes only the report.
 */
export function imageIssuesService(deps: ImageIssuesDeps) {
  const issues = imageIssueModel(deps.db);
  const accounts = accountModel(deps.db);

  return {
    /** `POST /api/entities/:id/image-issues`. The same `idempotencyKey` answers with the matter it reported. */
    async report(entityId: string, body: unknown, caller: Caller, idempotencyKey?: string): Promise<ImageIssueView> {
      const entity = await guardedEntity(deps.registry, entityId, caller, 'account.manage');
      const checked = validate(imageIssueReportSchema, body, IMAGE_ISSUE_RULE);
      if (!checked.ok) throw invalid(checked.errors);
      const report = checked.value;
      const accountIds = [...new Set(report.accountIds)];
      const known = await accounts.find({ _id: trusted({ $in: accountIds }), entityId: entity._id, status: trusted({ $in: LIVE_STATUSES }) }).lean();
      if (known.length !== accountIds.length) throw invalid([{ field: 'accountIds', rule: IMAGE_ISSUE_RULE, message: 'Marque solo cuentas en servicio de esta entidad.' }]);

      const issueId = rowIdFor(idempotencyKey, entity._id, 'asunto');
      const before = await issues.findById(issueId).lean();
      if (before) return toView(before);
      const reportedBy = principalLabel(caller.principal);
      const reportedAt = new Date();
      const workflowId = imageIssueWorkflowId(entity._id, issueId);
      const row: ImageIssueDoc = {
        _id: issueId, entityId: entity._id, workflowId, subject: report.subject, description: report.description, links: [...new Set(report.links)], accountIds,
        reportedBy, reportedAt, state: 'open', timeline: [],
      };
      await issues.create(row);
      try {
        await deps.processes.startImageIssue({ issueId, entityId: entity._id, reportedBy, reportedAt: reportedAt.toISOString() });
      } catch (err) {
        // Nothing half-stored: a matter nobody's process follows would wait for an acknowledgement forever.
        await issues.deleteOne({ _id: issueId });
        throw err;
      }
      await deps.audit.recordBy(caller, {
        action: 'image-issue.reported', entityId: entity._id, workflowId, subject: report.subject,
        detail: `Asunto que puede afectar la imagen institucional (${IMAGE_ISSUE_RULE}), informado al/la titular`,
      });
      return toView(row);
    },

    /** `GET /api/entities/:id/image-issues`: newest first, a page at a time. */
    async list(entityId: string, q: PageQuery, caller: Caller, counted = false): Promise<Page<ImageIssueView> & { counts?: PageCounts }> {
      const entity = await guardedEntity(deps.registry, entityId, caller, 'account.read');
      const filter = { entityId: entity._id };
      const page = await pageOf(issues, filter, NEWEST_FIRST, q);
      return { ...page, rows: page.rows.map(toView), ...(counted ? { counts: await countOf(issues, filter, NEWEST_FIRST, q.cursor) } : {}) };
    },

    /** `GET /api/entities/:id/image-issues/:issueId`: the row, and while it is open, its live process. */
    async get(entityId: string, issueId: string, caller: Caller): Promise<ImageIssueDetail> {
      const entity = await guardedEntity(deps.registry, entityId, caller, 'account.read');
      const row = /^[0-9a-f]{24}$/.test(String(issueId)) ? await issues.findOne({ _id: String(issueId), entityId: entity._id }).lean() : null;
      if (!row) throw new Refusal('not_found', 'No existe ese asunto en esta entidad.');
      const view = toView(row);
      if (row.state !== 'open') return view;
      const live = await deps.processes.imageIssueStatus(row.entityId, row._id);
      return live ? { ...view, live: asReadBy(caller.principal, { id: entity._id, profile: entity.profile }, live) } : view;
    },
  };
}

export type ImageIssuesService = ReturnType<typeof imageIssuesService>;
