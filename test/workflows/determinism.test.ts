import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A guard in place of a lint rule (STYLE "Guardrails"): workflow code and the domain code it imports
 * stay deterministic. No I/O modules, no holiday library (STACK trap 4), and only *types* from activities.
 */
const FORBIDDEN = /^(node:|fs$|path$|crypto$|http|net$|child_process$|mongoose|nodemailer|express|pino|date-holidays|pdfmake|smtp-server|mailparser|@temporalio\/(client|worker|activity))/;

function imports(file: string): Array<{ spec: string; typeOnly: boolean }> {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/^import\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)].map((m) => ({ spec: m[2]!, typeOnly: Boolean(m[1]) }));
}

const root = join(__dirname, '..', '..');
const files = ['workflows', 'domain', 'contracts'].flatMap((dir) => readdirSync(join(root, dir)).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f)));

it.each(files)('%s imports nothing nondeterministic', (file) => {
  for (const { spec, typeOnly } of imports(join(root, file))) {
    expect(FORBIDDEN.test(spec) ? spec : 'ok').toBe('ok');
    if (/activities|infra|api\//.test(spec)) expect(typeOnly ? 'type import' : spec).toBe('type import');
  }
});
