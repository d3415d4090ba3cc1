import { ANEXO3_TABLES, buildQuarterlyReport, engagementRate, type QuarterlyReportInput, type ReportAccount, type ReportPost } from '../../domain/anexo3';
import type { MetricNetwork } from '../../domain/metrics';

const FB: ReportAccount = { accountId: 'fb1', network: 'facebook', name: 'Cultura Perú', url: 'https://www.facebook.com/culturaperu', followers: { start: 10_000, end: 10_450 } };
const X: ReportAccount = { accountId: 'x1', network: 'x', name: '@CulturaPeru' };
const YT: ReportAccount = { accountId: 'yt1', network: 'youtube', name: 'Cultura Perú TV' };
const IG: ReportAccount = { accountId: 'ig1', network: 'instagram', name: '@culturaperu' };
const TT: ReportAccount = { accountId: 'tt1', network: 'tiktok', name: '@culturaperu' };

const NETWORK_OF: Record<string, MetricNetwork> = { fb1: 'facebook', fb2: 'facebook', x1: 'x', yt1: 'youtube', ig1: 'instagram', tt1: 'tiktok' };
let serial = 0;
/** A post of the account, published at a Lima wall-clock time (`2026-07-14T10:00`). */
function post(accountId: string, lima: string, figures: Partial<ReportPost> = {}): ReportPost {
  serial++;
  return { accountId, network: NETWORK_OF[accountId]!, postId: `p${String(serial).padStart(3, '0')}`, url: `https://example.test/${serial}`, publishedAt: new Date(`${lima}:00-05:00`).toISOString(), ...figures };
}

const input = (accounts: ReportAccount[], posts: ReportPost[], extra: Partial<QuarterlyReportInput> = {}): QuarterlyReportInput => ({
  entityName: 'Ministerio de Cultura',
  quarter: '2026-Q3',
  accounts,
  posts,
  generatedAt: '2026-10-05T15:00:00.000Z',
  ...extra,
});

const july = (r: ReturnType<typeof buildQuarterlyReport>, i = 0) => r.sections[i]!.months[0];

describe('PCM 6.3.2 Anexo 3 ranking per network', () => {
  it('PCM 6.3.2 Anexo 3 Facebook: the best posts are those with the highest reach, with alcance, interacción, ER and no other figure', () => {
    const posts = [
      post('fb1', '2026-07-02T10:00', { reach: 500, impressions: 9000, interactions: 50 }),
      post('fb1', '2026-07-03T10:00', { reach: 2000, impressions: 2100, interactions: 87 }),
      post('fb1', '2026-07-04T10:00', { reach: 1200, impressions: 1300, interactions: 10 }),
    ];
    const { top } = july(buildQuarterlyReport(input([FB], posts)));
    expect(top.map((r) => r.figures.reach)).toEqual([2000, 1200, 500]);
    expect(top[0]).toEqual({ postId: posts[1]!.postId, publishedAt: '2026-07-03T15:00:00.000Z', url: posts[1]!.url, figures: { reach: 2000, interactions: 87, engagementRate: 4.35 } });
    expect(ANEXO3_TABLES.facebook.columns.map((c) => c.label)).toEqual(['Alcance', 'Interacción', 'Engagement Rate (interacción × 100 / alcance)']);
  });

  it('PCM 6.3.2 Anexo 3 X: by impressions, ER = interacción total × 100 / impresiones', () => {
    const posts = [post('x1', '2026-07-02T10:00', { impressions: 800, reach: 9999, interactions: 8 }), post('x1', '2026-07-03T10:00', { impressions: 4000, interactions: 100 })];
    const { top } = july(buildQuarterlyReport(input([X], posts)));
    expect(top.map((r) => r.figures)).toEqual([
      { impressions: 4000, interactions: 100, engagementRate: 2.5 },
      { impressions: 800, interactions: 8, engagementRate: 1 },
    ]);
    expect(ANEXO3_TABLES.x.columns.map((c) => c.label)).toEqual(['Impresiones', 'Interacción total', 'Engagement Rate (interacción × 100 / impresiones)']);
  });

  it('PCM 6.3.2 Anexo 3 YouTube: by views, with the average view duration, and a footnote says views rank them', () => {
    const posts = [post('yt1', '2026-07-02T10:00', { views: 300, impressions: 90_000, averageWatchSeconds: 95 }), post('yt1', '2026-07-03T10:00', { views: 1200, averageWatchSeconds: 40.5 })];
    const r = buildQuarterlyReport(input([YT], posts));
    expect(july(r).top.map((row) => row.figures)).toEqual([
      { views: 1200, averageWatchSeconds: 40.5 },
      { views: 300, averageWatchSeconds: 95 },
    ]);
    expect(r.footnotes).toContainEqual(expect.stringMatching(/^YouTube: .*se ordenan por visualizaciones\.$/));
    // Thumbnail impressions are not the video seen: YouTube's impact is its views.
    expect(july(r).totals.impact).toBe(1500);
  });

  it('PCM 6.3.2 Anexo 3 Instagram: «as X», but ranked by views (impressions in pre-2025 exports), with the choice in a footnote', () => {
    const posts = [
      post('ig1', '2026-07-02T10:00', { views: 3000, reach: 2500, interactions: 60 }),
      post('ig1', '2026-07-03T10:00', { impressions: 5000, reach: 100, interactions: 50 }),
      post('ig1', '2026-07-04T10:00', { reach: 9000, interactions: 5 }),
    ];
    const r = buildQuarterlyReport(input([IG], posts));
    expect(july(r).top.map((row) => row.figures)).toEqual([
      { views: 5000, interactions: 50, engagementRate: 1 },
      { views: 3000, interactions: 60, engagementRate: 2 },
      // Reach is never taken for views: the post has neither figure, so it goes last.
      { views: null, interactions: 5, engagementRate: null },
    ]);
    expect(r.footnotes).toContainEqual(expect.stringMatching(/^Instagram: Meta reemplazó las impresiones por las visualizaciones en 2025\..*se ordenan por esa cifra/));
    expect(r.footnotes.join('\n')).not.toMatch(/^(YouTube|TikTok):/m);
  });

  it('PCM 6.3.2 Anexo 3 TikTok: by views, with interacción (likes + comments + shares + saves), average watch time and reach', () => {
    const posts = [
      post('tt1', '2026-07-02T10:00', { views: 700, likes: 30, comments: 5, shares: 2, saves: 3, averageWatchSeconds: 7.2, reach: 650 }),
      post('tt1', '2026-07-03T10:00', { views: 90_000, likes: 4000, averageWatchSeconds: 11 }),
    ];
    const r = buildQuarterlyReport(input([TT], posts));
    expect(july(r).top.map((row) => row.figures)).toEqual([
      { views: 90_000, interactions: 4000, averageWatchSeconds: 11, reach: null },
      { views: 700, interactions: 40, averageWatchSeconds: 7.2, reach: 650 },
    ]);
    expect(ANEXO3_TABLES.tiktok.columns.map((c) => c.label)).toEqual(['Visualizaciones', 'Interacción', 'Tiempo promedio de visualización', 'Alcance']);
    expect(r.footnotes).toContainEqual(expect.stringMatching(/^TikTok: .*se ordenan por visualizaciones\.$/));
    expect(r.footnotes).toContainEqual(expect.stringMatching(/la interacción es la suma de me gusta, comentarios, veces compartido y guardados/));
  });

  it('PCM 6.3.2 Anexo 3 keeps the 10 best of each month, while the totals count every post', () => {
    const posts = Array.from({ length: 12 }, (_, i) => post('fb1', `2026-08-${String(i + 1).padStart(2, '0')}T09:00`, { reach: 100 * (i + 1), interactions: 1 }));
    const august = buildQuarterlyReport(input([FB], posts)).sections[0]!.months[1];
    expect(august.top).toHaveLength(10);
    expect(august.top.map((r) => r.figures.reach)).toEqual([1200, 1100, 1000, 900, 800, 700, 600, 500, 400, 300]);
    expect(august.totals).toEqual({ posts: 12, reach: 7800, impact: null, interactions: 12 });
  });

  it('PCM 6.3.2 Anexo 3 ties: the earlier post first, then the lower post id; posts without the ranking figure last', () => {
    const later = post('fb1', '2026-07-20T10:00', { reach: 500 });
    const earlier = post('fb1', '2026-07-05T10:00', { reach: 500 });
    const sameTimeB = { ...post('fb1', '2026-07-10T10:00', { reach: 500 }), postId: 'b' };
    const sameTimeA = { ...post('fb1', '2026-07-10T10:00', { reach: 500 }), postId: 'a' };
    const none = post('fb1', '2026-07-01T10:00', { interactions: 3 });
    const ids = (posts: ReportPost[]) => july(buildQuarterlyReport(input([FB], posts))).top.map((r) => r.postId);
    const expected = [earlier.postId, 'a', 'b', later.postId, none.postId];
    expect(ids([none, later, sameTimeB, earlier, sameTimeA])).toEqual(expected);
    expect(ids([sameTimeA, earlier, none, sameTimeB, later])).toEqual(expected);
  });
});

describe('PCM 6.3.2 Anexo 3 engagement rate', () => {
  it('PCM 6.3.2 Anexo 3 ER = interacción × 100 / alcance: 87 × 100 / 2000 = 4,35', () => {
    expect(engagementRate(87, 2000)).toBe(4.35);
  });

  it('rounds half up to two decimals', () => {
    expect(engagementRate(1, 3)).toBe(33.33);
    expect(engagementRate(2, 3)).toBe(66.67);
    expect(engagementRate(1, 8)).toBe(12.5);
    expect(engagementRate(1, 1600)).toBe(0.06); // 0.0625
    expect(engagementRate(201, 10_000)).toBe(2.01);
  });

  it('is absent when either figure is absent or the base is 0', () => {
    expect(engagementRate(undefined, 100)).toBeUndefined();
    expect(engagementRate(5, undefined)).toBeUndefined();
    expect(engagementRate(5, 0)).toBeUndefined();
    expect(engagementRate(0, 50)).toBe(0);
  });
});

describe('PCM 6.3.2 Anexo 3 absent figures', () => {
  it('PCM 6.3.2 Anexo 3 a column the export lacks is null («no disponible en la exportación»), never 0, and so is its ER', () => {
    const posts = [post('fb1', '2026-07-02T10:00', { reach: 1000 }), { ...post('fb1', '2026-07-03T10:00', { reach: 0, interactions: 4 }), url: undefined }];
    const { top, totals } = july(buildQuarterlyReport(input([FB], posts)));
    expect(top.map((r) => r.figures)).toEqual([
      { reach: 1000, interactions: null, engagementRate: null },
      { reach: 0, interactions: 4, engagementRate: null },
    ]);
    expect(top[1]!.url).toBeNull();
    expect(totals).toEqual({ posts: 2, reach: 1000, impact: null, interactions: 4, missing: { interactions: 1 } });
  });

  it('PCM 6.3.2 follower growth is end − start, and absent when either was not typed in', () => {
    const r = buildQuarterlyReport(input([FB, { ...X, followers: { end: 900 } }], []));
    expect(r.sections.map((s) => s.followers)).toEqual([
      { start: 10_000, end: 10_450, growth: 450 },
      { start: null, end: 900, growth: null },
    ]);
  });
});

describe('PCM 6.3.2 Anexo 3 months and sections', () => {
  it('PCM 6.3.2 Anexo 3 months are Lima months: 2026-10-01T03:00Z is 30 September 22:00 in Lima', () => {
    const posts = [
      { ...post('fb1', '2026-07-01T00:00', { reach: 1 }), publishedAt: '2026-10-01T03:00:00Z' },
      { ...post('fb1', '2026-07-01T00:00', { reach: 2 }), publishedAt: '2026-07-01T04:59:00Z' }, // 30 June in Lima: not this quarter
      { ...post('fb1', '2026-07-01T00:00', { reach: 3 }), publishedAt: '2026-07-01T05:00:00Z' },
      { ...post('fb1', '2026-07-01T00:00', { reach: 4 }), publishedAt: '2026-10-01T05:00:00Z' }, // 1 October in Lima: next quarter
    ];
    const s = buildQuarterlyReport(input([FB], posts)).sections[0]!;
    expect(s.months.map((m) => [m.month, m.top.map((r) => r.figures.reach)])).toEqual([
      ['2026-07', [3]],
      ['2026-08', []],
      ['2026-09', [1]],
    ]);
    expect(s.quarter).toEqual({ posts: 2, reach: 4, impact: null, interactions: null });
    expect(s.months[2].top[0]!.publishedAt).toBe('2026-10-01T03:00:00.000Z');
  });

  it("PCM 6.3.2 Anexo 3 one section per account, in the Anexo's network order, two accounts on one network apart", () => {
    const FB2: ReportAccount = { accountId: 'fb2', network: 'facebook', name: 'Biblioteca Nacional' };
    const posts = [post('fb2', '2026-07-02T10:00', { reach: 5 }), post('fb1', '2026-07-02T10:00', { reach: 7 })];
    const r = buildQuarterlyReport(input([TT, IG, YT, FB, X, FB2], posts));
    expect(r.sections.map((s) => s.accountId)).toEqual(['fb2', 'fb1', 'x1', 'yt1', 'ig1', 'tt1']);
    expect(r.sections.map((s) => july(r, r.sections.indexOf(s)).top.map((row) => row.figures.reach ?? row.figures.views))).toEqual([[5], [7], [], [], [], []]);
  });

  it('PCM 6.2.2.4 the frequency summary goes with its account and month', () => {
    const frequency = [
      { accountId: 'fb1', month: '2026-08', published: 40, compliantPeriods: 18, totalPeriods: 31, unit: 'day' as const, belowMinimum: true, rule: 'al menos 3 publicaciones al día' },
      { accountId: 'x1', month: '2026-08', published: 2, compliantPeriods: 0, totalPeriods: 31, unit: 'day' as const, belowMinimum: true, rule: '5 publicaciones al día' },
    ];
    const s = buildQuarterlyReport(input([FB], [], { frequency })).sections[0]!;
    expect(s.months.map((m) => m.frequency)).toEqual([
      undefined,
      { published: 40, compliantPeriods: 18, totalPeriods: 31, unit: 'day', belowMinimum: true, rule: 'al menos 3 publicaciones al día' },
      undefined,
    ]);
  });

  it('notes the months without any imported post', () => {
    const r = buildQuarterlyReport(input([FB, X], [post('fb1', '2026-08-02T10:00', { reach: 5 })]));
    expect(r.notes).toEqual([
      'Facebook – Cultura Perú: julio de 2026, setiembre de 2026, sin publicaciones importadas.',
      'X (Twitter) – @CulturaPeru: ningún mes del trimestre tiene publicaciones importadas.',
    ]);
    expect(r.sections[1]!.quarter).toEqual({ posts: 0, reach: null, impact: null, interactions: null });
  });

  it('is plain JSON (a workflow carries it) and says how reach over-counts people', () => {
    const r = buildQuarterlyReport(input([FB, X, YT, IG, TT], [post('fb1', '2026-07-02T10:00', { reach: 5, interactions: 1 })]));
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(r.generatedAt).toBe('2026-10-05T15:00:00.000Z');
    expect(r.footnotes).toContainEqual(expect.stringMatching(/^Alcance total: suma del alcance de cada publicación; .*sobrestima/));
  });

  it('refuses a post of an account the report does not have', () => {
    expect(() => buildQuarterlyReport(input([FB], [post('x1', '2026-07-02T10:00')]))).toThrow(/not in the report/);
  });
});
