import type { Connection } from 'mongoose';
import { asReadBy, principalLabel } from '../../domain/access';
import { INCIDENT_CHECKLIST, INCIDENT_CHECKLIST_LABELS, INCIDENT_KIND_LABELS, INCIDENT_RULE, incidentReportSchema, noticedInFuture, type IncidentKind } from '../../domain/incident';
import { Refusal } from '../../domain/refusal';
import { validate, type RuleViolation } from '../../domain/validation';
import type { Page, PageCounts, PageQuery } from '../../domain/paging';
import { incidentWorkflowId, type IncidentStatus } from '../../contracts/incident';
import type { Processes } from '../../contracts/processes';
import { trusted } from '../../infra/db';
import { accountModel, LIVE_STATUSES } from '../../infra/models/account';
import { incidentModel, type IncidentDoc, type IncidentState } from '../../infra/models/incident';
import type { AuditTrail, Caller } from '../../registry/audit';
import { guardedEntity } from '../../registry/guards';
import { countOf, newestFirst, pageOf } from '../../registry/paging';
import type { Registry } from '../../registry/reads';
import { rowIdFor } from '../idempotency';

export interface IncidentsDeps {
  db: Connection;
  registry: Registry;
  audit: AuditTrail;
  processes: Processes;
}

/** An incident as the registry keeps it (PCM 6.1.1.7): the report, its timeline, the checklist, the closing report. */
export interface IncidentView {
  id: string;
  entityId: string;
  workflowId: string;
  kind: IncidentKind;
  kindLabel: string;
  accountIds: string[];
  description: string;
  noticedAt: string;
  reportedBy: string;
  reportedAt: string;
  state: IncidentState;
  stateLabel: string;
  timeline: Array<{ at: string; by: string; what: string }>;
  checklist: Array<{ item: string; label: string; by?: string; at?: string }>;
  closing?: { report: string; by: string; at: string };
}

/** One incident with its live process while it is open: whom each open step waits for. */
export type IncidentDetail = IncidentView & { live?: IncidentStatus };

const STATE_LABELS: Record<IncidentState, string> = { open: 'En atención', closed: 'Cerrado' };
const NEWEST_FIRST = newestFirst('incidents', 'reportedAt');
const iso = (d: Date | string) => new Date(d).toISOString();
const invalid = (errors: RuleViolation[]) => new Refusal('validation_failed', `Datos no válidos (${INCIDENT_RULE}).`, errors);

// FerretDB drops empty arrays: an absent list is an empty one.
const toView = (r: IncidentDoc): IncidentView => ({
  id: r._id,
  entityId: r.entityId,
  workflowId: r.workflowId,
  kind: r.kind,
  kindLabel: INCIDENT_KIND_LABELS[r.kind],
  accountIds: [...(r.accountIds ?? [])],
  description: r.description,
  noticedAt: iso(r.noticedAt),
  reportedBy: r.reportedBy,
  reportedAt: iso(r.reportedAt),
  state: r.state,
  stateLabel: STATE_LABELS[r.state],
  timeline: (r.timeline ?? []).map((e) => ({ at: iso(e.at), by: e.by, what: e.what })),
  checklist: INCIDENT_CHECKLIST.map((item) => {
    const done = (r.checklist ?? []).find((c) => c.item === item);
    return { item, label: INCIDENT_CHECKLIST_LABELS[item], ...(done ? { by: done.by, at: iso(done.at) } : {}) };
  }),
  ...(r.closing?.report ? { closing: { report: r.closing.report, by: r.closing.by, at: iso(r.closing.at) } } : {}),
});

/**
 * Security incidents (issue 17 §4; PCM 6.1.1.7, DU 007-2020): the CM or the head reports one and its
 * process (workflows/incident.ts) takes it from there. The API writes only the report; the row's
 * timeline, checklist and closing report come from the process.
 */
export function incidentsService(deps: IncidentsDeps) {
  const incidents = incidentModel(deps.db);
  const accounts = accountModel(deps.db);

  return {
    /**
     * `POST /api/entities/:id/incidents`: reports an incident (PCM 6.1.1.7). The same `idempotencyKey`
     * (a form's hidden field) answers with the incident it reported: a double click reports one.
     */
    async report(entityId: string, body: unknown, caller: Caller, idempotencyKey?: string): Promise<IncidentView> {
      const entity = await guardedEntity(deps.registry, entityId, caller, 'account.manage');
      const checked = validate(incidentReportSchema, body, INCIDENT_RULE);
      if (!checked.ok) throw invalid(checked.errors);
      const report = checked.value;
      const accountIds = [...new Set(report.accountIds)];
      const known = await accounts.find({ _id: trusted({ $in: accountIds }), entityId: entity._id, status: trusted({ $in: LIVE_STATUSES }) }).lean();
      const problems: RuleViolation[] = [];
      if (known.length !== accountIds.length) problems.push({ field: 'accountIds', rule: INCIDENT_RULE, message: 'Marque solo cuentas en servicio de esta entidad.' });
      if (noticedInFuture(report.noticedAt, new Date())) problems.push({ field: 'noticedAt', rule: INCIDENT_RULE, message: 'La fecha en que se advirtió el incidente no puede ser posterior a ahora.' });
      if (problems.length) throw invalid(problems);

      const incidentId = rowIdFor(idempotencyKey, entity._id, 'incidente');
      const before = await incidents.findById(incidentId).lean();
      if (before) return toView(before);
      const reportedBy = principalLabel(caller.principal);
      const reportedAt = new Date();
      const workflowId = incidentWorkflowId(entity._id, incidentId);
      const row: IncidentDoc = {
        _id: incidentId, entityId: entity._id, workflowId, kind: report.kind, accountIds, description: report.description,
        noticedAt: new Date(report.noticedAt), reportedBy, reportedAt, state: 'open', timeline: [], checklist: [],
      };
      await incidents.create(row);
      try {
        await deps.processes.startIncident({ incidentId, entityId: entity._id, kind: report.kind, accountIds, reportedBy, reportedAt: reportedAt.toISOString() });
      } catch (err) {
        // Nothing half-stored: an incident nobody's process follows would sit open forever.
        await incidents.deleteOne({ _id: incidentId });
        throw err;
      }
      await deps.audit.recordBy(caller, {
        action: 'incident.reported', entityId: entity._id, workflowId, subject: INCIDENT_KIND_LABELS[report.kind],
        detail: `Incidente de seguridad digital (${INCIDENT_RULE}): ${INCIDENT_KIND_LABELS[report.kind].toLowerCase()}; cuentas afectadas: ${known.map((a) => a.username).join(', ') || 'ninguna'}`,
      });
      return toView(row);
    },

    /** `GET /api/entities/:id/incidents`: the entity's incidents, newest first, a page at a time; `counted`, with the counts a page shows. */
    async list(entityId: string, q: PageQuery, caller: Caller, counted = false): Promise<Page<IncidentView> & { counts?: PageCounts }> {
      const entity = await guardedEntity(deps.registry, entityId, caller, 'account.read');
      const filter = { entityId: entity._id };
      const page = await pageOf(incidents, filter, NEWEST_FIRST, q);
      return { ...page, rows: page.rows.map(toView), ...(counted ? { counts: await countOf(incidents, filter, NEWEST_FIRST, q.cursor) } : {}) };
    },

    /** `GET /api/entities/:id/incidents/:incidentId`: the row, and while it is open, its live process. */
    async get(entityId: string, incidentId: string, caller: Caller): Promise<IncidentDetail> {
      const entity = await guardedEntity(deps.registry, entityId, caller, 'account.read');
      const row = /^[0-9a-f]{24}$/.test(String(incidentId)) ? await incidents.findOne({ _id: String(incidentId), entityId: entity._id }).lean() : null;
      if (!row) throw new Refusal('not_found', 'No existe ese incidente en esta entidad.');
      const view = toView(row);
      if (row.state !== 'open') return view;
      const live = await deps.processes.incidentStatus(row.entityId, row._id);
      return live ? { ...view, live: asReadBy(caller.principal, { id: entity._id, profile: entity.profile }, live) } : view;
    },
  };
}

export type IncidentsService = ReturnType<typeof incidentsService>;
