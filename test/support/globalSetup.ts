import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Fails fast with a useful message when the servers were not installed (npm test installs them). */
export default function globalSetup(): void {
  const bin = join(__dirname, '..', '..', '.tools', 'bin');
  for (const tool of ['temporal', 'ferretdb', 'temporal-test-server', 'schemathesis']) {
    if (!existsSync(join(bin, tool))) throw new Error(`${tool} missing in ${bin}: run bash scripts/install-tools.sh (npm test does)`);
  }
}
