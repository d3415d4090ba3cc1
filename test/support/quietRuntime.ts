import { DefaultLogger, Runtime, type LogLevel, type LogMetadata } from '@temporalio/worker';
import { noteWorkerLog } from './clockLocks';

/** The SDK logs every worker state change at INFO; tests only need warnings and errors. */
class TestLogger extends DefaultLogger {
  override log(level: LogLevel, message: string, meta?: LogMetadata): void {
    noteWorkerLog(message, meta);
    super.log(level, message, meta);
  }
}

// The native side's warnings come through the same logger, where clockLocks.ts watches for the ones
// that leave a time-skipping server's clock locked. Set as the options the runtime is created with on
// first use (rather than installed now): a runtime forwarding its logs keeps the process alive until it
// shuts down, which it does once its last worker and connection close, and a file that never uses
// Temporal would otherwise never let jest exit.
Runtime.defaultOptions = {
  logger: new TestLogger('WARN'),
  telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } },
};
