import { z } from 'zod';
import { MIN_LINK_TTL_DAYS } from '../domain/decision';
import { parseKeys } from './meta/tokenCipher';

/** Compose passes an unset variable as an empty string (`${METRICS_TOKEN:-}`): that means unset. */
function unsetWhenEmpty<T extends z.ZodType>(inner: T) {
  return z.preprocess((v) => (v === '' ? undefined : v), inner);
}

/** Environment variables Custodio reads, validated once at start-up so a bad value fails fast. */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  TEMPORAL_ADDRESS: z.string().default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TASK_QUEUE: z.string().default('custodio'),
  MONGODB_URI: z.string().default('mongodb://127.0.0.1:27017/custodio'),
  SMTP_URL: z.string().default('smtp://127.0.0.1:1025'),
  MAIL_FROM: z.string().default('Custodio <no-responder@custodio.gob.pe>'),
  LINK_SECRET: z.string().min(32, 'LINK_SECRET must be at least 32 characters'),
  // Never shorter than MIN_LINK_TTL_DAYS: reminder plans are checked to send fresh links within it.
  LINK_TTL_DAYS: z.coerce.number().int().min(MIN_LINK_TTL_DAYS).max(90).default(MIN_LINK_TTL_DAYS),
  /** Activities one worker runs at once (worker/createWorker.ts explains the default). */
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).max(1000).default(20),
  /** Workflows the worker keeps in memory between tasks (worker/createWorker.ts explains the default). */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(500),
  /** A workflow bundle built ahead (`bundleWorkflowCode`): the worker loads it instead of bundling at every start. */
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Bearer token a scraper sends to /metrics (infra/metrics/endpoint.ts); unset, only local callers may read it, and nobody in production. */
  METRICS_TOKEN: unsetWhenEmpty(z.string().min(32, 'METRICS_TOKEN must be at least 32 characters').optional()),
  /** A worker running alone serves /metrics on this port (the API serves it on PORT); unset, it serves none. */
  METRICS_PORT: unsetWhenEmpty(z.coerce.number().int().min(1).max(65535).optional()),
  /** Meta's Graph API (issue 17 §1): the fake's address in the local demo and the tests. */
  META_GRAPH_URL: z.url().default('https://graph.facebook.com'),
  META_GRAPH_VERSION: z.string().regex(/^v\d+\.\d+$/, 'META_GRAPH_VERSION looks like v23.0').default('v23.0'),
  /**
   * Keys of the stored Meta tokens, `id:key,id:key…`, the current first (infra/meta/tokenCipher.ts);
   * unset, one is derived from LINK_SECRET.
   */
  META_TOKEN_KEYS: unsetWhenEmpty(
    z
      .string()
      .optional()
      .superRefine((v, ctx) => {
        if (v === undefined) return;
        try {
          parseKeys(v);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
        }
      }),
  ),
  /** Where security incidents are reported (PCM 6.1.1.7; DU 007-2020); unset, the CNSD's public mailbox (domain/incident.ts). */
  CNSD_EMAIL: unsetWhenEmpty(z.email().optional()),
});

export type Config = z.infer<typeof schema> & { PUBLIC_URL: string };

/** Secrets written in this repository's docs and compose file as examples; a deployment must replace them. */
const PLACEHOLDER = /change-?me|not-secret|placeholder|example|…|\.\.\./i;
/** 32 bytes, as `openssl rand -hex 32` gives. */
const MIN_SECRET_BITS = 256;

/**
 * A secret's strength, estimated: its length times the bits a character carries in the alphabet its
 * characters come from (hex 4, base64 6…), unless its characters repeat too much to be random.
 */
export function secretBits(secret: string): number {
  const counts = new Map<string, number>();
  for (const ch of secret) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const n = secret.length;
  const shannon = [...counts.values()].reduce((h, c) => h - (c / n) * Math.log2(c / n), 0);
  if (shannon < 3) return 0;
  const alphabet = /^[0-9a-f]+$/i.test(secret) ? 16 : /^[A-Za-z0-9+/=_-]+$/.test(secret) ? 64 : 94;
  return n * Math.log2(alphabet);
}

/** The password a connection URL carries, if any. */
function passwordOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * In production no secret may be a documented placeholder (LINK_SECRET, METRICS_TOKEN when set, and the
 * passwords in MONGODB_URI and SMTP_URL), and those two must carry 32 bytes of entropy.
 */
function productionSecretProblems(env: { NODE_ENV: string; LINK_SECRET: string; METRICS_TOKEN?: string | undefined; MONGODB_URI: string; SMTP_URL: string }): string[] {
  if (env.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  for (const name of ['LINK_SECRET', 'METRICS_TOKEN'] as const) {
    const secret = env[name];
    if (secret === undefined) continue;
    if (PLACEHOLDER.test(secret)) problems.push(`  ${name}: is the documented placeholder; set it to a random value, e.g. \`openssl rand -hex 32\``);
    else if (secretBits(secret) < MIN_SECRET_BITS) problems.push(`  ${name}: carries less than 32 bytes of entropy; use e.g. \`openssl rand -hex 32\``);
  }
  for (const name of ['MONGODB_URI', 'SMTP_URL'] as const) {
    if (PLACEHOLDER.test(passwordOf(env[name]) ?? '')) problems.push(`  ${name}: its password is the documented placeholder; set a real one`);
  }
  return problems;
}

/** Reads and checks the environment; throws one error listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  const lines = parsed.success ? productionSecretProblems(parsed.data) : parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  if (!parsed.success || lines.length) throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  return { ...parsed.data, PUBLIC_URL: parsed.data.PUBLIC_URL ?? `http://localhost:${parsed.data.PORT}` };
}
