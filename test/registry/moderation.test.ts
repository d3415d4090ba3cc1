/**
 * The moderation record against FerretDB (PCM 6.2.2.13, INPE 5.4.b): what each profile may record, a
 * block's earlier occurrences, insert-only rows, and the head's review where the first one wins.
 */
import type { Connection } from 'mongoose';
import { accountModel } from '../../infra/models/account';
import { moderationRecordModel } from '../../infra/models/moderation';
import type { Refusal } from '../../domain/refusal';
import { moderationRegistry, type ModerationRegistry } from '../../registry/moderation';
import { startTestDb } from '../support/ferret';

const INPE = { _id: 'inpe', profile: 'INPE' as const };
const PCM = { _id: 'mincul', profile: 'PCM' as const };
const SENACE = { _id: 'senace', profile: 'SENACE' as const };
const CONGRESO = { _id: 'congreso', profile: 'CONGRESO' as const };
const link = (n: number) => `https://www.facebook.com/INPEoficial/posts/1?comment_id=${n}`;
const entry = (o: Record<string, unknown> = {}) => ({ accountId: 'inpe-fb', action: 'ocultar', reason: 'insultos', userHandle: '@Reincidente', evidenceUrls: [link(1)], ...o });
let n = 0;
const nextId = () => (++n).toString(16).padStart(24, '0');

async function refusalOf(p: Promise<unknown>): Promise<Refusal> {
  try {
    await p;
  } catch (err) {
    return err as Refusal;
  }
  throw new Error('expected a refusal');
}

describe('the moderation record in the registry', () => {
  let db: Connection;
  let stop: () => Promise<void>;
  let reg: ModerationRegistry;
  beforeAll(async () => {
    ({ db, stop } = await startTestDb());
    reg = moderationRegistry(db);
    const base = { network: 'facebook' as const, status: 'active' as const, managingEmail: 'redes@x.gob.pe', roles: [], activatedAt: new Date() };
    for (const [id, entityId] of [['inpe-fb', 'inpe'], ['mincul-fb', 'mincul'], ['senace-fb', 'senace'], ['congreso-fb', 'congreso']]) {
      await accountModel(db).create({ _id: id, entityId, username: id, ...base });
    }
    await accountModel(db).create({ _id: 'inpe-old', entityId: 'inpe', username: 'viejo', ...base, status: 'retired' });
  }, 120_000);
  afterAll(() => stop());

  it('PCM 6.2.2.13: there is no deletion to record; the refusal says why', async () => {
    const r = await refusalOf(reg.record(PCM, entry({ accountId: 'mincul-fb', action: 'eliminar' }), 'cm@x', nextId()));
    expect(r.code).toBe('validation_failed');
    expect(r.violations.find((v) => v.field === 'action')!.message).toMatch(/no registra eliminaciones.*PCM 6\.2\.2\.13/);
  });

  it('PCM 6.2.2.13: PCM, Senace and the Congress record hides and reports; PCM and Senace refuse a block citing PCM 6.2.2.13, the Congress (not bound by PCM) citing INPE 5.4.b as the only rule that allows one', async () => {
    for (const [entity, accountId] of [[PCM, 'mincul-fb'], [SENACE, 'senace-fb'], [CONGRESO, 'congreso-fb']] as const) {
      for (const action of ['ocultar', 'denunciar']) {
        const { created, row } = await reg.record(entity, entry({ accountId, action, reason: 'agresivo' }), 'cm@x', nextId());
        expect([created, row.action, row.userKey]).toEqual([true, action, 'reincidente']);
      }
      const r = await refusalOf(reg.record(entity, entry({ accountId, action: 'bloquear', evidenceUrls: [link(1), link(2)] }), 'cm@x', nextId()));
      expect([r.violations[0]!.field, r.violations[0]!.rule]).toEqual(['action', entity === CONGRESO ? 'INPE 5.4.b' : 'PCM 6.2.2.13']);
    }
    expect(await moderationRecordModel(db).countDocuments({ action: 'bloquear' })).toBe(0);
  });

  it('INPE 5.4.b: a block needs a 5.4.a reason, a live account of the entity and an earlier occurrence; refused whole, nothing stored', async () => {
    const before = await moderationRecordModel(db).countDocuments({});
    const first = await refusalOf(reg.record(INPE, entry({ action: 'bloquear' }), 'cm@x', nextId()));
    expect(first.violations.map((v) => [v.field, v.rule])).toEqual([['evidenceUrls', 'INPE 5.4.b']]);
    const reason = await refusalOf(reg.record(INPE, entry({ action: 'bloquear', reason: 'agresivo', evidenceUrls: [link(1), link(2)] }), 'cm@x', nextId()));
    expect(reason.violations.map((v) => [v.field, v.rule])).toEqual([['reason', 'PCM 6.2.2.13']]);
    expect(reason.violations[0]!.message).toMatch(/INPE 5\.4\.b/);
    for (const accountId of ['inpe-old', 'mincul-fb', 'nada']) {
      const r = await refusalOf(reg.record(INPE, entry({ accountId, action: 'bloquear', evidenceUrls: [link(1), link(2)] }), 'cm@x', nextId()));
      expect(r.violations.map((v) => v.field)).toEqual(['accountId']);
    }
    const bad = await refusalOf(reg.record(INPE, entry({ evidenceUrls: ['javascript:alert(1)'], userHandle: '@' }), 'cm@x', nextId()));
    expect(bad.violations.map((v) => v.field).sort()).toEqual(['evidenceUrls.0', 'userHandle']);
    expect(await moderationRecordModel(db).countDocuments({})).toBe(before);
  });

  it('INPE 5.4.b: two evidence links, or an earlier record of the same user on the account, make a block', async () => {
    const two = await reg.record(INPE, entry({ action: 'bloquear', userHandle: 'otro', evidenceUrls: [link(1), link(2)] }), 'cm@x', nextId());
    expect(two.created).toBe(true);
    await reg.record(INPE, entry({ userHandle: '@Tercero' }), 'cm@x', nextId());
    const earlier = await reg.record(INPE, entry({ action: 'bloquear', userHandle: 'TERCERO' }), 'cm@x', nextId());
    expect([earlier.created, earlier.row.userKey]).toEqual([true, 'tercero']);
  });

  it('the same id records once (a double click): the second answers the first row', async () => {
    const id = nextId();
    const a = await reg.record(INPE, entry({ note: 'primero' }), 'cm@x', id);
    const b = await reg.record(INPE, entry({ note: 'segundo' }), 'cm@x', id);
    expect([a.created, b.created, b.row.note]).toEqual([true, false, 'primero']);
  });

  it('INPE 5.4.b: the head reviews a block once, the first review wins; «Observado» needs a reason; a hide waits for no review', async () => {
    const block = (await reg.record(INPE, entry({ action: 'bloquear', userHandle: 'revisable', evidenceUrls: [link(1), link(2)] }), 'cm@x', nextId())).row;
    expect((await reg.pending('inpe', undefined)).rows.map((r) => r._id)).toContain(block._id);
    expect((await refusalOf(reg.review(block, { verdict: 'observado' }, 'jefe@x'))).violations.map((v) => v.field)).toEqual(['note']);
    const [x, y] = await Promise.all([reg.review(block, { verdict: 'observado', note: 'Faltan capturas' }, 'jefe@x'), reg.review(block, { verdict: 'revisado' }, 'jefe@x')]);
    expect([x.first, y.first].sort()).toEqual([false, true]);
    expect(x.review.verdict).toBe(y.review.verdict);
    expect((await reg.pending('inpe', undefined)).rows.map((r) => r._id)).not.toContain(block._id);
    const hide = (await reg.record(INPE, entry(), 'cm@x', nextId())).row;
    expect((await refusalOf(reg.review(hide, { verdict: 'revisado' }, 'jefe@x'))).code).toBe('conflict');
  });

  it('pages newest first and filters by account', async () => {
    const all = await reg.page('inpe', undefined, { limit: 3 });
    expect(all.rows).toHaveLength(3);
    expect(all.nextCursor).toBeDefined();
    const times = all.rows.map((r) => r.recordedAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect((await reg.page('mincul', 'nada', { limit: 50 })).rows).toEqual([]);
    expect((await reg.page('mincul', 'mincul-fb', { limit: 50 })).rows.length).toBe(2);
  });
});
