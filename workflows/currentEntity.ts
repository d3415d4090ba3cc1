/**
 * The entity as a long process knows it (issue 14 §1.4): the snapshot taken at start until the process
 * next asks someone, when it reads the registry again (an activity, so replay sees what was read). A
 * `refreshRoster` signal marks it stale; the DecisionDesk then reads it and hands open steps to whoever
 * holds the role now.
 */
import { patched, setHandler } from '@temporalio/workflow';
import { refreshRosterSignal } from '../contracts/decision';
import type { EntityPolicy } from '../domain/entity';
import { acts } from './activities';

/** Histories from before processes read the roster when asking replay on their snapshot. */
export const ROSTER_READ_PATCH = 'roster-read-when-asking';

const { currentEntity } = acts;

export class CurrentEntity {
  private entity: EntityPolicy;
  private wanted = 0;
  private seen = 0;
  private reading: Promise<EntityPolicy> | undefined;

  constructor(snapshot: EntityPolicy) {
    this.entity = snapshot;
    setHandler(refreshRosterSignal, () => void this.wanted++);
  }

  /** As last read; use `read()` before asking anyone. */
  get now(): EntityPolicy {
    return this.entity;
  }

  /** A roster change was signalled since the last read. */
  get stale(): boolean {
    return this.seen < this.wanted;
  }

  /** Reads the registry (once for callers that ask at the same moment) and returns the entity as it is now. */
  async read(): Promise<EntityPolicy> {
    if (this.reading) return this.reading;
    const asOf = this.wanted;
    if (!patched(ROSTER_READ_PATCH)) {
      this.seen = asOf;
      return this.entity;
    }
    this.reading = currentEntity({ known: this.entity })
      .then((entity) => {
        this.entity = entity;
        this.seen = asOf;
        return entity;
      })
      .finally(() => (this.reading = undefined));
    return this.reading;
  }
}
