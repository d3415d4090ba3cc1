import { createHash, randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { principalLabel, type Permission } from '../../domain/access';
import { limaDate } from '../../domain/businessDays';
import { METRIC_NETWORKS, type ExportKind, type MetricNetwork, type PlatformExport, type PostMetrics } from '../../domain/metrics';
import { NETWORK_LABELS } from '../../domain/networks';
import { frequencyWindow, monthlyFrequency, type FrequencyMonth } from '../../domain/postingFrequency';
import { Refusal } from '../../domain/refusal';
import { trusted } from '../../infra/db';
import type { Logger } from '../../infra/logger';
import type { AccountDoc } from '../../infra/models/account';
import { metricsImportModel, type MetricsImportDoc } from '../../infra/models/metricsImport';
import { ExportUnreadable, readPlatformExport } from '../../infra/platformExports';
import type { AuditTrail, Caller } from '../../registry/audit';
import { postMetrics, type StoredExport } from '../../registry/postMetrics';
import type { Registry } from '../../registry/reads';
import { guardedAccount } from '../../registry/guards';

export interface PostMetricsImportDeps {
  db: Connection;
  registry: Registry;
  audit: AuditTrail;
  log: Logger;
  /** Told after each confirmed import (the quarterly report's process waits for data); best-effort: the import is stored already. */
  afterImport?: (entityId: string, accountId: string) => Promise<void>;
}

/** Which export a file is, as the preview names it. */
export const EXPORT_KIND_LABELS: Record<ExportKind, string> = {
  'meta-posts': 'Meta Business Suite (Facebook/Instagram)',
  'x-content': 'X Analytics, exportación de contenido',
  'x-tweet-activity': 'X Analytics, actividad de tweets (formato anterior)',
  'tiktok-content': 'TikTok Studio (Content.csv)',
  'youtube-content': 'YouTube Studio (tabla de contenido)',
  'custodio-template': 'Plantilla de métricas de Custodio',
};

const LANGUAGE_LABELS: Record<PlatformExport['language'], string> = { es: 'en español', en: 'en inglés' };

/** How many posts a preview shows; the rest are counted. */
export const PREVIEW_ROWS = 20;
/** How many imports the account page lists. */
const RECENT_IMPORTS = 5;

export interface MetricsPreview {
  importId: string;
  entityId: string;
  accountId: string;
  fileName: string;
  kind: ExportKind;
  language: PlatformExport['language'];
  /** «Meta Business Suite (Facebook/Instagram), en español». */
  source: string;
  /** `YYYY-MM-DD`: the day the figures are as of (the upload day when the file does not say). */
  exportedOn: string;
  /** `YYYY-MM-DD`: the day this file first came for this account. */
  uploadedOn: string;
  postCount: number;
  firstPublishedAt?: string;
  lastPublishedAt?: string;
  networks: MetricNetwork[];
  /** The first posts of the file, as read. */
  sample: PostMetrics[];
  skipped: PlatformExport['skipped'];
  /** Readings Custodio already has (the same file again): confirming does not count them twice. */
  known: number;
  /** Why nothing of the file can be imported into this account, when that is so. */
  problem?: string;
  importable: boolean;
  confirmedAt?: string;
  /** Once confirmed: what the first confirmation stored. */
  result?: StoredExport;
}

/** One confirmed import, as the account page lists it. */
export interface ImportSummary {
  importId: string;
  fileName: string;
  source: string;
  confirmedAt: string;
  postCount: number;
  added: number;
  firstPublishedAt?: string;
  lastPublishedAt?: string;
}

const fileRefusal = (message: string) => new Refusal('validation_failed', message, [{ field: 'archivo', rule: 'PCM 6.3.2', message }]);
const GONE = 'Esa vista previa ya no existe (se guarda un día): vuelva a subir el archivo.';
const isMetricNetwork = (n: string): n is MetricNetwork => (METRIC_NETWORKS as readonly string[]).includes(n);

const labelsOf = (networks: readonly MetricNetwork[]) => networks.map((n) => NETWORK_LABELS[n]).join(' y ');

/** What keeps a file out of this account: posts of another network (a Facebook export is not an X account's), or none at all. */
function problemOf(doc: MetricsImportDoc, account: AccountDoc): string | undefined {
  if (!doc.postCount) return 'El archivo no trae publicaciones: no hay nada que importar.';
  const others = doc.networks.filter((n) => n !== account.network);
  if (!others.length) return undefined;
  const mine = NETWORK_LABELS[account.network];
  if (doc.networks.length > 1) return `El archivo mezcla publicaciones de ${labelsOf(doc.networks)}; esta cuenta es de ${mine}: suba a cada cuenta un archivo solo con las suyas. No se importará nada de este archivo.`;
  return `El archivo trae publicaciones de ${labelsOf(others)} y esta cuenta es de ${mine}: súbalo en la página de la cuenta de ${labelsOf(others)}. No se importará nada de este archivo.`;
}

/**
 * An account's metrics from the file its platform exports (issue 16 §1; PCM 6.3.2): read → previewed →
 * confirmed, as the inventory is. The file is read whole or refused with the line and column to fix;
 * a file whose posts are of another network imports nothing. Figures are lifetime readings
 * (registry/postMetrics.ts): the same file again stores nothing new, a later export supersedes.
 */
export function postMetricsImportService(deps: PostMetricsImportDeps) {
  const imports = metricsImportModel(deps.db);
  const store = postMetrics(deps.db);

  const guarded = (accountId: string, caller: Caller, permission: Permission) =>
    guardedAccount(deps, accountId, caller, permission, permission === 'account.manage' ? 'No tiene permiso para subir métricas de esta cuenta.' : 'No tiene permiso para ver esta cuenta.');

  const fileOf = (doc: MetricsImportDoc): PlatformExport => ({ kind: doc.kind, language: doc.language, exportedOn: doc.exportedOn, posts: doc.posts ?? [], skipped: doc.skipped });

  async function previewOf(doc: MetricsImportDoc, account: AccountDoc): Promise<MetricsPreview> {
    const problem = problemOf(doc, account);
    return {
      importId: doc._id, entityId: doc.entityId, accountId: doc.accountId, fileName: doc.fileName,
      kind: doc.kind, language: doc.language, source: `${EXPORT_KIND_LABELS[doc.kind]}, ${LANGUAGE_LABELS[doc.language]}`,
      exportedOn: doc.exportedOn, uploadedOn: doc.uploadedOn, postCount: doc.postCount,
      ...(doc.firstPublishedAt ? { firstPublishedAt: doc.firstPublishedAt.toISOString() } : {}),
      ...(doc.lastPublishedAt ? { lastPublishedAt: doc.lastPublishedAt.toISOString() } : {}),
      networks: doc.networks, sample: (doc.posts ?? []).slice(0, PREVIEW_ROWS), skipped: doc.skipped,
      known: doc.result ? doc.postCount : await store.known(doc.accountId, fileOf(doc)),
      ...(problem ? { problem } : {}),
      importable: !problem,
      ...(doc.confirmedAt ? { confirmedAt: doc.confirmedAt.toISOString() } : {}),
      ...(doc.result ? { result: { added: doc.result.added, unchanged: doc.result.unchanged } } : {}),
    };
  }

  async function importOf(accountId: string, importId: string, caller: Caller) {
    const { account, entity } = await guarded(accountId, caller, 'account.manage');
    const doc = await imports.findOne({ _id: String(importId), accountId: account._id }).lean();
    if (!doc) throw new Refusal('not_found', GONE);
    return { account, entity, doc };
  }

  return {
    guarded,

    /** Reads an uploaded export and keeps its preview; a file this account had before is read as of the day it first came. */
    async read(accountId: string, file: { buffer: Buffer; originalname: string } | undefined, caller: Caller, now = new Date()): Promise<MetricsPreview> {
      const { account, entity } = await guarded(accountId, caller, 'account.manage');
      if (!file?.buffer.length) throw fileRefusal('Adjunte el archivo que exportó la red (.csv o .zip) o la plantilla de Custodio.');
      const sha256 = createHash('sha256').update(file.buffer).digest('hex');
      // The platforms' files do not say the day their figures are as of, so it is the upload day; the
      // same bytes again keep their first day, so they are the same readings and change nothing.
      const before = await imports.findOne({ accountId: account._id, sha256 }, { uploadedOn: 1 }).sort({ readAt: 1 }).lean();
      const uploadedOn = before?.uploadedOn ?? limaDate(now);
      let read: PlatformExport;
      try {
        read = await readPlatformExport(file.buffer, { uploadedOn });
      } catch (err) {
        if (err instanceof ExportUnreadable) throw fileRefusal(err.message);
        throw err;
      }
      const times = read.posts.map((p) => Date.parse(p.publishedAt)).sort((a, b) => a - b);
      const doc: MetricsImportDoc = {
        _id: randomUUID(), entityId: entity._id, accountId: account._id, fileName: file.originalname.slice(0, 200) || 'exportacion',
        sha256, uploadedOn, kind: read.kind, language: read.language, exportedOn: read.exportedOn, posts: read.posts, skipped: read.skipped,
        postCount: read.posts.length, networks: [...new Set(read.posts.map((p) => p.network))],
        ...(times.length ? { firstPublishedAt: new Date(times[0]!), lastPublishedAt: new Date(times.at(-1)!) } : {}),
        readBy: principalLabel(caller.principal), readAt: now,
      };
      await imports.create(doc);
      return previewOf(doc, account);
    },

    async preview(accountId: string, importId: string, caller: Caller): Promise<MetricsPreview> {
      const { account, doc } = await importOf(accountId, importId, caller);
      return previewOf(doc, account);
    },

    /**
     * Stores the preview's posts. Nothing of a file with another network's posts; confirming again (a
     * double click, a retry) stores nothing more. `afterImport` is told after each confirmation.
     */
    async confirm(accountId: string, importId: string, caller: Caller): Promise<StoredExport> {
      const { account, entity, doc } = await importOf(accountId, importId, caller);
      const problem = problemOf(doc, account);
      if (problem) throw fileRefusal(problem);
      const stored = doc.posts ? await store.store({ entityId: entity._id, accountId: account._id }, fileOf(doc)) : { added: 0, unchanged: doc.postCount };
      if (!doc.result) {
        await imports.updateOne({ _id: doc._id }, { $set: { confirmedAt: new Date(), result: stored } });
        await deps.audit.recordBy(caller, {
          action: 'metrics.imported', entityId: entity._id, accountId: account._id,
          detail: `${doc.fileName} (${EXPORT_KIND_LABELS[doc.kind]}, cifras al ${doc.exportedOn}): ${stored.added} nuevas, ${stored.unchanged} ya registradas`,
        });
      }
      try {
        await deps.afterImport?.(entity._id, account._id);
      } catch (err) {
        deps.log.warn({ err, accountId: account._id }, 'after-import notice failed; the import is stored');
      }
      return stored;
    },

    /**
     * What the account page shows (issue 16 §4): PCM 6.2.2.4 for each month, from the newest reading of
     * each stored post (none for a network the directive does not measure), and the last confirmed imports.
     */
    async overview(accountId: string, caller: Caller, months: string[], now = new Date()): Promise<{ months: FrequencyMonth[]; imports: ImportSummary[] }> {
      const { account } = await guarded(accountId, caller, 'account.read');
      const network = account.network;
      const judged = isMetricNetwork(network)
        ? await Promise.all(
            months.map(async (month) => {
              const { from, to } = frequencyWindow(network, month);
              const posts = await store.latest(account._id, from, to);
              return monthlyFrequency(network, posts.filter((p) => p.network === network).map((p) => p.publishedAt.toISOString()), month, now);
            }),
          )
        : [];
      const docs = await imports.find({ accountId: account._id, confirmedAt: trusted({ $exists: true }) }, { posts: 0 }).sort({ readAt: -1 }).limit(RECENT_IMPORTS).lean();
      return {
        months: judged,
        imports: docs.map((d) => ({
          importId: d._id, fileName: d.fileName, source: EXPORT_KIND_LABELS[d.kind], confirmedAt: d.confirmedAt!.toISOString(), postCount: d.postCount, added: d.result?.added ?? 0,
          ...(d.firstPublishedAt ? { firstPublishedAt: d.firstPublishedAt.toISOString() } : {}),
          ...(d.lastPublishedAt ? { lastPublishedAt: d.lastPublishedAt.toISOString() } : {}),
        })),
      };
    },
  };
}

export type PostMetricsImportService = ReturnType<typeof postMetricsImportService>;
