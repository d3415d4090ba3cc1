/**
 * What the benches read off the local stack besides /proc (bench/procStats.ts): the size of the
 * servers' files, their versions and the task queue's backlog. Shared by bench/rotation.ts and
 * bench/scale.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalStack } from '../local/stack';
import { toolPath } from '../local/tools';

/** Size of a file, or of every file under a folder, in MiB with one decimal; 0 when absent. */
export function dirMiB(path: string): number {
  if (!existsSync(path)) return 0;
  let bytes = 0;
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) for (const f of readdirSync(p)) walk(join(p, f));
    else bytes += st.size;
  };
  walk(path);
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

/** The stack's stores in `dataDir`: Temporal's SQLite file (with its WAL) and FerretDB's folder. */
export function storageMiB(dataDir: string): { temporalDbMiB: number; ferretdbMiB: number } {
  return {
    temporalDbMiB: Math.round((dirMiB(join(dataDir, 'temporal.db')) + dirMiB(join(dataDir, 'temporal.db-wal'))) * 10) / 10,
    ferretdbMiB: dirMiB(join(dataDir, 'ferretdb')),
  };
}

export function toolVersion(tool: 'temporal' | 'ferretdb'): string {
  try {
    return execFileSync(toolPath(tool), ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim().split('\n')[0]!;
  } catch {
    return 'unknown';
  }
}

/** Approximate backlog of the task queue (tasks not yet handed to a worker), per task type. */
export async function backlog(stack: LocalStack): Promise<{ workflow: number; activity: number } | undefined> {
  try {
    const count = async (taskQueueType: 1 | 2) => {
      const r = await stack.client.workflowService.describeTaskQueue({
        namespace: 'default',
        taskQueue: { name: stack.taskQueue },
        taskQueueType,
        reportStats: true,
      });
      return Number(r.stats?.approximateBacklogCount ?? 0);
    };
    return { workflow: await count(1), activity: await count(2) };
  } catch {
    return undefined;
  }
}
