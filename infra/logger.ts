import pino from 'pino';

/**
 * The process logger. Personal data and anything resembling a secret is redacted by path, so a
 * careless `log.info({ body })` cannot leak a phone number or a password (RULEBOOK §2, §8).
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info') {
  return pino({
    level,
    base: { app: 'custodio' },
    redact: {
      paths: [
        'password', '*.password', '*.*.password', 'secret', '*.secret', 'token', '*.token',
        'phone', '*.phone', '*.*.phone', '*.*.*.phone', 'req.headers.cookie', 'req.headers.authorization',
        'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', 'key', '*.key', 'LINK_SECRET',
      ],
      censor: '[oculto]',
    },
  });
}

export type Logger = ReturnType<typeof createLogger>;
