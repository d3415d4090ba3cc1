/**
 * Post-level metrics as the platforms' own exports give them (issue 16 §1; PCM 6.3.1–6.3.2, Anexo 3).
 * Every figure is a lifetime total as of the export day, so a later export of the same post supersedes
 * an earlier one: the key is (network, postId) and `exportedOn` says which reading is newer.
 * A figure the export lacks stays absent (the report says «no disponible en la exportación»), never 0.
 */
import type { Network } from './networks';

/** The networks whose exports Custodio reads. */
export const METRIC_NETWORKS = ['facebook', 'instagram', 'x', 'tiktok', 'youtube'] as const satisfies readonly Network[];
export type MetricNetwork = (typeof METRIC_NETWORKS)[number];
export const isMetricNetwork = (n: string): n is MetricNetwork => (METRIC_NETWORKS as readonly string[]).includes(n);

/** Who produced the file, and which of its layouts it is (detected from the header row, never from the file name). */
export type ExportKind =
  | 'meta-posts' // Meta Business Suite post export, Facebook or Instagram
  | 'x-content' // X analytics, current content export
  | 'x-tweet-activity' // X analytics, legacy tweet-activity export
  | 'tiktok-content' // TikTok Studio, Content.csv inside the zip
  | 'youtube-content' // YouTube Studio, Table data.csv inside the zip
  | 'custodio-template'; // Custodio's own CSV template, for anything else

export interface PostMetrics {
  network: MetricNetwork;
  /** The platform's own id of the post (or video): with `network`, the key a later export supersedes. */
  postId: string;
  url?: string;
  /** ISO instant; a local time in the file is read in the file's time zone (Lima unless it says otherwise). */
  publishedAt: string;
  /** The post's text or title, at most 280 characters, when the export has it. */
  text?: string;
  reach?: number;
  impressions?: number;
  /** Video or post views (Instagram replaced impressions with views in 2025). */
  views?: number;
  /** Interactions as the platform totals them (reactions, comments, shares, saves, clicks…). */
  interactions?: number;
  likes?: number;
  comments?: number;
  shares?: number;
  saves?: number;
  /** Average time watched per view, seconds (YouTube average view duration; TikTok average watch time). */
  averageWatchSeconds?: number;
  /** The video's length, seconds. */
  durationSeconds?: number;
}

/** One export as read: what it is, the day its figures are as of, its posts, and the lines it skipped on purpose. */
export interface PlatformExport {
  kind: ExportKind;
  language: 'es' | 'en';
  /** `YYYY-MM-DD`: the export day, from the file when it says, else the day it was uploaded. */
  exportedOn: string;
  posts: PostMetrics[];
  /** Lines deliberately not read (a «Total» row, a blank line), with why, so the preview can say so. */
  skipped: Array<{ line: number; reason: string }>;
}
