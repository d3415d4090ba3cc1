import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Root of the repository (the nearest folder with package.json), from sources or from `dist/`. */
export const REPO_ROOT = ((): string => {
  let dir = resolve(__dirname, '..');
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();

/** Where scripts/install-tools.sh puts the servers (and the contract tester); env vars override for machines that have them elsewhere. */
export function toolPath(name: 'temporal' | 'ferretdb' | 'temporal-test-server' | 'schemathesis'): string {
  const env = { temporal: 'TEMPORAL_BIN', ferretdb: 'FERRETDB_BIN', 'temporal-test-server': 'TEMPORAL_TEST_SERVER_BIN', schemathesis: 'SCHEMATHESIS_BIN' }[name];
  const path = process.env[env] ?? join(REPO_ROOT, '.tools', 'bin', name);
  if (!existsSync(path)) {
    throw new Error(`${name} not found at ${path}: run scripts/install-tools.sh (npm start and npm test do it for you)`);
  }
  return path;
}
