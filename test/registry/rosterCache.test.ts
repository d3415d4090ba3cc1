import type { RosterEntry } from '../../domain/roster';
import { createRosterCache, ROSTER_CACHE_MS } from '../../registry/rosterCache';

const entry = (email: string): RosterEntry => ({ personId: email, name: email, email, role: 'cm' });

function fixture() {
  let clock = 1_000_000;
  const reads: string[] = [];
  const rosters = new Map<string, RosterEntry[]>([['mincul', [entry('a@cultura.gob.pe')]]]);
  const cache = createRosterCache(async (id: string) => (reads.push(id), structuredClone(rosters.get(id) ?? [])), () => clock);
  return { cache, reads, rosters, advance: (ms: number) => void (clock += ms) };
}

describe('roster cache (per entity revision)', () => {
  it('serves the same revision from memory: one registry read for a burst', async () => {
    const { cache, reads } = fixture();
    for (let i = 0; i < 5; i++) expect(await cache.roster({ _id: 'mincul', rosterRevision: 3 })).toEqual([entry('a@cultura.gob.pe')]);
    expect(reads).toEqual(['mincul']);
  });

  it('readers that miss together share one registry read (a burst of due rotations of one entity)', async () => {
    const { cache, reads } = fixture();
    const rosters = await Promise.all(Array.from({ length: 20 }, () => cache.roster({ _id: 'mincul', rosterRevision: 3 })));
    expect(rosters).toEqual(Array.from({ length: 20 }, () => [entry('a@cultura.gob.pe')]));
    expect(reads).toEqual(['mincul']);
  });

  it('a failed read reaches its readers and is not kept: the next reader reads again', async () => {
    let fail = true;
    const reads: string[] = [];
    const cache = createRosterCache(async (id: string) => {
      reads.push(id);
      if (fail) throw new Error('FerretDB unreachable');
      return [entry('a@cultura.gob.pe')];
    });
    await expect(Promise.all([cache.roster({ _id: 'mincul' }), cache.roster({ _id: 'mincul' })])).rejects.toThrow('FerretDB unreachable');
    fail = false;
    expect(await cache.roster({ _id: 'mincul' })).toEqual([entry('a@cultura.gob.pe')]);
    expect(reads).toEqual(['mincul', 'mincul']);
  });

  it('a bumped revision reads again, so a roster change reaches the next reader at once', async () => {
    const { cache, reads, rosters } = fixture();
    await cache.roster({ _id: 'mincul', rosterRevision: 3 });
    rosters.set('mincul', [entry('b@cultura.gob.pe')]);
    expect(await cache.roster({ _id: 'mincul', rosterRevision: 4 })).toEqual([entry('b@cultura.gob.pe')]);
    expect(reads).toHaveLength(2);
  });

  it('an entry older than ROSTER_CACHE_MS is read again even at the same revision (a writer that died before its bump)', async () => {
    const { cache, reads, rosters, advance } = fixture();
    await cache.roster({ _id: 'mincul' });
    rosters.set('mincul', [entry('b@cultura.gob.pe')]);
    advance(ROSTER_CACHE_MS - 1);
    expect(await cache.roster({ _id: 'mincul' })).toEqual([entry('a@cultura.gob.pe')]);
    advance(1);
    expect(await cache.roster({ _id: 'mincul' })).toEqual([entry('b@cultura.gob.pe')]);
    expect(reads).toHaveLength(2);
  });

  it('hands out copies: a caller editing its roster does not change what the next one gets', async () => {
    const { cache } = fixture();
    (await cache.roster({ _id: 'mincul' }))[0]!.email = 'x@cultura.gob.pe';
    expect((await cache.roster({ _id: 'mincul' }))[0]!.email).toBe('a@cultura.gob.pe');
  });
});
