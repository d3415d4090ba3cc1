/**
 * A stand-in for the Temporal client, for tests of what Custodio asks of Temporal without a server:
 * every start, signal, query, listing and deadline is recorded (with the run, when the caller named one),
 * and a small in-memory table of workflows answers as the server would where it matters to the caller
 * (the conflict and reuse policies of a start, "not found" for an id nobody started, the memo a start
 * carried). Errors can be queued per method to play an unreachable server or a run that just closed.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';

export type StubStatus = 'RUNNING' | 'COMPLETED' | 'FAILED' | 'TERMINATED' | 'CANCELLED' | 'CONTINUED_AS_NEW' | 'TIMED_OUT';

export interface StubWorkflow {
  workflowType: string;
  status: StubStatus;
  memo?: Record<string, unknown>;
  args?: unknown[];
}

/** The options a start carried, as the caller built them. */
export type StubStartOptions = Record<string, unknown> & { workflowId: string };

export type StubCall =
  | { method: 'start'; workflowType: string; options: StubStartOptions }
  | { method: 'signalWithStart'; workflowType: string; options: StubStartOptions }
  | { method: 'describe'; workflowId: string }
  | { method: 'query'; workflowId: string; runId?: string; name: string; args: unknown[] }
  | { method: 'signal'; workflowId: string; runId?: string; name: string; args: unknown[] }
  | { method: 'list'; query: string | undefined }
  | { method: 'withDeadline'; deadline: number };

export type StubMethod = StubCall['method'];
type CallOf<M extends StubMethod> = Extract<StubCall, { method: M }>;

/** A query or signal definition, or its bare name. */
type Definition = string | { name: string };
const nameOf = (d: Definition) => (typeof d === 'string' ? d : d.name);

/** The closed statuses under which `ALLOW_DUPLICATE_FAILED_ONLY` lets an id start again. */
const CLOSED_REUSABLE_UNDER_FAILED_ONLY: StubStatus[] = ['FAILED', 'TERMINATED', 'CANCELLED', 'TIMED_OUT'];

export interface StubTemporal {
  /** Pass it wherever a `Client` is expected. */
  client: Client;
  /** Every call, in order. */
  calls: StubCall[];
  /** The calls of one method, in order. */
  callsOf<M extends StubMethod>(method: M): Array<CallOf<M>>;
  /** Forgets the calls so far (the workflows stay). */
  clearCalls(): void;
  /** The workflows the stub knows, by id: seed them, or read what the calls left. */
  workflows: Map<string, StubWorkflow>;
  /** The next call of `method` throws `error` instead (queued: call once per failure wanted). */
  failNext(method: Exclude<StubMethod, 'withDeadline'>, error: unknown): void;
  /** How a query is answered (by its name), for a workflow that exists; `undefined` otherwise. */
  answerQuery(name: string, answer: (workflowId: string, ...args: unknown[]) => unknown): void;
}

export function stubTemporal(): StubTemporal {
  const calls: StubCall[] = [];
  const workflows = new Map<string, StubWorkflow>();
  const failures = new Map<StubMethod, unknown[]>();
  const queryAnswers = new Map<string, (workflowId: string, ...args: unknown[]) => unknown>();

  /** Records the call, then throws the failure queued for its method, if any. */
  const record = (call: StubCall) => {
    calls.push(structuredClone(call));
    const queued = failures.get(call.method);
    if (queued?.length) throw queued.shift();
  };
  const existing = (workflowId: string): StubWorkflow => {
    const wf = workflows.get(workflowId);
    if (!wf) throw new WorkflowNotFoundError(`workflow not found: ${workflowId}`, workflowId, undefined);
    return wf;
  };

  /** The server's answer to a start: the conflict policy decides over a running id, the reuse policy over a closed one. */
  const begin = (workflowType: string, options: StubStartOptions) => {
    const { workflowId } = options;
    const current = workflows.get(workflowId);
    if (current?.status === 'RUNNING') {
      if (options.workflowIdConflictPolicy === 'USE_EXISTING') return;
      throw new WorkflowExecutionAlreadyStartedError('Workflow execution already started', workflowId, workflowType);
    }
    if (current) {
      const reuse = options.workflowIdReusePolicy ?? 'ALLOW_DUPLICATE';
      const refused = reuse === 'REJECT_DUPLICATE' || (reuse === 'ALLOW_DUPLICATE_FAILED_ONLY' && !CLOSED_REUSABLE_UNDER_FAILED_ONLY.includes(current.status));
      if (refused) throw new WorkflowExecutionAlreadyStartedError('Workflow execution already started', workflowId, workflowType);
    }
    workflows.set(workflowId, {
      workflowType,
      status: 'RUNNING',
      ...(options.memo ? { memo: structuredClone(options.memo as Record<string, unknown>) } : {}),
      ...(options.args ? { args: structuredClone(options.args as unknown[]) } : {}),
    });
  };

  const getHandle = (workflowId: string, runId?: string) => ({
    workflowId,
    async describe() {
      record({ method: 'describe', workflowId });
      const wf = existing(workflowId);
      return { workflowId, runId: `run-${workflowId}`, type: wf.workflowType, memo: wf.memo, status: { name: wf.status } };
    },
    async query(def: Definition, ...args: unknown[]) {
      record({ method: 'query', workflowId, ...(runId ? { runId } : {}), name: nameOf(def), args });
      existing(workflowId);
      return queryAnswers.get(nameOf(def))?.(workflowId, ...args);
    },
    async signal(def: Definition, ...args: unknown[]) {
      record({ method: 'signal', workflowId, ...(runId ? { runId } : {}), name: nameOf(def), args });
      if (existing(workflowId).status !== 'RUNNING') throw new WorkflowNotFoundError(`workflow not running: ${workflowId}`, workflowId, undefined);
    },
  });

  const workflow = {
    async start(workflowType: string, options: StubStartOptions) {
      record({ method: 'start', workflowType, options });
      begin(workflowType, options);
      return getHandle(options.workflowId);
    },
    async signalWithStart(workflowType: string, options: StubStartOptions) {
      record({ method: 'signalWithStart', workflowType, options });
      if (workflows.get(options.workflowId)?.status !== 'RUNNING') begin(workflowType, { ...options, workflowIdConflictPolicy: 'USE_EXISTING' });
      return getHandle(options.workflowId);
    },
    getHandle,
    list(options: { query?: string } = {}) {
      return (async function* () {
        record({ method: 'list', query: options.query });
        for (const [workflowId, wf] of workflows) if (wf.status === 'RUNNING') yield { workflowId, type: wf.workflowType };
      })();
    },
  };

  const client = {
    workflow,
    async withDeadline<R>(deadline: number | Date, fn: () => Promise<R>): Promise<R> {
      record({ method: 'withDeadline', deadline: typeof deadline === 'number' ? deadline : deadline.getTime() });
      return fn();
    },
  } as unknown as Client;

  return {
    client,
    calls,
    callsOf: <M extends StubMethod>(method: M) => calls.filter((c): c is CallOf<M> => c.method === method),
    clearCalls: () => void calls.splice(0),
    workflows,
    failNext: (method, error) => failures.set(method, [...(failures.get(method) ?? []), error]),
    answerQuery: (name, answer) => void queryAnswers.set(name, answer),
  };
}
