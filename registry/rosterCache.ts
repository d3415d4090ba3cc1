import type { RosterEntry } from '../domain/roster';
import type { EntityDoc } from '../infra/models/entity';

/** Reads an entity's roster from the store, as of the entity's `rosterRevision` the caller read. */
export type RosterRead = (entityId: string, revision: number) => Promise<RosterEntry[]>;

/**
 * How long a cached roster may serve at most. Every roster writer bumps the entity's `rosterRevision`
 * right after writing (registry `rosterChanged`), which invalidates at once; this bound only covers
 * a writer that died between its write and the bump.
 */
export const ROSTER_CACHE_MS = 5 * 60_000;

/**
 * The roster of each entity, kept per registry (registry/reads.ts: one per API or worker process) and
 * keyed by the entity's `rosterRevision`, which the reader reads fresh: a roster is as current as the
 * entity row, without the member list and one lookup per member at every read. Reads come in bursts
 * (every rotation due at one instant, every start of an entity, every page of its console).
 */
export function createRosterCache(read: RosterRead, now: () => number = Date.now) {
  // The read itself is cached, not its result: the readers of a burst that miss together share one read.
  const cache = new Map<string, { revision: number; at: number; roster: Promise<RosterEntry[]> }>();
  return {
    /** The roster of `entity` as of its revision (read before the roster, so a concurrent change is at worst seen early). */
    async roster(entity: Pick<EntityDoc, '_id' | 'rosterRevision'>): Promise<RosterEntry[]> {
      const revision = entity.rosterRevision ?? 0;
      let hit = cache.get(entity._id);
      if (!hit || hit.revision !== revision || now() - hit.at >= ROSTER_CACHE_MS) {
        const reading = { revision, at: now(), roster: read(entity._id, revision) };
        cache.set(entity._id, reading);
        // A failed read is not kept: the next reader tries again.
        reading.roster.catch(() => cache.get(entity._id) === reading && cache.delete(entity._id));
        hit = reading;
      }
      return structuredClone(await hit.roster);
    },
  };
}

export type RosterCache = ReturnType<typeof createRosterCache>;
