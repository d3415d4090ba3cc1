/**
 * The way out of a bench that starts the local stack (bench/rotation.ts, bench/scale.ts): stop the
 * stack once, remove its folder unless kept, and empty bench/run-built.sh's state file so that the
 * wrapper knows nothing is left to stop. SIGINT and SIGTERM take the same way, then exit with 130.
 */
import { rmSync, writeFileSync } from 'node:fs';
import type { LocalStack } from '../local/stack';

export interface BenchExit {
  dataDir: string;
  keepData: boolean;
  stateFile: string | undefined;
  say: (msg: string) => void;
  /** The stack, once started. */
  stack: () => LocalStack | undefined;
  /** What to stop before the stack (a sampler, a worker the bench started itself). */
  first?: () => Promise<void> | void;
}

export function benchCleanUp(exit: BenchExit): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  const cleanUp = () =>
    (stopping ??= (async () => {
      await exit.first?.();
      const stack = exit.stack();
      if (stack) {
        exit.say('stopping the stack');
        await stack.stop();
      }
      if (!exit.keepData) rmSync(exit.dataDir, { recursive: true, force: true });
      else exit.say(`data kept in ${exit.dataDir}`);
      if (exit.stateFile) writeFileSync(exit.stateFile, '');
    })());
  const interrupted = (signal: string) => {
    exit.say(`${signal}: stopping`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', () => interrupted('SIGINT'));
  process.once('SIGTERM', () => interrupted('SIGTERM'));
  return cleanUp;
}
