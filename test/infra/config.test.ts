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
  it('bounds the worker\'s concurrent activities', () => {
    expect(() => loadConfig({ LINK_SECRET: 'x'.repeat(32), WORKER_MAX_CONCURRENT_ACTIVITIES: '0' })).toThrow(/WORKER_MAX_CONCURRENT_ACTIVITIES/);
  });
});
