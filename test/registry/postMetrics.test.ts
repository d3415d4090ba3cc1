/**
 * The posts' figures kept from every export (issue 16 §1) against FerretDB: the same file again changes
 * nothing, a later export supersedes an earlier one, and nothing is ever summed across exports.
 */
import type { Connection } from 'mongoose';
import type { PlatformExport, PostMetrics } from '../../domain/metrics';
import { postMetricModel } from '../../infra/models/postMetric';
import { postMetrics } from '../../registry/postMetrics';
import { startTestDb } from '../support/ferret';

let db: Connection;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ db, stop } = await startTestDb());
});
afterAll(() => stop?.());

const target = { entityId: 'mincul', accountId: 'cuenta-fb-1' };
const post = (postId: string, over: Partial<PostMetrics> = {}): PostMetrics => ({ network: 'facebook', postId, publishedAt: '2026-10-05T15:00:00.000Z', reach: 1000, interactions: 50, ...over });
const file = (exportedOn: string, posts: PostMetrics[]): PlatformExport => ({ kind: 'meta-posts', language: 'es', exportedOn, posts, skipped: [] });
const QUARTER: [Date, Date] = [new Date('2026-10-01T05:00:00Z'), new Date('2027-01-01T05:00:00Z')];

it('PCM 6.3.2: the same export again changes nothing; a later export of the same posts supersedes, never adds up', async () => {
  const store = postMetrics(db);
  const first = file('2026-10-10', [post('1'), post('2', { reach: 300 })]);
  expect(await store.store(target, first)).toEqual({ added: 2, unchanged: 0 });
  expect(await store.store(target, first)).toEqual({ added: 0, unchanged: 2 });

  const later = file('2026-11-02', [post('1', { reach: 1800, interactions: 90 }), post('3', { publishedAt: '2026-11-01T14:00:00.000Z' })]);
  expect(await store.store(target, later)).toEqual({ added: 2, unchanged: 0 });
  // An older export uploaded afterwards does not win over the newer figures.
  expect(await store.store(target, file('2026-10-20', [post('1', { reach: 1500 })]))).toEqual({ added: 1, unchanged: 0 });

  const latest = await store.latest(target.accountId, ...QUARTER);
  expect(latest.map((r) => [r.postId, r.reach, r.interactions, r.exportedOn])).toEqual([
    ['1', 1800, 90, '2026-11-02'],
    ['2', 300, 50, '2026-10-10'],
    ['3', 1000, 50, '2026-11-02'],
  ]);
  expect(await postMetricModel(db).countDocuments({ accountId: target.accountId })).toBe(5);
});

it('two exports of the same day with changed figures: the one imported last counts; other accounts and other quarters stay apart', async () => {
  const store = postMetrics(db);
  const other = { entityId: 'mincul', accountId: 'cuenta-fb-2' };
  await store.store(other, file('2026-12-01', [post('9', { reach: 10 })]), new Date('2026-12-01T15:00:00Z'));
  await store.store(other, file('2026-12-01', [post('9', { reach: 12 })]), new Date('2026-12-01T18:00:00Z'));
  await store.store(other, file('2026-12-01', [post('8', { publishedAt: '2026-09-30T12:00:00.000Z' })]));
  expect((await store.latest(other.accountId, ...QUARTER)).map((r) => [r.postId, r.reach])).toEqual([['9', 12]]);
  expect((await store.latest(target.accountId, ...QUARTER)).map((r) => r.postId)).toEqual(['1', '2', '3']);
});

it('knows how many readings of an export it already has: all of a file stored before, none of a later export', async () => {
  const store = postMetrics(db);
  const target3 = { entityId: 'mincul', accountId: 'cuenta-fb-3' };
  const once = file('2026-11-20', [post('5'), post('6')]);
  expect(await store.known(target3.accountId, once)).toBe(0);
  await store.store(target3, once);
  expect(await store.known(target3.accountId, once)).toBe(2);
  expect(await store.known(target3.accountId, file('2026-11-21', [post('5'), post('6')]))).toBe(0);
  expect(await store.known(target3.accountId, file('2026-11-20', [post('5'), post('6', { reach: 1 })]))).toBe(1);
  expect(await store.known(target3.accountId, file('2026-11-20', []))).toBe(0);
});

it('PCM 6.3.2 Anexo 3: a later file without a column keeps the figure an earlier one gave; a template row fills a missing figure by hand without losing the others', async () => {
  const store = postMetrics(db);
  const account = { entityId: 'mincul', accountId: 'cuenta-fb-relleno' };
  // The export has the reach but no interactions column.
  await store.store(account, file('2026-10-10', [post('7', { interactions: undefined, url: 'https://www.facebook.com/CulturaPeru/posts/7' })]));
  // A template row, later, with only the interactions typed by hand.
  await store.store(account, { kind: 'custodio-template', language: 'es', exportedOn: '2026-10-12', posts: [{ network: 'facebook', postId: '7', publishedAt: '2026-10-05T15:00:00.000Z', interactions: 64 }], skipped: [] });
  const [one] = await store.latest(account.accountId, ...QUARTER);
  expect([one!.reach, one!.interactions, one!.url, one!.exportedOn]).toEqual([1000, 64, 'https://www.facebook.com/CulturaPeru/posts/7', '2026-10-12']);
  // A newer full export wins again for every figure it has.
  await store.store(account, file('2026-11-01', [post('7', { reach: 2500, interactions: 80 })]));
  const [again] = await store.latest(account.accountId, ...QUARTER);
  expect([again!.reach, again!.interactions]).toEqual([2500, 80]);
});
