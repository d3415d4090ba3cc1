/**
 * Runs schemathesis (installed by scripts/install-tools.sh) against a running API and reads its NDJSON
 * event report into what a contract test asserts: how much was tested, which responses broke a check,
 * which were server errors, and what schemathesis could not test at all.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toolPath } from '../../local/tools';

/**
 * The checks a run applies, each a promise of the OpenAPI document:
 * - not_a_server_error: no input, however odd, gets a 5xx;
 * - status_code_conformance: every status answered is one the operation declares;
 * - content_type_conformance, response_schema_conformance, response_headers_conformance: the answer's
 *   media type, body and headers are the declared ones (errors are the `Error` schema, codes included);
 * - negative_data_rejection: input the document calls invalid is refused with a 4xx;
 * - ignored_auth: an operation that declares security refuses a request without it.
 * Left out: positive_data_acceptance (the document cannot say "a day that exists", "an entity in the
 * registry" or "a person on its roster", so valid-looking input is rightly refused), unsupported_method
 * (Express answers 404, not 405, to a method no route has), and the stateful checks that need OpenAPI
 * links, which the document does not declare.
 */
export const CONTRACT_CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'response_headers_conformance',
  'negative_data_rejection',
  'ignored_auth',
] as const;

export interface ContractRun {
  /** A file path or URL of the OpenAPI document. */
  schema: string;
  baseUrl: string;
  headers: Record<string, string>;
  /** schemathesis.toml text: known identifiers to use for path and body parameters. */
  config: string;
  /** A folder of the run's own: the config, the report and the console output go there. */
  dir: string;
  /** Test cases per operation and phase; the coverage phase adds its boundary cases on top. */
  maxExamples: number;
}

export interface ContractFinding {
  operation: string;
  check: string;
  status: number | undefined;
  caseId: string;
}

export interface ContractReport {
  operations: number;
  cases: number;
  /** Responses with a 5xx status, whichever check saw them. */
  serverErrors: ContractFinding[];
  /** Every check that failed, server errors included. */
  failures: ContractFinding[];
  /** What schemathesis could not do (e.g. a failed health check): an operation then goes untested. */
  errors: string[];
  /** The console output, to read when a finding needs explaining. */
  output: string;
}

/** Runs schemathesis once, deterministically (the same cases every run), and reads its report. */
export async function runSchemathesis(run: ContractRun): Promise<ContractReport> {
  const configFile = join(run.dir, 'schemathesis.toml');
  writeFileSync(configFile, run.config);
  const output = join(run.dir, 'output.txt');
  const args = [
    '--config-file', configFile, 'run', run.schema, '--url', run.baseUrl,
    ...Object.entries(run.headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
    '--checks', CONTRACT_CHECKS.join(','),
    '--max-examples', String(run.maxExamples),
    '--generation-deterministic',
    '--workers', '1',
    '--no-color',
    '--report', 'ndjson', '--report-dir', run.dir,
  ];
  // A run with findings exits 1: the report, not the exit code, says what happened.
  const text = await new Promise<string>((resolve) => {
    execFile(toolPath('schemathesis'), args, { cwd: run.dir, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 }, (_err, stdout, stderr) => resolve(`${stdout}${stderr}`));
  });
  writeFileSync(output, text);
  const ndjson = readdirSync(run.dir).find((f) => f.startsWith('ndjson-'));
  if (!ndjson) throw new Error(`schemathesis wrote no report; its output:\n${text.slice(-3000)}`);
  return { ...readReport(readFileSync(join(run.dir, ndjson), 'utf8')), output };
}

interface Recorder {
  label: string;
  cases?: Record<string, unknown>;
  checks?: Record<string, Array<{ name: string; status: string }>>;
  interactions?: Record<string, { request: { method: string; uri: string }; response?: { status_code?: number } }>;
}

type Event =
  | { ScenarioFinished: { phase: string; recorder: Recorder } }
  | { NonFatalError: { label: string; value: { type: string; message: string } } }
  | { FatalError: { exception: { message?: string } } }
  | { EngineFinished: unknown };

/** The counts and findings of one NDJSON report (one JSON event per line). */
export function readReport(ndjson: string): Omit<ContractReport, 'output'> {
  const cases = new Set<string>();
  const operations = new Set<string>();
  const failures: ContractFinding[] = [];
  const serverErrors: ContractFinding[] = [];
  const errors: string[] = [];
  let finished = false;
  for (const line of ndjson.split('\n').filter(Boolean)) {
    const event = JSON.parse(line) as Event;
    if ('EngineFinished' in event) finished = true;
    if ('NonFatalError' in event) errors.push(`${event.NonFatalError.label}: ${event.NonFatalError.value.type} – ${event.NonFatalError.value.message}`);
    if ('FatalError' in event) errors.push(`fatal: ${event.FatalError.exception.message ?? 'unknown'}`);
    if (!('ScenarioFinished' in event)) continue;
    const { phase, recorder } = event.ScenarioFinished;
    const ids = Object.keys(recorder.cases ?? {});
    ids.forEach((id) => cases.add(id));
    // Stateful scenarios chain operations under one label of their own.
    if (phase !== 'stateful' && ids.length) operations.add(recorder.label);
    // A stateful scenario's label names no operation: its request does.
    const operation = (caseId: string) => {
      const request = recorder.interactions?.[caseId]?.request;
      return phase === 'stateful' && request ? `${request.method} ${new URL(request.uri).pathname} (stateful)` : recorder.label;
    };
    for (const [caseId, checks] of Object.entries(recorder.checks ?? {})) {
      const status = recorder.interactions?.[caseId]?.response?.status_code;
      for (const c of checks) if (c.status === 'failure') failures.push({ operation: operation(caseId), check: c.name, status, caseId });
    }
    for (const [caseId, interaction] of Object.entries(recorder.interactions ?? {})) {
      const status = interaction.response?.status_code;
      if (status !== undefined && status >= 500) serverErrors.push({ operation: operation(caseId), check: 'status', status, caseId });
    }
  }
  if (!finished) errors.push('the run did not finish');
  return { operations: operations.size, cases: cases.size, serverErrors, failures, errors };
}

/** One line per operation, check and status, with a case id to look up in the run's output.txt (its curl command). */
export function describeFindings(findings: ContractFinding[]): string[] {
  const first = new Map<string, string>();
  for (const f of findings) {
    const key = `${f.operation}: ${f.check} (${f.status ?? 'no response'})`;
    if (!first.has(key)) first.set(key, f.caseId);
  }
  return [...first].map(([key, caseId]) => `${key}, e.g. case ${caseId}`).sort();
}
