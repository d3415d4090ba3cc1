/**
 * The replay test (replay.test.ts) is only worth its histories if replay really compares: recorded
 * histories replayed against workflows changed on purpose (fixtures/alteredWorkflows.ts) must fail
 * with Temporal's DeterminismViolationError, while the same histories replay cleanly against today's
 * code. If replay stopped checking, or replayError stopped reporting, this test fails.
 */
import { bundleWorkflowCode, DefaultLogger, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { replayError } from '../support/replay';
import { workflowBundle } from '../support/temporal';

jest.setTimeout(120_000);

let altered: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  altered = await bundleWorkflowCode({ workflowsPath: require.resolve('./fixtures/alteredWorkflows'), logger: new DefaultLogger('WARN') });
});

it.each([
  ['role-review-scheduler-month.json', 'a timer where the history holds an activity (order)'],
  ['role-review-scheduler-refreshed.json', 'a timer where the history holds an activity (order)'],
  ['role-review-attested.json', 'another activity type at the first step (type)'],
])('%s replayed against a workflow issuing %s fails with DeterminismViolationError', async (file) => {
  expect(await replayError(await workflowBundle(), file)).toBeUndefined();
  const error = await replayError(altered, file);
  expect(error).toBeInstanceOf(DeterminismViolationError);
  expect(error!.message).toMatch(/nondeterminism/i);
});
