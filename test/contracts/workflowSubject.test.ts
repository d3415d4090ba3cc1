import { accountCreationWorkflowId } from '../../contracts/accountCreation';
import { grantWorkflowId } from '../../contracts/agencyGrant';
import { campaignWorkflowId } from '../../contracts/campaign';
import { contentWorkflowId } from '../../contracts/content';
import { rotationWorkflowId } from '../../contracts/credentialRotation';
import { handoverWorkflowId } from '../../contracts/handover';
import { roleReviewSchedulerId, roleReviewWorkflowId } from '../../contracts/roleReview';
import { workflowSubject } from '../../contracts/workflowSubject';
import { DIRECTORY_DIGEST_WORKFLOW_ID } from '../../contracts/directoryDigest';

describe('workflow ids read back as what they govern', () => {
  it.each([
    [accountCreationWorkflowId('0123456789abcdef01234567'), { process: 'accountCreation', requestId: '0123456789abcdef01234567' }],
    [rotationWorkflowId('req1-facebook'), { process: 'credentialRotation', accountId: 'req1-facebook' }],
    [grantWorkflowId('abcdefabcdefabcdefabcdef'), { process: 'agencyGrant', grantId: 'abcdefabcdefabcdefabcdef' }],
    [campaignWorkflowId('c1'), { process: 'campaign', campaignId: 'c1' }],
    [contentWorkflowId('r1'), { process: 'contentPublication', requestId: 'r1' }],
    [roleReviewWorkflowId('mi-entidad', '2027-01'), { process: 'roleReview', entityId: 'mi-entidad', month: '2027-01' }],
    [roleReviewSchedulerId('mi-entidad'), { process: 'roleReviewScheduler', entityId: 'mi-entidad' }],
    [handoverWorkflowId('mi-entidad', '0123456789abcdef01234567'), { process: 'handover', entityId: 'mi-entidad', handoverId: '0123456789abcdef01234567' }],
    [DIRECTORY_DIGEST_WORKFLOW_ID, { process: 'directoryDigest' }],
  ])('%s', (id, subject) => {
    expect(workflowSubject(id)).toEqual(subject);
  });

  it('an id no contract builds has no subject', () => {
    expect(workflowSubject('otro-proceso-1')).toBeUndefined();
    expect(workflowSubject('rotacion-')).toBeUndefined();
    expect(workflowSubject('traspaso-mincul-no-es-hex')).toBeUndefined();
    expect(workflowSubject(`${DIRECTORY_DIGEST_WORKFLOW_ID}-otro`)).toBeUndefined();
  });
});
