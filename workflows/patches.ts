/**
 * One marker for the patches a new run would take anyway (issue 18 §2). The SDK records each
 * `patched()` id with an upsert of the `TemporalChangeVersion` search attribute, which Temporal writes to
 * its visibility store: a new account request recorded six markers in its first workflow task, a new
 * rotation seven. A run of a workflow that calls `settledPatches()` first records `PATCHES_SETTLED` alone
 * and takes the new branch of every patch in `SETTLED`; a history without that marker (a run begun
 * before) answers each patch from its own marker, as before.
 */
import { patched } from '@temporalio/workflow';

export const PATCHES_SETTLED = 'patches-settled-2026-12';

/**
 * The patches `PATCHES_SETTLED` stands for, fixed for good: runs that recorded it took these branches. A
 * patch added later is checked on its own (`patched`) and may be settled by a marker of its own.
 */
export const SETTLED_PATCHES: ReadonlySet<string> = new Set([
  // workflows/decision.ts: the desk
  'step-close-recorded-by-process',
  'links-kept-fresh',
  'fresh-links-before-expiry',
  // workflows/currentEntity.ts
  'roster-read-when-asking',
  // workflows/accountCreation.ts
  'pcm-2-scope',
  'inpe-gerencia-general',
  'numbered-technical-report',
  'credential-rotation',
  // workflows/credentialRotation.ts
  'rotation-announced',
  'rotation-requests-gathered',
  'rotation-closes-together',
  'rotation-asked-ahead',
  'rotation-dates-in-one',
]);

/** Whether this run takes a patch's new branch; in place of `patched` wherever a run's check is passed. */
export type PatchCheck = (patchId: string) => boolean;

/**
 * The run's patch check. Call it first in the workflow function, before any activity or timer, and pass
 * it to the desk and the current entity: a new run then records one marker in place of one per patch.
 */
export function settledPatches(): PatchCheck {
  const settled = patched(PATCHES_SETTLED);
  return (patchId) => (settled && SETTLED_PATCHES.has(patchId)) || patched(patchId);
}
