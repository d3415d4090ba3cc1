import * as workflows from '../../workflows';
import { workflowBundle } from '../support/temporal';
import { historyFiles, replayError, workflowTypeOf } from '../support/replay';

/**
 * Histories recorded by the workflow tests (UPDATE_HISTORIES=1 npx jest test/workflows) replayed
 * against today's workflow code: a change that breaks determinism for running processes fails here.
 * Version such changes with `patched()` instead of editing history. Files named `*-before-*` were
 * recorded by earlier code and no test writes them again: `*-before-local-calendar` keeps a patch's old
 * branch covered; `*-before-redesign` (campaigns, content, agency grants) were recorded before the
 * layers were rebuilt (issue 13), so the move of texts and loops is checked against real old histories;
 * `*-before-anexo-1` were recorded before the incoming CM of a handover signed Anexo 1 (issue 17 §3); `*-before-platform-roles` before the monthly review read Meta (issue 17 §1, `PLATFORM_ROLES_PATCH`); `*-before-platform-check` before a grant's confirmed removal was checked on Meta (`GRANT_PLATFORM_CHECK_PATCH`); `*-before-digest` before a custodian's rotations due together came in one email (issue 18 §1, `ROTATION_DIGEST_PATCH`); `*-before-confirmations` before the CM confirmed PCM 6.2.2.5–8 and 6.2.2.17 of a content piece (issue 19 §1, `CONTENT_CONFIRMATIONS_PATCH`); `*-before-follows` before the monthly review attested whom the accounts follow (PCM 5.2.7, `FOLLOWS_ATTESTATION_PATCH`); `*-before-numbering` before the approved quarterly report and the Anexo 5 proposal were numbered (issue 19 §6, `NUMBERED_QUARTERLY_REPORT_PATCH`, `NUMBERED_PROPOSAL_PATCH`); `*-before-together` before a confirmed rotation's audit row, record and notice went out in one workflow task (issue 18 §2, `ROTATION_CLOSE_TOGETHER_PATCH`); `*-before-ahead` before a rotation joined its custodian's digest ahead of the due instant (issue 18 §1, `ROTATION_ASK_AHEAD_PATCH`; the digest's gathering branch, which late joins still take); `*-before-dates` before a confirmation's dates came in one local activity (issue 18 §2, `ROTATION_DATES_IN_ONE_PATCH`); `*-before-step-records` were recorded before steps wrote their own audit rows and open-step index,
 * read the roster when asking and kept links fresh (issue 14: the `patched` branches of decision.ts and
 * currentEntity.ts), so those patches' old branches stay covered.
 * replayDetectsChange.test.ts proves this replay fails on a workflow that issues other commands.
 */
const files = historyFiles();

it('has recorded histories of every workflow the worker runs', () => {
  expect([...new Set(files.map(workflowTypeOf))].sort()).toEqual(Object.keys(workflows).sort());
});

it.each(files)('replays %s deterministically', async (file) => {
  expect(await replayError(await workflowBundle(), file)).toBeUndefined();
});
