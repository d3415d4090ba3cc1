import type { Connection } from 'mongoose';
import { can, type Permission } from '../../domain/access';
import type { QuarterlyReport } from '../../domain/anexo3';
import { NETWORK_LABELS } from '../../domain/networks';
import { previousQuarter, quarterLabel, quarterOf } from '../../domain/quarters';
import { reportDueDay, reportsToSupervisor } from '../../domain/reporting';
import { Refusal } from '../../domain/refusal';
import { reviewMonthOf } from '../../domain/roleReview';
import type { RuleViolation } from '../../domain/validation';
import { isQuarter, quarterlyReportWorkflowId, type QuarterlyReportStatus } from '../../contracts/quarterlyReport';
import type { Processes } from '../../contracts/processes';
import { anexo3Filename, renderAnexo3Pdf, renderAnexo3Xlsx } from '../../infra/documents/anexo3';
import { trusted } from '../../infra/db';
import { accountModel, LIVE_STATUSES } from '../../infra/models/account';
import type { EntityDoc } from '../../infra/models/entity';
import type { FollowerCount, QuarterlyReportDoc } from '../../infra/models/quarterlyReport';
import type { AuditTrail, Caller } from '../../registry/audit';
import { accountLabel, quarterlyReports } from '../../registry/quarterlyReports';
import type { Registry } from '../../registry/reads';
import { guardedEntity } from '../../registry/guards';
import { isMetricNetwork } from '../../domain/metrics';

export interface QuarterlyReportsDeps {
  db: Connection;
  registry: Registry;
  audit: AuditTrail;
  processes: Processes;
  now?: () => Date;
}

/** A report's row as lists show it. */
export interface QuarterlyReportRow {
  quarter: string;
  label: string;
  state: QuarterlyReportDoc['state'];
  dueAt: string;
  /** The last day to send it, `YYYY-MM-DD` (Lima). */
  dueOn: string;
  sentAt?: string;
  acknowledgedAt?: string;
  drafts: number;
  /** Due and not sent yet. */
  late: boolean;
}

/** What a report's page shows. */
export interface QuarterlyReportPage extends QuarterlyReportRow {
  entity: { id: string; name: string };
  live?: QuarterlyReportStatus;
  draft?: QuarterlyReport;
  draftedAt?: string;
  /** The accounts the report covers: whether an export covers the quarter, and the follower counts people type (no export has them). */
  followers: Array<{ accountId: string; label: string; covered: boolean; start?: number; end?: number }>;
  /** Head and CM, until the report has gone to SCS. */
  mayEdit: boolean;
}

/** How many past quarters a report can still be started for by hand. */
const STARTABLE_BACK = 4;
const MAX_FOLLOWERS = 1_000_000_000;

const rowOf = (r: QuarterlyReportDoc, now: Date): QuarterlyReportRow => ({
  quarter: r.quarter,
  label: quarterLabel(r.quarter),
  state: r.state,
  dueAt: r.dueAt.toISOString(),
  dueOn: reportDueDay(r.dueAt),
  ...(r.sentAt ? { sentAt: r.sentAt.toISOString() } : {}),
  ...(r.acknowledgedAt ? { acknowledgedAt: r.acknowledgedAt.toISOString() } : {}),
  drafts: r.drafts ?? 0,
  late: !r.sentAt && r.state !== 'rejected' && r.dueAt.getTime() <= now.getTime(),
});

/** The quarterly reports as the API and pages use them (PCM 6.3.2): rows, the draft, follower counts, a start on demand. */
export function quarterlyReportsService(deps: QuarterlyReportsDeps) {
  const reports = quarterlyReports(deps.db);
  const clock = deps.now ?? (() => new Date());

  const guarded = (entityId: string, caller: Caller, permission: Permission) => guardedEntity(deps.registry, entityId, caller, permission);

  function quarterOrRefuse(quarter: unknown): string {
    if (typeof quarter === 'string' && isQuarter(quarter)) return quarter;
    throw new Refusal('validation_failed', 'Trimestre no válido: use la forma 2026-Q3 (PCM 6.3.2).', [{ field: 'quarter', rule: 'PCM 6.3.2', message: 'Use la forma 2026-Q3.' }]);
  }

  async function rowOrRefuse(entity: EntityDoc, quarter: string): Promise<QuarterlyReportDoc> {
    const row = await reports.get(entity._id, quarter);
    if (!row) throw new Refusal('not_found', `No hay informe del ${quarterLabel(quarter)} para ${entity.name}.`);
    return row;
  }

  /** The quarters a report may be started for now: the current one and the four before it. */
  function startable(now: Date): string[] {
    const out = [quarterOf(reviewMonthOf(now))];
    while (out.length <= STARTABLE_BACK) out.push(previousQuarter(out.at(-1)!));
    return out;
  }

  return {
    startable: () => startable(clock()),

    async list(entityId: string, caller: Caller): Promise<{ entity: { id: string; name: string }; reports: QuarterlyReportRow[]; mayStart: boolean; applies: boolean; startable: Array<{ quarter: string; label: string }> }> {
      const entity = await guarded(entityId, caller, 'account.read');
      const now = clock();
      return {
        entity: { id: entity._id, name: entity.name },
        reports: (await reports.list(entity._id)).map((r) => rowOf(r, now)),
        mayStart: can(caller.principal, 'account.manage', { id: entity._id, profile: entity.profile }),
        applies: reportsToSupervisor(entity.profile),
        startable: startable(now).map((q) => ({ quarter: q, label: quarterLabel(q) })),
      };
    },

    async page(entityId: string, quarter: unknown, caller: Caller): Promise<QuarterlyReportPage> {
      const entity = await guarded(entityId, caller, 'account.read');
      const q = quarterOrRefuse(quarter);
      const row = await rowOrRefuse(entity, q);
      const live = row.state === 'acknowledged' || row.state === 'rejected' ? undefined : await deps.processes.quarterlyReportStatus(entity._id, q);
      const typed = new Map((row.followers ?? []).map((f) => [f.accountId, f]));
      const accounts = await accountModel(deps.db).find({ entityId: entity._id, status: trusted({ $in: LIVE_STATUSES }) }).sort({ network: 1, username: 1 }).lean();
      const missing = new Set((await reports.missingExports(entity._id, q)).map((m) => m.accountId));
      return {
        ...rowOf(row, clock()),
        entity: { id: entity._id, name: entity.name },
        ...(live ? { live } : {}),
        ...(row.draft ? { draft: row.draft as QuarterlyReport } : {}),
        ...(row.draftedAt ? { draftedAt: row.draftedAt.toISOString() } : {}),
        followers: accounts.filter((a) => isMetricNetwork(a.network)).map((a) => {
          const f = typed.get(a._id);
          return { accountId: a._id, label: `${NETWORK_LABELS[a.network]} ${accountLabel(a)}`, covered: !missing.has(a._id), ...(f?.start !== undefined ? { start: f.start } : {}), ...(f?.end !== undefined ? { end: f.end } : {}) };
        }),
        mayEdit: can(caller.principal, 'account.manage', { id: entity._id, profile: entity.profile }) && !row.sentAt && row.state !== 'rejected',
      };
    },

    /** Starts the quarter's report now (its calendar would open it 5 business days before the close). Idempotent per quarter. */
    async start(entityId: string, quarter: unknown, caller: Caller): Promise<{ entityId: string; quarter: string; workflowId: string; started: boolean }> {
      const entity = await guarded(entityId, caller, 'account.manage');
      const q = quarterOrRefuse(quarter);
      if (!reportsToSupervisor(entity.profile)) throw new Refusal('conflict', 'El informe trimestral a la SCS es del Poder Ejecutivo (PCM 2, 6.3.2); esta entidad no lo presenta.', [{ field: 'quarter', rule: 'PCM 2', message: 'Esta entidad no presenta informe trimestral a la SCS.' }]);
      if (!startable(clock()).includes(q)) {
        throw new Refusal('validation_failed', 'Solo puede iniciarse el informe del trimestre en curso o de uno de los cuatro anteriores.', [{ field: 'quarter', rule: 'PCM 6.3.2', message: 'Elija el trimestre en curso o uno de los cuatro anteriores.' }]);
      }
      const workflowId = quarterlyReportWorkflowId(entity._id, q);
      await deps.processes.startReportingSchedulers([entity._id]);
      const started = await deps.processes.startQuarterlyReport(entity._id, q);
      if (started) await deps.audit.recordBy(caller, { action: 'quarterlyReport.started', entityId: entity._id, workflowId, detail: `Informe trimestral del ${quarterLabel(q)} (PCM 6.3.2)` });
      return { entityId: entity._id, quarter: q, workflowId, started };
    },

    /** Whether the quarter's row exists, waiting up to `ms` for a report just started (its process writes the row). */
    async opened(entityId: string, quarter: string, ms: number): Promise<boolean> {
      for (const until = Date.now() + ms; ; await new Promise((r) => setTimeout(r, 200))) {
        if (await reports.get(entityId, quarter)) return true;
        if (Date.now() >= until) return false;
      }
    },

    /**
     * Follower counts at the quarter's start and end, typed by hand (no post export carries them; PCM
     * 6.3.2 asks for user growth). Until the report goes to SCS; the next draft uses them.
     */
    async setFollowers(entityId: string, quarter: unknown, body: unknown, caller: Caller): Promise<FollowerCount[]> {
      const entity = await guarded(entityId, caller, 'account.manage');
      const q = quarterOrRefuse(quarter);
      const row = await rowOrRefuse(entity, q);
      if (row.sentAt || row.state === 'rejected') throw new Refusal('conflict', 'Este informe ya se cerró: sus cifras no cambian.');
      const accounts = new Set((await accountModel(deps.db).find({ entityId: entity._id }, { _id: 1 }).lean()).map((a) => a._id));
      const list = Array.isArray((body as { followers?: unknown })?.followers) ? ((body as { followers: unknown[] }).followers) : undefined;
      if (!list) throw new Refusal('validation_failed', 'Envíe `followers`: una lista de cuentas con sus seguidores.', [{ field: 'followers', rule: 'PCM 6.3.2', message: 'Falta la lista de seguidores.' }]);
      const violations: RuleViolation[] = [];
      const counts: FollowerCount[] = [];
      list.forEach((item, i) => {
        const f = (item ?? {}) as Record<string, unknown>;
        const accountId = String(f.accountId ?? '');
        if (!accounts.has(accountId)) violations.push({ field: `followers.${i}.accountId`, rule: 'PCM 6.3.2', message: 'Esa cuenta no es de la entidad.' });
        const count: FollowerCount = { accountId };
        for (const k of ['start', 'end'] as const) {
          const v = f[k];
          if (v === undefined || v === null || v === '') continue;
          // «12.500», «12,500» and «12 500» are twelve thousand five hundred; «10.5» is no count of people.
          const typed = String(v).trim();
          const n = typeof v === 'number' ? v : /^\d{1,3}([.,\s]\d{3})+$|^\d+$/.test(typed) ? Number(typed.replace(/[\s.,]/g, '')) : NaN;
          if (!Number.isInteger(n) || n < 0 || n > MAX_FOLLOWERS) violations.push({ field: `followers.${i}.${k}`, rule: 'PCM 6.3.2', message: 'Escriba un número entero de seguidores, sin decimales.' });
          else count[k] = n;
        }
        counts.push(count);
      });
      if (violations.length) throw new Refusal('validation_failed', 'Revise los seguidores indicados.', violations);
      await reports.setFollowers(entity._id, q, counts);
      await deps.audit.recordBy(caller, { action: 'quarterlyReport.followers', entityId: entity._id, workflowId: row.workflowId, detail: `Seguidores del ${quarterLabel(q)}` });
      return counts;
    },

    /** The latest draft as the Anexo 3 PDF or XLSX (what the head approved, once approved). */
    async document(entityId: string, quarter: unknown, format: 'pdf' | 'xlsx', caller: Caller): Promise<{ filename: string; content: Buffer }> {
      const entity = await guarded(entityId, caller, 'account.read');
      const q = quarterOrRefuse(quarter);
      const row = await rowOrRefuse(entity, q);
      if (!row.draft) throw new Refusal('not_found', 'Este informe aún no tiene borrador: se redacta cuando están las exportaciones del trimestre.');
      const report = row.draft as QuarterlyReport;
      return { filename: anexo3Filename(report, format), content: format === 'pdf' ? await renderAnexo3Pdf(report) : await renderAnexo3Xlsx(report) };
    },
  };
}

export type QuarterlyReportsService = ReturnType<typeof quarterlyReportsService>;
