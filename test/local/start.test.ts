/**
 * `npm start` under a service manager (STACK trap 5): the manager signals one PID, npm's, and the whole
 * system must stop cleanly — API, worker, Temporal dev server, FerretDB — with exit code 0, leaving no
 * process behind and its data in place for the next start. Runs the command the README documents, build
 * included, so it is the one slow test of this folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../local/ports';
import { REPO_ROOT } from '../../local/tools';
import { eventually } from '../support/eventually';

jest.setTimeout(300_000);

/** Parent of every live process, read from /proc (a zombie has ended: it is left out). */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== 'Z') out.set(Number(name), Number(ppid));
    } catch {
      // Gone between the listing and the read.
    }
  }
  return out;
}

const descendants = (root: number): number[] => {
  const tree = [...parents()];
  const found: number[] = [];
  const visit = (pid: number) => {
    for (const [child, parent] of tree) {
      if (parent !== pid) continue;
      found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
};

const commandOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return `${pid} (gone)`;
  }
};

let npm: ChildProcess | undefined;
let spawned: number[] = [];
let dataDir: string;
let output = '';

afterAll(() => {
  // Only after a failure is anything left: stop it all so the suite leaves no server behind.
  if (npm?.exitCode === null && npm.signalCode === null) process.kill(-npm.pid!, 'SIGKILL');
  for (const pid of spawned) if (parents().has(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

it('a SIGTERM to the PID of `npm start` alone stops every server it started, exits 0 and keeps the data', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'custodio-start-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port) };
  for (const name of ['NODE_ENV', 'MONGODB_URI', 'SMTP_URL', 'LINK_SECRET']) delete env[name];
  // A session of its own, as a service manager starts it: nothing but our signal reaches it.
  npm = spawn('npm', ['start'], { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4000));
  npm.stdout!.on('data', keep);
  npm.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => npm!.once('exit', (code, signal) => resolve({ code, signal })));

  const serving = async () => {
    if (npm!.exitCode !== null) throw new Error(`npm start exited with ${npm!.exitCode}:\n${output}`);
    return (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok ?? false;
  };
  await eventually(serving, Boolean, 'the API to serve', 240_000, { intervalMs: 500 });

  spawned = descendants(npm.pid!);
  const commands = spawned.map(commandOf);
  expect(commands).toEqual(expect.arrayContaining([
    expect.stringContaining('dist/local/main.js'),
    expect.stringMatching(/temporal server start-dev/),
    expect.stringMatching(/ferretdb/),
  ]));

  process.kill(npm.pid!, 'SIGTERM');
  expect(await exited).toEqual({ code: 0, signal: null });
  const survivors = spawned.filter((pid) => parents().has(pid));
  expect(survivors.map(commandOf)).toEqual([]);
  await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  expect(['temporal.db', 'link-secret', 'ferretdb'].filter((f) => !existsSync(join(dataDir, f)))).toEqual([]);
});
