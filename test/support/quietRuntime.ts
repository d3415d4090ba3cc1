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
// that leave a time-skipping server's clock locked.
Runtime.install({ logger: new TestLogger('WARN'), telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } } });
