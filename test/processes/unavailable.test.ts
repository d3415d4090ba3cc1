import { WorkflowNotFoundError } from '@temporalio/client';
import { isUnavailable } from '../../processes/unavailable';

const grpc = (code: number, details: string) => Object.assign(new Error(`${code} ${details}`), { code, details });

describe('isUnavailable: which Temporal errors a person meets as «Intente de nuevo» (503), issue 14 §2', () => {
  it('no server, no answer in time, and a call the deadline cancelled (found by the worker-kill fault test: it was a 500)', () => {
    expect(isUnavailable(grpc(14, 'No connection established'))).toBe(true);
    expect(isUnavailable(grpc(4, 'Deadline exceeded'))).toBe(true);
    expect(isUnavailable(new Error('Call cancelled', { cause: grpc(1, 'Call cancelled') }))).toBe(true);
    expect(isUnavailable(new Error('outer', { cause: grpc(14, 'connect ECONNREFUSED 127.0.0.1:7233') }))).toBe(true);
  });

  it('a query Temporal refuses because the workflow task keeps failing (WorkflowNotReady), found by the worker-kill fault test as a 500', () => {
    const notReady = (type: string) => Object.assign(grpc(9, 'Unable to query workflow due to Workflow Task in failed state.'), {
      metadata: { get: (key: string) => (key === 'grpc-status-details-bin' ? [Buffer.from(`\x08\x09type.googleapis.com/temporal.api.errordetails.v1.${type}`)] : []) },
    });
    expect(isUnavailable(new Error('Failed to query Workflow', { cause: notReady('WorkflowNotReadyFailure') }))).toBe(true);
    // Another FAILED_PRECONDITION (e.g. a namespace that is not active here) is not "try again".
    expect(isUnavailable(notReady('NamespaceNotActiveFailure'))).toBe(false);
    expect(isUnavailable(grpc(9, 'Unable to query workflow due to Workflow Task in failed state.'))).toBe(false);
  });

  it('a process that does not exist, a refused argument, or a bug is not', () => {
    expect(isUnavailable(new WorkflowNotFoundError('not found', 'w', undefined))).toBe(false);
    expect(isUnavailable(grpc(3, 'invalid argument'))).toBe(false);
    expect(isUnavailable(new TypeError('x is undefined'))).toBe(false);
  });
});
