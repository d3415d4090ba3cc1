import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The worker evaluates the workflow entry's modules once per process it holds (issue 18 §1): a rotation,
 * which tens of thousands of accounts each keep open, must not evaluate every other workflow, zod and
 * all of date-fns with it. Checked in a child `node`, whose module cache is the real one (jest keeps
 * its own registry).
 */
const root = join(__dirname, '..', '..');

function loadedAfter(script: string): string[] {
  const out = execFileSync(process.execPath, ['-r', join(root, 'test', 'support', 'tsRequire.js'), '-e', script], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out) as string[];
}

const LOADED = `JSON.stringify(Object.keys(require.cache).map((f) => require('node:path').relative(process.cwd(), f)))`;

it('loads no workflow module, zod or date-fns when the entry is loaded', () => {
  const loaded = loadedAfter(`require('./workflows'); console.log(${LOADED});`);
  expect(loaded).toContain('workflows/index.ts');
  expect(loaded.filter((f) => /^workflows\/(?!index\.ts)|node_modules\/(zod|date-fns|@date-fns)\//.test(f))).toEqual([]);
});

it('loads a rotation with its own modules only: no other workflow, no zod, no date-fns', () => {
  // The call is refused outside a workflow execution, after its module has loaded: that is all this needs.
  const loaded = loadedAfter(`require('./workflows').credentialRotation({ history: [] }).catch(() => console.log(${LOADED}));`);
  expect(loaded).toContain('workflows/credentialRotation.ts');
  expect(loaded.filter((f) => /^workflows\/(accountCreation|campaign|content|roleReview)\.ts$|node_modules\/(zod|date-fns|@date-fns)\//.test(f))).toEqual([]);
});
