import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { waitForPort } from './ports';

export interface RunningServer {
  name: string;
  stop(): Promise<void>;
}

/**
 * Starts a server binary, logs its output to `logFile`, and waits until `port` accepts connections.
 * A failure names the server and quotes the end of its log, so "why did it not start" is answered.
 */
export async function startProcess(opts: {
  name: string;
  command: string;
  args: string[];
  port: number;
  logFile: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}): Promise<RunningServer & { child: ChildProcess }> {
  mkdirSync(dirname(opts.logFile), { recursive: true });
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  let tail = '';
  // A Go panic's first line says why (e.g. "address already in use"); its stack trace pushes that line
  // out of the tail, so the opening of the output is kept too.
  let head = '';
  const child = spawn(opts.command, opts.args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
  const keep = (chunk: Buffer) => {
    log.write(chunk);
    if (head.length < 1000) head = (head + chunk.toString()).slice(0, 1000);
    tail = (tail + chunk.toString()).slice(-2000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exit: string | undefined;
  child.on('error', (err) => (exit = `${err.message}`));
  child.on('exit', (code, signal) => (exit ??= `exit code ${code ?? signal}`));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
    log.end();
  };
  const output = () => (tail.length < 2000 ? tail : `${head}\n…\n${tail}`);
  try {
    await waitForPort(opts.port, opts.name, opts.timeoutMs ?? 60_000, () => (exit ? `${exit}\n${output()}` : undefined));
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- output of ${opts.name} (${opts.logFile}) ---\n${output()}`);
  }
  return { name: opts.name, child, stop };
}
