import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

/** Where the workflow tests save histories (UPDATE_HISTORIES=1) and the replay tests read them. */
const DIR = join(__dirname, '..', 'workflows', 'histories');

/** The file names of every recorded history. */
export const historyFiles = (): string[] => readdirSync(DIR).filter((f) => f.endsWith('.json'));

interface RecordedHistory {
  events: Array<{ workflowExecutionStartedEventAttributes?: { workflowType?: { name?: string } } }>;
}

const readHistory = (file: string): RecordedHistory => JSON.parse(readFileSync(join(DIR, file), 'utf8'));

/** The workflow type a recorded history ran, from its first event. */
export const workflowTypeOf = (file: string): string | undefined => readHistory(file).events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;

/** Replays one recorded history against a workflow bundle: the error replay met, or undefined. */
export async function replayError(bundle: WorkflowBundleWithSourceMap, file: string): Promise<Error | undefined> {
  const history = readHistory(file);
  let error: Error | undefined;
  for await (const result of Worker.runReplayHistories({ workflowBundle: bundle }, [{ workflowId: file, history }])) error = result.error;
  return error;
}
