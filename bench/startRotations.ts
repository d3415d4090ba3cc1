/**
 * How the benches open many rotation processes (bench/rotation.ts, bench/scale.ts): through the
 * product's own `Processes.startRotations`, `concurrency` callers in parallel, each handing it `batch`
 * accounts at a time.
 */
import type { Processes, RotationStart } from '../contracts/processes';

export async function startRotationsInBatches(
  processes: Pick<Processes, 'startRotations'>,
  starts: RotationStart[],
  opts: { concurrency: number; batch: number; onStarted?: (count: number) => void },
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      for (;;) {
        const from = next;
        next += opts.batch;
        if (from >= starts.length) return;
        const batch = starts.slice(from, from + opts.batch);
        await processes.startRotations(batch);
        opts.onStarted?.(batch.length);
      }
    }),
  );
}
