import { join } from 'node:path';
import { circles, importsOf, sourceFiles, violations, type Import } from '../support/layers';

/**
 * The layers of ARCHITECTURE.md, enforced: nothing imports upward, workflows see activities and the
 * Temporal adapter sees workflows only as types, and no module reaches itself through its imports.
 */
const root = join(__dirname, '..', '..');
const files = sourceFiles(root);
const imports = files.flatMap((f) => importsOf(root, f));

describe('layers (ARCHITECTURE.md)', () => {
  it('reads the whole tree', () => {
    expect(files.length).toBeGreaterThan(150);
    expect(imports.length).toBeGreaterThan(500);
  });

  it('no file imports a layer it may not', () => {
    expect(violations(imports)).toEqual([]);
  });

  it('no import circle among our modules, type-only imports included', () => {
    expect(circles(imports)).toEqual([]);
  });
});

describe('the checks themselves refuse a deliberate violation', () => {
  const edge = (from: string, to: string, typeOnly = false): Import => ({ from, to, typeOnly });

  it('an upward import', () => {
    expect(violations([edge('infra/db.ts', 'registry/reads.ts')])).toEqual(['infra/db.ts → registry/reads.ts: infra/ may not import registry/']);
    expect(violations([edge('activities/campaign.ts', 'api/errors.ts')])).toHaveLength(1);
    expect(violations([edge('domain/access.ts', 'contracts/failures.ts', true)])).toHaveLength(1);
  });

  it('a value import where only types may go, and the type import that is fine', () => {
    expect(violations([edge('workflows/content.ts', 'activities/content.ts')])).toEqual([
      'workflows/content.ts → activities/content.ts: workflows/ may import only the types of activities/',
    ]);
    expect(violations([edge('workflows/content.ts', 'activities/content.ts', true)])).toEqual([]);
    expect(violations([edge('api/app.ts', 'workflows/index.ts', true)])).toHaveLength(1);
  });

  it('a circle', () => {
    expect(circles([edge('api/a.ts', 'api/b.ts'), edge('api/b.ts', 'api/c.ts', true), edge('api/c.ts', 'api/a.ts')])).toEqual([['api/a.ts', 'api/b.ts', 'api/c.ts']]);
    expect(circles([edge('api/a.ts', 'api/b.ts'), edge('api/b.ts', 'api/c.ts')])).toEqual([]);
  });
});
