/**
 * The posts' figures kept from every export (issue 16 §1; PCM 6.3.2): stored as readings, read as the
 * newest reading of each post. Figures are lifetime totals, so a later export supersedes an earlier one
 * and nothing is ever added up across exports.
 */
import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { PlatformExport, PostMetrics } from '../domain/metrics';
import { insertOnce, trusted } from '../infra/db';
import { postMetricModel, type PostMetricDoc } from '../infra/models/postMetric';

/** What storing an export did: readings new to Custodio, and readings it already had (the same file again). */
export interface StoredExport {
  added: number;
  unchanged: number;
}

const FIGURES = ['reach', 'impressions', 'views', 'interactions', 'likes', 'comments', 'shares', 'saves', 'averageWatchSeconds', 'durationSeconds'] as const;

/** The reading's id: the same post, day and figures are the same reading, whoever imports it and when. */
function readingId(accountId: string, post: PostMetrics, exportedOn: string): string {
  const figures = FIGURES.map((f) => post[f] ?? '').join(',');
  const digest = createHash('sha256').update(`${post.publishedAt}|${figures}`).digest('hex').slice(0, 16);
  return `${accountId}|${post.network}|${post.postId}|${exportedOn}|${digest}`;
}

export function postMetrics(db: Connection) {
  const readings = postMetricModel(db);
  return {
    /**
     * Keeps every post of one account's export. Idempotent: a retry after a failure half-way inserts
     * the rest, and the same file again inserts nothing.
     */
    async store(target: { entityId: string; accountId: string }, file: PlatformExport, at = new Date()): Promise<StoredExport> {
      let added = 0;
      for (const post of file.posts) {
        const { publishedAt, ...figures } = post;
        const row = { _id: readingId(target.accountId, post, file.exportedOn), ...target, ...figures, publishedAt: new Date(publishedAt), exportedOn: file.exportedOn, importedAt: at };
        if (await insertOnce(readings, row)) added++;
      }
      return { added, unchanged: file.posts.length - added };
    },

    /** How many of the export's readings Custodio already has: all of them for a file imported before. */
    async known(accountId: string, file: PlatformExport): Promise<number> {
      const ids = file.posts.map((post) => readingId(accountId, post, file.exportedOn));
      return ids.length ? readings.countDocuments({ _id: trusted({ $in: ids }) }) : 0;
    },

    /**
     * Each post of the account published in [from, to) as its newest reading says (latest export day,
     * then latest import). A figure the newest reading lacks — a column that export does not have, or a
     * template row that fills only the missing figure by hand — is taken from the newest reading that
     * has it: a lifetime total never goes back to «no disponible» because a later file lacks its column.
     */
    async latest(accountId: string, from: Date, to: Date): Promise<Array<Omit<PostMetricDoc, '_id'>>> {
      const rows = await readings.find({ accountId, publishedAt: trusted({ $gte: from, $lt: to }) }, { _id: 0 }).lean();
      rows.sort((a, b) => a.exportedOn.localeCompare(b.exportedOn) || a.importedAt.getTime() - b.importedAt.getTime());
      const newest = new Map<string, Omit<PostMetricDoc, '_id'>>();
      for (const r of rows) {
        const key = `${r.network}|${r.postId}`;
        const defined = Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined && v !== null));
        newest.set(key, { ...newest.get(key), ...defined } as Omit<PostMetricDoc, '_id'>);
      }
      return [...newest.values()].sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
    },
  };
}
