/** A quarter of one entity's posts, shaped as the platform exports give them, for the Anexo 3 documents' tests. */
import { buildQuarterlyReport, type QuarterlyReport, type ReportAccount, type ReportPost } from '../../domain/anexo3';
import type { MetricNetwork } from '../../domain/metrics';

export const ANEXO3_ACCOUNTS: ReportAccount[] = [
  { accountId: 'fb1', network: 'facebook', name: 'Cultura Perú', url: 'https://www.facebook.com/culturaperu', followers: { start: 812_400, end: 815_930 } },
  { accountId: 'x1', network: 'x', name: '@CulturaPeru', url: 'https://x.com/CulturaPeru', followers: { start: 1_204_000 } },
  { accountId: 'yt1', network: 'youtube', name: 'Cultura Perú TV', url: 'https://www.youtube.com/@culturaperutv' },
  { accountId: 'ig1', network: 'instagram', name: '@culturaperu', url: 'https://www.instagram.com/culturaperu/', followers: { start: 95_000, end: 99_100 } },
  { accountId: 'tt1', network: 'tiktok', name: '@culturaperu', url: 'https://www.tiktok.com/@culturaperu' },
];

const URL: Record<MetricNetwork, (id: string) => string> = {
  facebook: (id) => `https://www.facebook.com/culturaperu/posts/pfbid0QmXkR7vA2sLx9bYc3ZtHqWnE5uJd1Fp8Gk4${id}`,
  x: (id) => `https://x.com/CulturaPeru/status/18${id}`,
  youtube: (id) => `https://www.youtube.com/watch?v=${id}`,
  instagram: (id) => `https://www.instagram.com/p/C${id}x/`,
  tiktok: (id) => `https://www.tiktok.com/@culturaperu/video/73${id}`,
};

/** A deterministic pseudo-random sequence, so the fixture is the same on every run. */
function sequence(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 48_271) % 2_147_483_647) / 2_147_483_647;
}

function figures(network: MetricNetwork, next: () => number): Partial<ReportPost> {
  const big = Math.round(500 + next() * 40_000);
  const inter = Math.round(big * (0.005 + next() * 0.06));
  switch (network) {
    case 'facebook':
      return { reach: big, views: Math.round(big * 1.3), interactions: inter };
    case 'x':
      return { impressions: big, interactions: inter };
    case 'youtube':
      return { views: Math.round(big / 10), averageWatchSeconds: Math.round(30 + next() * 200) };
    case 'instagram':
      return { views: big, reach: Math.round(big * 0.7), likes: inter, comments: Math.round(inter / 10) };
    case 'tiktok':
      return { views: big * 2, likes: inter, comments: 12, shares: 5, saves: 3, averageWatchSeconds: Math.round(30 + next() * 120) / 10 };
  }
}

/** 14 posts a month on Facebook, X, Instagram and TikTok; YouTube has none in August; days spread over each month. */
export function anexo3Posts(): ReportPost[] {
  const next = sequence(42);
  const posts: ReportPost[] = [];
  for (const account of ANEXO3_ACCOUNTS) {
    for (const month of ['07', '08', '09']) {
      const count = account.network === 'youtube' ? (month === '08' ? 0 : 4) : 14;
      for (let i = 0; i < count; i++) {
        const id = `${account.accountId}${month}${String(i).padStart(2, '0')}`;
        const day = String(1 + ((i * 2) % 28)).padStart(2, '0');
        posts.push({ accountId: account.accountId, network: account.network, postId: id, url: URL[account.network](id), publishedAt: new Date(`2026-${month}-${day}T${10 + (i % 9)}:30:00-05:00`).toISOString(), ...figures(account.network, next) });
      }
    }
  }
  return posts;
}

/** The sample report: one post with the Anexo's own ER example (87 × 100 / 2000), one without reach, one without a link. */
export function anexo3Report(): QuarterlyReport {
  const posts = anexo3Posts();
  posts.push(
    { accountId: 'fb1', network: 'facebook', postId: 'er-example', url: URL.facebook('er'), publishedAt: '2026-07-31T23:00:00.000Z', reach: 2000, interactions: 87 },
    { accountId: 'fb1', network: 'facebook', postId: 'no-reach', url: URL.facebook('nr'), publishedAt: '2026-07-15T15:00:00.000Z', interactions: 40 },
    { accountId: 'x1', network: 'x', postId: 'no-link', publishedAt: '2026-09-30T15:00:00.000Z', impressions: 99_000 },
  );
  return buildQuarterlyReport({
    entityName: 'Ministerio de Cultura',
    quarter: '2026-Q3',
    accounts: ANEXO3_ACCOUNTS,
    posts,
    frequency: [
      { accountId: 'fb1', month: '2026-07', published: 16, compliantPeriods: 0, totalPeriods: 31, unit: 'day', belowMinimum: true, rule: 'al menos 3 publicaciones al día, con 2 horas entre una y otra' },
      { accountId: 'yt1', month: '2026-09', published: 4, compliantPeriods: 1, totalPeriods: 4, unit: 'week', belowMinimum: true, rule: '3 publicaciones a la semana' },
    ],
    generatedAt: '2026-10-05T15:00:00.000Z',
  });
}
