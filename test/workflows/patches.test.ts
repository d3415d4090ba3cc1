import { GENERAL_MANAGEMENT_PATCH, NUMBERED_REPORT_PATCH } from '../../workflows/accountCreation';
import {
  ROTATION_ASK_AHEAD_PATCH, ROTATION_CLOSE_TOGETHER_PATCH, ROTATION_DATES_IN_ONE_PATCH, ROTATION_DIGEST_PATCH, ROTATION_NOTICE_PATCH,
} from '../../workflows/credentialRotation';
import { ROSTER_READ_PATCH } from '../../workflows/currentEntity';
import { FRESH_LINKS_PATCH, LINKS_BEFORE_EXPIRY_PATCH, STEP_CLOSE_PATCH } from '../../workflows/decision';
import { SETTLED_PATCHES } from '../../workflows/patches';

it('the settled marker stands for the patches of the desk, the current entity, account creation and rotation, each by its exact id (issue 18 §2)', () => {
  expect([...SETTLED_PATCHES].sort()).toEqual([
    STEP_CLOSE_PATCH, FRESH_LINKS_PATCH, LINKS_BEFORE_EXPIRY_PATCH, ROSTER_READ_PATCH,
    'pcm-2-scope', GENERAL_MANAGEMENT_PATCH, NUMBERED_REPORT_PATCH, 'credential-rotation',
    ROTATION_NOTICE_PATCH, ROTATION_DIGEST_PATCH, ROTATION_CLOSE_TOGETHER_PATCH, ROTATION_ASK_AHEAD_PATCH, ROTATION_DATES_IN_ONE_PATCH,
  ].sort());
});
