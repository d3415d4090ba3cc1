import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceFiles } from '../support/layers';

/**
 * Workflow code and the code it imports (contracts, domain) stay deterministic: no I/O modules, no
 * holiday library (STACK trap 4), no Temporal client, worker or activity API. Which of our own layers
 * they may import, and that activities enter only as types, is test/architecture/layers.test.ts's.
 */
const FORBIDDEN = /^(node:|fs$|path$|crypto$|http|net$|child_process$|mongoose|nodemailer|express|pino|date-holidays|pdfmake|smtp-server|mailparser|@temporalio\/(client|worker|activity))/;

function packages(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/^import\s+(?:type\s+)?[^'"]*?from\s+'([^'.][^']*)'/gm)].map((m) => m[1]!);
}

const root = join(__dirname, '..', '..');
const files = sourceFiles(root).filter((f) => /^(workflows|domain|contracts)\//.test(f));

it('covers the workflows, their texts, contracts and domain', () => {
  expect(files).toEqual(expect.arrayContaining(['workflows/decision.ts', 'workflows/texts/content.ts', 'contracts/decision.ts', 'domain/businessDays.ts']));
});

it.each(files)('%s imports nothing nondeterministic', (file) => {
  for (const spec of packages(join(root, file))) expect(FORBIDDEN.test(spec) ? spec : 'ok').toBe('ok');
});
