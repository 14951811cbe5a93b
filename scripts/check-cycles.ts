/**
 * `npm run check:cycles` (CI): fails on any import circle between the files of `src/` (issue #24),
 * type-only imports included, since a circle of types is a circle of concepts. Reads the imports
 * with TypeScript's own parser; prints each circle it finds, as the chain of files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** The files of src/ that one file imports (static, dynamic and type-only imports, and re-exports). */
export function importsOf(file: string, root = SRC): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const targets: string[] = [];
  const visit = (node: ts.Node): void => {
    const specifier =
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier
        ? node.moduleSpecifier
        : ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword
          ? node.arguments[0]
          : ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)
            ? node.argument.literal
            : undefined;
    if (specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.')) {
      const target = resolve(dirname(file), specifier.text.replace(/\.js$/, '.ts'));
      if (target.startsWith(root)) targets.push(target);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return targets;
}

/** Every circle of the import graph of `root`, each once, as a list of files relative to it. */
export function findCycles(root = SRC): string[][] {
  const graph = new Map(files(root).map((file) => [file, importsOf(file, root)]));
  const cycles = new Map<string, string[]>();
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'visiting');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'visiting') {
        const cycle = stack.slice(stack.indexOf(next)).map((f) => relative(root, f));
        const key = [...cycle].sort().join(' ');
        if (!cycles.has(key)) cycles.set(key, [...cycle, relative(root, next)]);
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return [...cycles.values()];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cycles = findCycles();
  for (const cycle of cycles) console.error(`import circle: ${cycle.join(' → ')}`);
  if (cycles.length > 0) process.exit(1);
  console.log('src/: no import circle.');
}
