/**
 * The Anexo 3 quarterly report (PCM 6.3.2) as data: per account, per month of the quarter, the 10 best
 * posts with exactly the Anexo 3 columns of its network, the totals 6.3.2 asks for (reach, impact,
 * follower growth, interactions) and the posting-frequency summary (PCM 6.2.2.4). Pure and
 * JSON-serialisable, so a workflow can carry it and the sending activity can render the PDF and the
 * XLSX again from it. A figure the export lacks is `null` (printed «no disponible en la exportación»),
 * never 0. Labels derivable from the network live in `ANEXO3_TABLES`, not in the report.
 */
import { PLAN_INDICATOR_LABELS, PLAN_INDICATORS, type PlanIndicator } from './digitalPlan';
import { limaDate } from './businessDays';
import type { MetricNetwork, PostMetrics } from './metrics';
import { NETWORK_LABELS } from './networks';
import { monthLabel, quarterMonths, type Quarter } from './quarters';

/** What the report prints where a figure is `null`; a person may fill it by hand. */
export const NOT_AVAILABLE = 'no disponible en la exportación';

export interface ReportAccount {
  accountId: string;
  network: MetricNetwork;
  name: string;
  url?: string;
  /** Followers at the quarter's start and end, typed by hand: no post export carries them. */
  followers?: { start?: number; end?: number };
}

export interface ReportPost extends PostMetrics {
  accountId: string;
}

/** One account's month against its PCM 6.2.2.4 minimum, as the frequency check summarises it. */
export interface FrequencySummary {
  accountId: string;
  month: string;
  published: number;
  compliantPeriods: number;
  totalPeriods: number;
  unit: 'day' | 'week';
  belowMinimum: boolean;
  /** The rule in Spanish, e.g. «al menos 3 publicaciones al día, con 2 horas entre una y otra». */
  rule: string;
}

export interface QuarterlyReportInput {
  entityName: string;
  quarter: Quarter;
  accounts: ReportAccount[];
  posts: ReportPost[];
  frequency?: FrequencySummary[];
  /** The entity's approved Plan de Comunicación Digital for the quarter's year, with its quarterly targets (PCM 6.2.2.1, Anexo 2). */
  plan?: { code: string; year: number; targets: Partial<Record<PlanIndicator, number>> };
  /** ISO instant; it also fixes the documents' creation date, so the same data renders the same bytes. */
  generatedAt: string;
}

/** One target of the plan against the quarter's figures, over every account of the report. */
export interface PlanRow {
  indicator: PlanIndicator;
  label: string;
  target: number;
  /** `null` when no account has the figure; `partial` when some lack it (their share is not counted). */
  measured: Figure;
  partial: boolean;
}

/** A figure of the report: `null` where the export lacks it. */
export type Figure = number | null;

/** The Anexo 3 columns between «N°» and «Fecha»; `engagementRate` is a percentage rounded to 2 decimals (4.35 = 4,35 %). */
export type Anexo3Metric = 'reach' | 'impressions' | 'views' | 'interactions' | 'engagementRate' | 'averageWatchSeconds';

export interface Anexo3Row {
  postId: string;
  /** ISO instant; the report prints its Lima date. */
  publishedAt: string;
  url: string | null;
  /** Exactly the columns of the network's table (`ANEXO3_TABLES[network].columns`), in any key order. */
  figures: Partial<Record<Anexo3Metric, Figure>>;
}

/** Sums over every post of the period (not only the 10 best); `missing` counts posts a partial sum lacks. */
export interface Totals {
  posts: number;
  reach: Figure;
  /** Impressions or views, whichever the network's exports give (see the footnote). */
  impact: Figure;
  interactions: Figure;
  missing?: Partial<Record<'reach' | 'impact' | 'interactions', number>>;
}

export interface MonthSection {
  month: string;
  /** At most 10, best first: row i is N° i + 1. */
  top: Anexo3Row[];
  totals: Totals;
  frequency?: Omit<FrequencySummary, 'accountId' | 'month'>;
}

export interface AccountSection {
  accountId: string;
  network: MetricNetwork;
  name: string;
  url?: string;
  months: [MonthSection, MonthSection, MonthSection];
  quarter: Totals;
  followers: { start: Figure; end: Figure; growth: Figure };
}

export interface QuarterlyReport {
  entityName: string;
  quarter: Quarter;
  generatedAt: string;
  /** One per account, in the Anexo's network order (Facebook, X, YouTube, Instagram, TikTok). */
  sections: AccountSection[];
  /** The choices the directive leaves open, and how the figures are read. */
  footnotes: string[];
  /** Months without any data («sin publicaciones importadas»). */
  notes: string[];
  /** The plan's targets against what was measured; absent without an approved plan for the year. */
  plan?: { code: string; year: number; rows: PlanRow[] };
  /**
   * Issue 19 §6: the report as filed once the head approved it: its number (`INFORME N° 003-2026-OC/MINCUL`),
   * to whom and from whom, and who approved it when. Absent in drafts and in reports sent before numbering.
   */
  filing?: { code: string; to: string; from: string; approvedBy: string; approvedAt: string };
}

export interface Anexo3Table {
  /** «FACEBOOK (10 mejores publicaciones del mes)»: the report adds « – julio de 2026». */
  heading: string;
  columns: Array<{ metric: Anexo3Metric; label: string }>;
  rankedBy: Anexo3Metric;
  linkLabel: string;
}

/** The Anexo's order of networks. */
export const ANEXO3_NETWORKS: readonly MetricNetwork[] = ['facebook', 'x', 'youtube', 'instagram', 'tiktok'];

const heading = (network: MetricNetwork, what: string) => `${NETWORK_LABELS[network].toUpperCase()} (10 mejores ${what} del mes)`;
const ER_LABEL = 'Engagement Rate (interacción × 100 / ';

/** The Anexo 3 table of each network: its columns as the directive names them, and the figure that ranks the posts. */
export const ANEXO3_TABLES: Record<MetricNetwork, Anexo3Table> = {
  facebook: {
    heading: heading('facebook', 'publicaciones'),
    columns: [
      { metric: 'reach', label: 'Alcance' },
      { metric: 'interactions', label: 'Interacción' },
      { metric: 'engagementRate', label: `${ER_LABEL}alcance)` },
    ],
    rankedBy: 'reach',
    linkLabel: 'Link de la publicación',
  },
  x: {
    heading: heading('x', 'publicaciones'),
    columns: [
      { metric: 'impressions', label: 'Impresiones' },
      { metric: 'interactions', label: 'Interacción total' },
      { metric: 'engagementRate', label: `${ER_LABEL}impresiones)` },
    ],
    rankedBy: 'impressions',
    linkLabel: 'Link de la publicación',
  },
  youtube: {
    heading: heading('youtube', 'videos'),
    columns: [
      { metric: 'views', label: 'Visualizaciones' },
      { metric: 'averageWatchSeconds', label: 'Duración promedio de visualizaciones' },
    ],
    rankedBy: 'views',
    linkLabel: 'Link del video',
  },
  // «Como X», but Meta replaced Instagram's impressions with views in 2025: the column holds views.
  instagram: {
    heading: heading('instagram', 'publicaciones'),
    columns: [
      { metric: 'views', label: 'Impresiones (visualizaciones)' },
      { metric: 'interactions', label: 'Interacción total' },
      { metric: 'engagementRate', label: `${ER_LABEL}visualizaciones)` },
    ],
    rankedBy: 'views',
    linkLabel: 'Link de la publicación',
  },
  tiktok: {
    heading: heading('tiktok', 'publicaciones'),
    columns: [
      { metric: 'views', label: 'Visualizaciones' },
      { metric: 'interactions', label: 'Interacción' },
      { metric: 'averageWatchSeconds', label: 'Tiempo promedio de visualización' },
      { metric: 'reach', label: 'Alcance' },
    ],
    rankedBy: 'views',
    linkLabel: 'Link del video',
  },
};

/** The figure the engagement rate divides by (Anexo 3: alcance for Facebook, impresiones for X and Instagram). */
const ER_BASE: Partial<Record<MetricNetwork, Anexo3Metric>> = { facebook: 'reach', x: 'impressions', instagram: 'views' };

/** Interacción × 100 / base, rounded half up to 2 decimals; absent when either is absent or the base is 0. */
export function engagementRate(interactions: number | undefined, base: number | undefined): number | undefined {
  if (interactions === undefined || base === undefined || base === 0) return undefined;
  // × 10 000 first: the quotient of two integers lands on the hundredths without binary drift (87 × 10 000 / 2000 = 435).
  return Math.round((interactions * 10_000) / base) / 100;
}

const INTERACTION_PARTS = ['likes', 'comments', 'shares', 'saves'] as const;
const partsOf = (p: PostMetrics) => INTERACTION_PARTS.map((k) => p[k]).filter((v): v is number => v !== undefined);

/** The platform's interaction total, else the sum of the parts the export has (TikTok totals none). */
function interactionsOf(p: PostMetrics): number | undefined {
  if (p.interactions !== undefined) return p.interactions;
  const parts = partsOf(p);
  return parts.length ? parts.reduce((a, b) => a + b, 0) : undefined;
}

/** One figure of a post as its network's table reads it. */
function figureOf(network: MetricNetwork, metric: Anexo3Metric, p: PostMetrics): number | undefined {
  switch (metric) {
    case 'views':
      // Instagram: views since 2025, impressions in older exports (the footnote says so).
      return network === 'instagram' ? (p.views ?? p.impressions) : p.views;
    case 'interactions':
      return interactionsOf(p);
    case 'engagementRate': {
      const base = ER_BASE[network];
      return base && engagementRate(interactionsOf(p), figureOf(network, base, p));
    }
    default:
      return p[metric];
  }
}

/**
 * Impact for the totals: X gives impressions; Meta gave impressions until 2025 and views since; YouTube
 * and TikTok give views (YouTube's «impressions» are thumbnails shown, not the video seen).
 */
function impactOf(network: MetricNetwork, p: PostMetrics): number | undefined {
  if (network === 'x') return p.impressions;
  if (network === 'facebook' || network === 'instagram') return p.views ?? p.impressions;
  return p.views;
}

const instant = (iso: string) => Date.parse(iso);

/** Best first by the network's ranking figure (posts without it last), then the earlier post, then the lower id. */
function ranked(network: MetricNetwork, posts: ReportPost[]): ReportPost[] {
  const by = ANEXO3_TABLES[network].rankedBy;
  const key = (p: ReportPost) => figureOf(network, by, p) ?? -Infinity;
  return [...posts].sort((a, b) => key(b) - key(a) || instant(a.publishedAt) - instant(b.publishedAt) || (a.postId < b.postId ? -1 : a.postId > b.postId ? 1 : 0));
}

function rowOf(network: MetricNetwork, p: ReportPost): Anexo3Row {
  const figures: Anexo3Row['figures'] = {};
  for (const { metric } of ANEXO3_TABLES[network].columns) figures[metric] = figureOf(network, metric, p) ?? null;
  return { postId: p.postId, publishedAt: new Date(p.publishedAt).toISOString(), url: p.url ?? null, figures };
}

function totalsOf(network: MetricNetwork, posts: ReportPost[]): Totals {
  const totals: Totals = { posts: posts.length, reach: null, impact: null, interactions: null };
  const missing: NonNullable<Totals['missing']> = {};
  const read = { reach: (p: ReportPost) => p.reach, impact: (p: ReportPost) => impactOf(network, p), interactions: interactionsOf };
  for (const [name, value] of Object.entries(read) as Array<[keyof typeof read, (p: ReportPost) => number | undefined]>) {
    const present = posts.map(value).filter((v): v is number => v !== undefined);
    if (!present.length) continue;
    totals[name] = present.reduce((a, b) => a + b, 0);
    if (present.length < posts.length) missing[name] = posts.length - present.length;
  }
  return Object.keys(missing).length ? { ...totals, missing } : totals;
}

/** The Lima month (`YYYY-MM`) a post was published in. */
export const publicationMonth = (publishedAt: string): string => limaDate(new Date(publishedAt)).slice(0, 7);

/** «Facebook – Cultura Perú». */
export const accountTitle = (a: { network: MetricNetwork; name: string }): string => `${NETWORK_LABELS[a.network]} – ${a.name}`;

/**
 * Builds the report. Posts outside the quarter (by their Lima month) are left out; a post of an
 * account not in `accounts` is a caller's mistake and throws, rather than vanish from the report.
 */
export function buildQuarterlyReport(input: QuarterlyReportInput): QuarterlyReport {
  const months = quarterMonths(input.quarter);
  const known = new Set(input.accounts.map((a) => a.accountId));
  const stray = input.posts.find((p) => !known.has(p.accountId));
  if (stray) throw new RangeError(`post ${stray.postId} belongs to account ${stray.accountId}, which is not in the report`);

  const order = (a: ReportAccount) => ANEXO3_NETWORKS.indexOf(a.network);
  const accounts = [...input.accounts].sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name, 'es') || (a.accountId < b.accountId ? -1 : 1));
  const inQuarter = input.posts.filter((p) => months.includes(publicationMonth(p.publishedAt)));
  const sections = accounts.map((account): AccountSection => {
    const own = inQuarter.filter((p) => p.accountId === account.accountId);
    const start = account.followers?.start ?? null;
    const end = account.followers?.end ?? null;
    return {
      accountId: account.accountId,
      network: account.network,
      name: account.name,
      ...(account.url ? { url: account.url } : {}),
      months: months.map((month): MonthSection => {
        const posts = own.filter((p) => publicationMonth(p.publishedAt) === month);
        const f = input.frequency?.find((r) => r.accountId === account.accountId && r.month === month);
        const frequency = f && (({ accountId: _a, month: _m, ...rest }: FrequencySummary) => rest)(f);
        return {
          month,
          top: ranked(account.network, posts).slice(0, 10).map((p) => rowOf(account.network, p)),
          totals: totalsOf(account.network, posts),
          ...(frequency ? { frequency } : {}),
        };
      }) as AccountSection['months'],
      quarter: totalsOf(account.network, own),
      followers: { start, end, growth: start !== null && end !== null ? end - start : null },
    };
  });
  return {
    entityName: input.entityName,
    quarter: input.quarter,
    generatedAt: new Date(input.generatedAt).toISOString(),
    sections,
    footnotes: footnotesOf(sections, inQuarter),
    notes: notesOf(sections),
    ...(input.plan ? { plan: { code: input.plan.code, year: input.plan.year, rows: planRows(input.plan.targets, sections) } } : {}),
  };
}

/** PCM 6.2.2.1: each target of the plan, in the plan's order, against the sum over the report's accounts. */
export function planRows(targets: Partial<Record<PlanIndicator, number>>, sections: AccountSection[]): PlanRow[] {
  const figures: Record<PlanIndicator, Figure[]> = {
    posts: sections.map((s) => s.quarter.posts),
    reach: sections.map((s) => s.quarter.reach),
    interactions: sections.map((s) => s.quarter.interactions),
    followersGrowth: sections.map((s) => s.followers.growth),
  };
  return PLAN_INDICATORS.flatMap((indicator) => {
    const target = targets[indicator];
    if (target === undefined || target === null) return [];
    const known = figures[indicator].filter((f): f is number => f !== null);
    return [{ indicator, label: PLAN_INDICATOR_LABELS[indicator], target, measured: known.length ? known.reduce((a, b) => a + b, 0) : null, partial: known.length < figures[indicator].length }];
  });
}

function notesOf(sections: AccountSection[]): string[] {
  const notes: string[] = [];
  for (const s of sections) {
    const empty = s.months.filter((m) => m.totals.posts === 0).map((m) => monthLabel(m.month));
    if (empty.length === 3) notes.push(`${accountTitle(s)}: ningún mes del trimestre tiene publicaciones importadas.`);
    else if (empty.length) notes.push(`${accountTitle(s)}: ${empty.join(', ')}, sin publicaciones importadas.`);
  }
  return notes;
}

/** Says every choice the directive leaves open, for the networks the report has; `posts` are the quarter's. */
function footnotesOf(sections: AccountSection[], posts: ReportPost[]): string[] {
  const has = (n: MetricNetwork) => sections.some((s) => s.network === n);
  const notes = [
    'Cifras acumuladas de cada publicación según la última exportación de la plataforma importada en Custodio; cada publicación se cuenta en el mes de su fecha de publicación, en hora de Lima.',
    `«${NOT_AVAILABLE[0]!.toUpperCase()}${NOT_AVAILABLE.slice(1)}»: la exportación de la plataforma no trae esa cifra; puede completarse a mano subiendo la plantilla de métricas de Custodio con solo esa cifra.`,
    'Engagement rate: interacción × 100 / alcance (Facebook) o / impresiones (X, Instagram), redondeado a dos decimales; no se calcula si falta una de las dos cifras o si el divisor es 0.',
    'A igual cifra, va primero la publicación más antigua y, a igual fecha, la de menor identificador; las publicaciones sin la cifra que ordena van al final.',
  ];
  if (has('youtube')) notes.push('YouTube: el Anexo 3 no dice con qué cifra elegir los 10 mejores videos; se ordenan por visualizaciones.');
  if (has('instagram'))
    notes.push(
      'Instagram: Meta reemplazó las impresiones por las visualizaciones en 2025. La columna «Impresiones» del Anexo 3 muestra las visualizaciones (las impresiones, en exportaciones anteriores al cambio), las publicaciones se ordenan por esa cifra y el engagement rate se calcula sobre ella.',
    );
  if (has('tiktok')) notes.push('TikTok: el Anexo 3 no dice con qué cifra elegir las 10 mejores publicaciones; se ordenan por visualizaciones.');
  if (posts.some((p) => p.interactions === undefined && partsOf(p).length))
    notes.push('Donde la exportación no trae un total de interacciones (TikTok, y a veces Instagram), la interacción es la suma de me gusta, comentarios, veces compartido y guardados que trae.');
  notes.push(
    'Alcance total: suma del alcance de cada publicación; una persona alcanzada por varias publicaciones se cuenta varias veces, así que sobrestima las personas distintas alcanzadas.',
    'Impacto: suma de impresiones (X) o de visualizaciones (Facebook, Instagram, YouTube y TikTok; impresiones en exportaciones de Meta anteriores a 2025).',
    'Crecimiento de seguidores: seguidores al cierre del trimestre menos seguidores al inicio, registrados a mano (las exportaciones de publicaciones no los traen).',
  );
  if (sections.some((s) => [s.quarter, ...s.months.map((m) => m.totals)].some((t) => t.missing)))
    notes.push('Un total marcado «(sin cifra en N publicaciones)» suma solo las publicaciones que tienen esa cifra.');
  return notes;
}
