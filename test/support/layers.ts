/**
 * The layers of ARCHITECTURE.md, bottom up, and which of them each may import: as values, or only as
 * types (erased at compile time, so a workflow may name an activity's types without bundling it).
 * `importsOf` reads a file's imports with the TypeScript parser; `violations` checks a graph against the table.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import ts from 'typescript';

export const LAYERS = ['domain', 'contracts', 'infra', 'registry', 'activities', 'workflows', 'processes', 'api', 'worker', 'local', 'scripts'] as const;
export type Layer = (typeof LAYERS)[number];

const below = (layer: Layer) => LAYERS.slice(0, LAYERS.indexOf(layer) + 1);

/** What each layer may import; anything not listed is refused. */
export const MAY_IMPORT: Record<Layer, { values: readonly Layer[]; types?: readonly Layer[] }> = {
  domain: { values: ['domain'] },
  contracts: { values: ['domain', 'contracts'] },
  infra: { values: ['domain', 'contracts', 'infra'] },
  registry: { values: ['domain', 'contracts', 'infra', 'registry'] },
  activities: { values: ['domain', 'contracts', 'infra', 'registry', 'activities'] },
  // Deterministic orchestration: the activities are reached through proxies, by their types only.
  workflows: { values: ['domain', 'contracts', 'workflows'], types: ['activities'] },
  // The Temporal-client adapter starts workflows by name, checked against their types.
  processes: { values: ['domain', 'contracts', 'processes'], types: ['workflows'] },
  // The API reaches processes through `processes/`, never workflow or activity code.
  api: { values: ['domain', 'contracts', 'infra', 'registry', 'processes', 'api'] },
  worker: { values: below('worker') },
  local: { values: below('local') },
  scripts: { values: below('scripts') },
};

export interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

const layerOf = (file: string): Layer | undefined => LAYERS.find((l) => file === l || file.startsWith(`${l}/`));

/** The repository's own imports of one file (paths relative to `root`, without `.ts`), type-only or not. */
export function importsOf(root: string, file: string): Import[] {
  const source = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: Import[] = [];
  const add = (spec: string, typeOnly: boolean) => {
    if (!spec.startsWith('.')) return;
    const target = normalize(join(dirname(file), spec));
    const resolved = [`${target}.ts`, join(target, 'index.ts')].find((f) => safeIsFile(join(root, f)));
    if (resolved) out.push({ from: file, to: resolved, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = Boolean(clause && (clause.isTypeOnly || (!clause.name && named && named.length > 0 && named.every((e) => e.isTypeOnly))));
      add(node.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0]!)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) add(node.arguments[0].text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function safeIsFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Every `.ts` file of the layers, relative to `root`. */
export function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(root, dir))) {
      const rel = join(dir, name);
      if (statSync(join(root, rel)).isDirectory()) walk(rel);
      else if (name.endsWith('.ts')) out.push(rel);
    }
  };
  for (const layer of LAYERS) if (safeIsDir(join(root, layer))) walk(layer);
  return out.sort();
}

function safeIsDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Imports the table refuses, each with the reason in words. */
export function violations(imports: Import[]): string[] {
  return imports.flatMap((i) => {
    const from = layerOf(i.from);
    const to = layerOf(i.to);
    if (!from || !to) return [];
    const rule = MAY_IMPORT[from];
    if (rule.values.includes(to) || (i.typeOnly && rule.types?.includes(to))) return [];
    const how = rule.types?.includes(to) ? 'may import only the types of' : 'may not import';
    return [`${i.from} → ${i.to}: ${from}/ ${how} ${to}/`];
  });
}

/** Import circles among the files (strongly connected components of more than one file, or a self-import). */
export function circles(imports: Import[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const i of imports) graph.set(i.from, [...(graph.get(i.from) ?? []), i.to]);
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const found: string[][] = [];
  const connect = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) connect(v);
  return found;
}

