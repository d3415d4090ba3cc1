import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../local/ports';
import { startProcess } from '../../local/process';

const logFile = () => join(mkdtempSync(join(tmpdir(), 'custodio-proc-')), 'server.log');

describe('starting a server', () => {
  it('says which server failed and quotes why when it exits before listening', async () => {
    const port = await freePort();
    await expect(
      startProcess({ name: 'FerretDB', command: 'bash', args: ['-c', 'echo "listen tcp: address already in use" >&2; exit 3'], port, logFile: logFile() }),
    ).rejects.toThrow(/FerretDB exited before accepting connections: exit code 3[\s\S]*address already in use/);
  });

  it('keeps the first line of a long dying output (a Go panic says why before a long stack trace)', async () => {
    const port = await freePort();
    const script = 'echo "panic: listen tcp 127.0.0.1:7243: bind: address already in use" >&2; for i in $(seq 1 200); do echo "\tgo.temporal.io/server/frame$i(0xc000)" >&2; done; exit 2';
    const failure = startProcess({ name: 'Temporal dev server', command: 'bash', args: ['-c', script], port, logFile: logFile() });
    await expect(failure).rejects.toThrow(/exit code 2[\s\S]*panic: listen tcp 127\.0\.0\.1:7243: bind: address already in use[\s\S]*frame200/);
  });

  it('names the server when the binary is missing', async () => {
    await expect(startProcess({ name: 'Temporal dev server', command: '/nonexistent/temporal', args: [], port: await freePort(), logFile: logFile() })).rejects.toThrow(/Temporal dev server exited before accepting connections: .*ENOENT/);
  });

  it('gives up after its timeout when the server never listens, and stops it', async () => {
    const started = Date.now();
    await expect(startProcess({ name: 'Slow server', command: 'sleep', args: ['30'], port: await freePort(), logFile: logFile(), timeoutMs: 500 })).rejects.toThrow(/Slow server did not accept connections on port \d+ within 500 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
