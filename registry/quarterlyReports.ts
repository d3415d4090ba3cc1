/**
 * The quarterly reports' registry rows and the data a draft is made of (PCM 6.3.2, Anexo 3; PCM
 * 6.2.2.4 for the frequency summary). The API and the report's activities both use it.
 */
import type { Connection } from 'mongoose';
import type { QuarterlyReportInput, ReportAccount, ReportPost, FrequencySummary } from '../domain/anexo3';
import { isMetricNetwork, type MetricNetwork } from '../domain/metrics';
import { frequencyWindow, monthlyFrequency } from '../domain/postingFrequency';
import { parseQuarter, quarterBounds, quarterMonths } from '../domain/quarters';
import { REPORT_DUE_DEFAULT_BUSINESS_DAYS, quarterLastDay, quarterlyDue } from '../domain/reporting';
import { peruPublicHolidays } from '../infra/holidays';
import type { EntityDoc } from '../infra/models/entity';
import { insertOnce, trusted } from '../infra/db';
import { accountModel, LIVE_STATUSES, type AccountDoc } from '../infra/models/account';
import { postMetricModel } from '../infra/models/postMetric';
import { quarterlyReportId, quarterlyReportModel, type FollowerCount, type QuarterlyReportDoc, type QuarterlyReportState } from '../infra/models/quarterlyReport';
import { approvedPlan } from './digitalPlans';
import { postMetrics } from './postMetrics';


/** The accounts a report covers: every account of the entity on a network whose exports Custodio reads, not retired. */
async function reportedAccounts(db: Connection, entityId: string): Promise<Array<AccountDoc & { network: MetricNetwork }>> {
  const accounts = await accountModel(db).find({ entityId, status: trusted({ $in: LIVE_STATUSES }) }).sort({ network: 1, username: 1, _id: 1 }).lean();
  return accounts.flatMap((a) => (isMetricNetwork(a.network) ? [{ ...a, network: a.network }] : []));
}

/**
 * When an entity's report of a quarter falls due by its setting now (PCM 6.3.2 names no deadline):
 * the report's process fixes it when it opens; SCS's board uses it for a report nobody opened.
 */
export function reportDueAt(entity: Partial<Pick<EntityDoc, 'reportDueBusinessDays' | 'nonWorkingDays'>>, quarter: string): Date {
  const year = Number(quarter.slice(0, 4));
  const closed = new Set([...peruPublicHolidays([year, year + 1]), ...(entity.nonWorkingDays ?? [])]);
  return quarterlyDue(quarter, entity.reportDueBusinessDays ?? REPORT_DUE_DEFAULT_BUSINESS_DAYS, closed);
}

export const accountLabel = (a: Pick<AccountDoc, 'username'>) => (a.username.startsWith('@') ? a.username : `@${a.username}`);

export function quarterlyReports(db: Connection) {
  const rows = quarterlyReportModel(db);
  const readings = postMetricModel(db);
  const metrics = postMetrics(db);

  return {
    /** Opens the quarter's row once; later calls return the row as it is. */
    async open(input: { entityId: string; quarter: string; workflowId: string; dueAt: Date; at: Date }): Promise<QuarterlyReportDoc> {
      const _id = quarterlyReportId(input.entityId, input.quarter);
      await insertOnce(rows, { _id, entityId: input.entityId, quarter: input.quarter, workflowId: input.workflowId, state: 'waiting-data', openedAt: input.at, dueAt: input.dueAt, drafts: 0 });
      return (await rows.findById(_id).lean())!;
    },

    async get(entityId: string, quarter: string): Promise<QuarterlyReportDoc | null> {
      return rows.findById(quarterlyReportId(entityId, quarter)).lean();
    },

    /** The entity's reports, newest quarter first. */
    async list(entityId: string): Promise<QuarterlyReportDoc[]> {
      return rows.find({ entityId }, { draft: 0 }).sort({ quarter: -1 }).lean();
    },

    /** Every report of these entities for one quarter (SCS's board). */
    async ofQuarter(entityIds: string[], quarter: string): Promise<QuarterlyReportDoc[]> {
      return rows.find({ entityId: trusted({ $in: entityIds }), quarter }, { draft: 0 }).lean();
    },

    /** Only the report's process moves the state; the timestamps say when it was sent and acknowledged. */
    async setState(entityId: string, quarter: string, state: QuarterlyReportState, at: Date): Promise<void> {
      const stamp = state === 'sent' ? { sentAt: at } : state === 'acknowledged' ? { acknowledgedAt: at } : {};
      await rows.updateOne({ _id: quarterlyReportId(entityId, quarter) }, { $set: { state, ...stamp } });
    },

    async saveDraft(entityId: string, quarter: string, draft: unknown, number: number, at: Date): Promise<void> {
      await rows.updateOne({ _id: quarterlyReportId(entityId, quarter) }, { $set: { draft, drafts: number, draftedAt: at, state: 'drafted' } });
    },

    /** Follower counts typed by hand replace the previous ones (the last person to save wins). */
    async setFollowers(entityId: string, quarter: string, followers: FollowerCount[]): Promise<void> {
      await rows.updateOne({ _id: quarterlyReportId(entityId, quarter) }, { $set: { followers } });
    },

    /**
     * Accounts still without an export that covers the quarter: one taken on or after its last day
     * (figures are lifetime totals as of the export day). An account with nothing to import is
     * confirmed by the community manager instead.
     */
    async missingExports(entityId: string, quarter: string): Promise<Array<{ accountId: string; label: string; network: MetricNetwork }>> {
      const lastDay = quarterLastDay(quarter);
      const missing = [];
      for (const a of await reportedAccounts(db, entityId)) {
        const covered = await readings.exists({ accountId: a._id, exportedOn: trusted({ $gte: lastDay }) });
        if (!covered) missing.push({ accountId: a._id, label: accountLabel(a), network: a.network });
      }
      return missing;
    },

    /** Everything a draft is made of, read now (the activity records it in history with the draft). */
    async draftInput(entityId: string, entityName: string, quarter: string, generatedAt: Date): Promise<QuarterlyReportInput> {
      const { from, to } = quarterBounds(quarter);
      const row = await rows.findById(quarterlyReportId(entityId, quarter), { followers: 1 }).lean();
      const followers = new Map((row?.followers ?? []).map((f) => [f.accountId, f]));
      const accounts: ReportAccount[] = [];
      const posts: ReportPost[] = [];
      const frequency: FrequencySummary[] = [];
      for (const a of await reportedAccounts(db, entityId)) {
        const f = followers.get(a._id);
        const counts = f ? { ...(f.start !== undefined ? { start: f.start } : {}), ...(f.end !== undefined ? { end: f.end } : {}) } : undefined;
        accounts.push({ accountId: a._id, network: a.network, name: accountLabel(a), ...(a.url ? { url: a.url } : {}), ...(counts ? { followers: counts } : {}) });
        // Weeks at the quarter's edges are judged whole (domain/postingFrequency.ts): read their days too.
        const months = quarterMonths(quarter);
        const window = { from: frequencyWindow(a.network, months[0]).from, to: frequencyWindow(a.network, months[2]).to };
        const read = (await metrics.latest(a._id, window.from, window.to)).filter((p) => p.network === a.network);
        const mine = read.filter((p) => p.publishedAt.getTime() >= Date.parse(from) && p.publishedAt.getTime() < Date.parse(to));
        for (const p of mine) {
          const { entityId: _e, exportedOn: _x, importedAt: _i, publishedAt, ...figures } = p;
          posts.push({ ...figures, accountId: a._id, publishedAt: publishedAt.toISOString() });
        }
        // Nothing imported is no evidence of not posting: no frequency is judged then.
        const instants = read.map((p) => p.publishedAt.toISOString());
        for (const month of instants.length ? months : []) {
          const m = monthlyFrequency(a.network, instants, month, generatedAt);
          frequency.push({ accountId: a._id, month, published: m.published, compliantPeriods: m.compliantPeriods, totalPeriods: m.totalPeriods, unit: m.unit, belowMinimum: m.belowMinimum, rule: m.rule });
        }
      }
      // PCM 6.2.2.1: the targets of the plan approved for the quarter's year, if there is one.
      const year = parseQuarter(quarter).year;
      const plan = await approvedPlan(db, entityId, year);
      return {
        entityName, quarter, accounts, posts, frequency,
        ...(plan ? { plan: { code: plan.code, year, targets: plan.indicators } } : {}),
        generatedAt: generatedAt.toISOString(),
      };
    },
  };
}

export type QuarterlyReports = ReturnType<typeof quarterlyReports>;
