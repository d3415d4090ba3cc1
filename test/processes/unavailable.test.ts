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

  it('a process that does not exist, a refused argument, or a bug is not', () => {
    expect(isUnavailable(new WorkflowNotFoundError('not found', 'w', undefined))).toBe(false);
    expect(isUnavailable(grpc(3, 'invalid argument'))).toBe(false);
    expect(isUnavailable(new TypeError('x is undefined'))).toBe(false);
  });
});
