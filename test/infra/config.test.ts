import { loadConfig } from '../../infra/config';

describe('configuration', () => {
  it('fails fast, listing every bad variable', () => {
    expect(() => loadConfig({ LINK_SECRET: 'short', PORT: 'abc' })).toThrow(/LINK_SECRET[\s\S]*PORT|PORT[\s\S]*LINK_SECRET/);
  });
  it('fills defaults and derives PUBLIC_URL from the port', () => {
    const c = loadConfig({ LINK_SECRET: 'x'.repeat(32), PORT: '4000' });
    expect(c.PUBLIC_URL).toBe('http://localhost:4000');
    expect(c.TASK_QUEUE).toBe('custodio');
  });
});
