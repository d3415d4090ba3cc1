import type { RosterEntry } from '../domain/roster';
import type { EntityDoc } from '../infra/models/entity';
import type { Registry } from './reads';

/**
 * How long a cached roster may serve at most. Every roster writer bumps the entity's `rosterRevision`
 * right after writing (registry `rosterChanged`), which invalidates at once; this bound only covers
 * a writer that died between its write and the bump.
 */
export const ROSTER_CACHE_MS = 5 * 60_000;

/**
 * The roster of each entity, kept per worker and keyed by the entity's `rosterRevision`, for the
 * reads that come in bursts (every rotation due at the same instant reads its entity's roster again).
 * A roster read is the entity's member list and one lookup per member (registry/reads.ts); the cache
 * spares those in a burst. The API does not use it: it reads fresh.
 */
export function createRosterCache(registry: Pick<Registry, 'roster'>, now: () => number = Date.now) {
  // The read itself is cached, not its result: the readers of a burst that miss together share one read.
  const cache = new Map<string, { revision: number; at: number; roster: Promise<RosterEntry[]> }>();
  return {
    /** The roster of `entity` as of its revision (read before the roster, so a concurrent change is at worst seen early). */
    async roster(entity: Pick<EntityDoc, '_id' | 'rosterRevision'>): Promise<RosterEntry[]> {
      const revision = entity.rosterRevision ?? 0;
      let hit = cache.get(entity._id);
      if (!hit || hit.revision !== revision || now() - hit.at >= ROSTER_CACHE_MS) {
        const read = { revision, at: now(), roster: registry.roster(entity._id, revision) };
        cache.set(entity._id, read);
        // A failed read is not kept: the next reader tries again.
        read.roster.catch(() => cache.get(entity._id) === read && cache.delete(entity._id));
        hit = read;
      }
      return structuredClone(await hit.roster);
    },
  };
}

export type RosterCache = ReturnType<typeof createRosterCache>;
