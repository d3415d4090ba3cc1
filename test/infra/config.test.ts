import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../infra/config';

describe('configuration', () => {
  it('fails fast, listing every bad variable', () => {
    expect(() => loadConfig({ LINK_SECRET: 'short', PORT: 'abc' })).toThrow(/LINK_SECRET[\s\S]*PORT|PORT[\s\S]*LINK_SECRET/);
  });
  it('fills defaults and derives PUBLIC_URL from the port', () => {
    const c = loadConfig({ LINK_SECRET: 'x'.repeat(32), PORT: '4000' });
    expect(c.PUBLIC_URL).toBe('http://localhost:4000');
    expect(c.TASK_QUEUE).toBe('custodio');
    expect(c.WORKER_MAX_CONCURRENT_ACTIVITIES).toBe(20);
  });
  it('links last at least 14 days, the span reminder plans are checked against (issue 14 §1.5)', () => {
    expect(() => loadConfig({ LINK_SECRET: 'x'.repeat(32), LINK_TTL_DAYS: '7' })).toThrow(/LINK_TTL_DAYS/);
    expect(loadConfig({ LINK_SECRET: 'x'.repeat(32), LINK_TTL_DAYS: '30' }).LINK_TTL_DAYS).toBe(30);
  });
  it('bounds the worker\'s concurrent activities', () => {
    expect(() => loadConfig({ LINK_SECRET: 'x'.repeat(32), WORKER_MAX_CONCURRENT_ACTIVITIES: '0' })).toThrow(/WORKER_MAX_CONCURRENT_ACTIVITIES/);
  });
  it('keeps 500 workflows in the worker\'s cache unless told otherwise (issue 18 §1: worker RSS < 1.5 GiB)', () => {
    expect(loadConfig({ LINK_SECRET: 'x'.repeat(32) }).WORKER_MAX_CACHED_WORKFLOWS).toBe(500);
    expect(loadConfig({ LINK_SECRET: 'x'.repeat(32), WORKER_MAX_CACHED_WORKFLOWS: '1000' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(1000);
    expect(() => loadConfig({ LINK_SECRET: 'x'.repeat(32), WORKER_MAX_CACHED_WORKFLOWS: 'mil' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
  });

  it('reads the metrics token and the worker\'s metrics port, an empty value meaning unset (as compose passes it)', () => {
    const c = loadConfig({ LINK_SECRET: 'x'.repeat(32), METRICS_TOKEN: 'm'.repeat(32), METRICS_PORT: '9464' });
    expect([c.METRICS_TOKEN, c.METRICS_PORT]).toEqual(['m'.repeat(32), 9464]);
    const unset = loadConfig({ LINK_SECRET: 'x'.repeat(32), METRICS_TOKEN: '', METRICS_PORT: '' });
    expect([unset.METRICS_TOKEN, unset.METRICS_PORT]).toEqual([undefined, undefined]);
    expect(() => loadConfig({ LINK_SECRET: 'x'.repeat(32), METRICS_TOKEN: 'short', METRICS_PORT: '70000' })).toThrow(/METRICS_TOKEN[\s\S]*METRICS_PORT/);
  });

  describe('in production (issue 14 §1.10)', () => {
    const production = (LINK_SECRET: string) => () => loadConfig({ NODE_ENV: 'production', LINK_SECRET });
    it('refuses the documented placeholders, naming the variable', () => {
      expect(production('change-me-this-link-secret-is-not-secret-0000')).toThrow(/LINK_SECRET: .*placeholder/);
      expect(production('3f9c…64 hex characters…'.padEnd(64, '…'))).toThrow(/LINK_SECRET/);
    });
    it('refuses a secret with less than 32 bytes of entropy: too short, too few kinds of characters, or repetitive', () => {
      expect(production('0123456789abcdef0123456789abcdef')).toThrow(/LINK_SECRET: .*entropy/);
      expect(production('x'.repeat(64))).toThrow(/LINK_SECRET: .*entropy/);
      expect(production('ab'.repeat(40))).toThrow(/LINK_SECRET: .*entropy/);
    });
    it('accepts what `openssl rand -hex 32` or 32 random bytes in base64url give', () => {
      expect(production(randomBytes(32).toString('hex'))).not.toThrow();
      expect(production(randomBytes(32).toString('base64url'))).not.toThrow();
    });
    it('refuses the placeholder database and mail passwords of docker-compose.yml', () => {
      const env = { NODE_ENV: 'production', LINK_SECRET: randomBytes(32).toString('hex') };
      expect(() => loadConfig({ ...env, MONGODB_URI: 'mongodb://custodio:change-me-mongo-password@mongo:27017/custodio' })).toThrow(/MONGODB_URI: its password is the documented placeholder/);
      expect(() => loadConfig({ ...env, SMTP_URL: 'smtps://relay:changeme@smtp.example:465' })).toThrow(/SMTP_URL/);
      expect(() => loadConfig({ ...env, MONGODB_URI: 'mongodb://custodio:Zq4-real-pass@mongo:27017/custodio' })).not.toThrow();
    });
    it('refuses a placeholder or weak metrics token, and runs without one (/metrics then stays closed)', () => {
      const env = { NODE_ENV: 'production', LINK_SECRET: randomBytes(32).toString('hex') };
      expect(() => loadConfig({ ...env, METRICS_TOKEN: 'change-me-metrics-token-0000000000000' })).toThrow(/METRICS_TOKEN: .*placeholder/);
      expect(() => loadConfig({ ...env, METRICS_TOKEN: 'm'.repeat(64) })).toThrow(/METRICS_TOKEN: .*entropy/);
      expect(() => loadConfig({ ...env, METRICS_TOKEN: randomBytes(32).toString('hex') })).not.toThrow();
      expect(() => loadConfig(env)).not.toThrow();
    });
    it('development and tests keep accepting any 32 characters', () => {
      expect(() => loadConfig({ LINK_SECRET: 'x'.repeat(32) })).not.toThrow();
    });
  });
});
