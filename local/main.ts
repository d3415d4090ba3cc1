/**
 * The local run (`npm start`): the whole system with embedded defaults, state kept under `.data/`
 * so stopping and starting loses nothing. Prints where to click.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../infra/logger';
import { installRuntime } from '../worker/runtime';
import { freePort } from './ports';
import { defaultDataDir, startLocalStack, type LocalStack } from './stack';
import { REPO_ROOT } from './tools';

/** The preferred port if it is free, otherwise any free one. */
async function portOr(preferred: number): Promise<number> {
  const { createServer } = await import('node:net');
  const free = await new Promise<boolean>((resolve) => {
    const s = createServer().once('error', () => resolve(false)).listen(preferred, '127.0.0.1', () => s.close(() => resolve(true)));
  });
  return free ? preferred : freePort();
}

/** A link secret made once per data folder, so links in already-sent emails keep working after a restart. */
function linkSecret(dataDir: string): string {
  if (process.env.LINK_SECRET) return process.env.LINK_SECRET;
  const file = join(dataDir, 'link-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

async function main() {
  // Listening before anything starts: a signal during start-up must still stop the servers already
  // spawned (the SDK's own handlers would otherwise swallow it and leave everything running).
  let starting: Promise<LocalStack> | undefined;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping…');
    const stack = await starting?.catch(() => undefined);
    await stack?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  const dataDir = process.env.DATA_DIR ?? defaultDataDir(REPO_ROOT);
  mkdirSync(dataDir, { recursive: true });
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const temporalMetricsUrl = await installRuntime({ logLevel: 'WARN' });
  const ports = { apiPort: await portOr(Number(process.env.PORT ?? 3000)), temporalPort: await portOr(7233), temporalUiPort: await portOr(8233) };
  if (stopping) return;
  starting = startLocalStack({
    dataDir,
    log,
    linkSecret: linkSecret(dataDir),
    temporalDbFile: join(dataDir, 'temporal.db'),
    ...ports,
    temporalMetricsUrl,
    mailFile: join(dataDir, 'mail.jsonl'),
    ...(process.env.MONGODB_URI ? { mongodbUri: process.env.MONGODB_URI } : {}),
    ...(process.env.SMTP_URL ? { smtpUrl: process.env.SMTP_URL } : {}),
  });
  const stack = await starting;
  if (stopping) return;
  const lines = [
    '',
    'Custodio is running.',
    `  Sign in          ${stack.apiUrl}/ingresar   e.g. dtorres@cultura.gob.pe (requesting unit), aquispe@cultura.gob.pe (head);`,
    '                   the sign-in link arrives in the mailbox below (no passwords)',
    `  Request form     ${stack.apiUrl}/solicitudes/nueva   (a new institutional account)`,
    `  Campaign form    ${stack.apiUrl}/campanas/nueva`,
    `  Content form     ${stack.apiUrl}/contenidos/nueva`,
    stack.mailbox ? `  Mailbox          ${stack.apiUrl}/dev/buzon   (JSON: ${stack.apiUrl}/dev/mail)` : '  Mailbox          (SMTP_URL set: mail goes to your relay)',
    `  Temporal UI      ${stack.temporal.uiUrl}`,
    `  API              ${stack.apiUrl}/api/docs`,
    `  Metrics          ${stack.apiUrl}/metrics   (Prometheus; this machine only)`,
    `  Data folder      ${dataDir}`,
    'Press Ctrl+C to stop; running processes resume on the next start.',
    '',
  ];
  console.log(lines.join('\n'));
}

main().catch((err) => {
  console.error(`Custodio could not start: ${(err as Error).message}`);
  process.exit(1);
});
