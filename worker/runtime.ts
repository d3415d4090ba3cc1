import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { freePort } from '../infra/ports';

/**
 * Installs this process's Temporal SDK runtime with its Prometheus exporter on a loopback port of its own,
 * and answers the exporter's address. The exporter has no access check, so it never listens beyond this
 * machine: the process serves its series with its own, behind `/metrics` (infra/metrics).
 */
export async function installRuntime(opts: { logLevel?: LogLevel } = {}): Promise<string> {
  const port = await freePort();
  Runtime.install({
    ...(opts.logLevel ? { logger: new DefaultLogger(opts.logLevel) } : {}),
    telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${port}` } } },
  });
  return `http://127.0.0.1:${port}/metrics`;
}
