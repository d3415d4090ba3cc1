import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../support/temporal';

/**
 * Histories recorded by the workflow tests (UPDATE_HISTORIES=1 npx jest test/workflows) replayed
 * against today's workflow code: a change that breaks determinism for running processes fails here.
 * Version such changes with `patched()` instead of editing history. Files named `*-before-*` were
 * recorded by earlier code and no test writes them again: `*-before-local-calendar` keeps a patch's old
 * branch covered; `*-before-redesign` (campaigns, content, agency grants) were recorded before the
 * layers were rebuilt (issue 13), so the move of texts and loops is checked against real old histories.
 */
const dir = join(__dirname, 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

it('has recorded histories to replay', () => {
  expect(files.length).toBeGreaterThanOrEqual(4);
});

it.each(files)('replays %s deterministically', async (file) => {
  const history = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const results = Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, [{ workflowId: file, history }]);
  for await (const result of results) expect(result.error).toBeUndefined();
});
