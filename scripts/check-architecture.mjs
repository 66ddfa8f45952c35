#!/usr/bin/env node
// The dependency rules of docs/architecture.md, checked on the source text so the build fails when
// one is broken:
//   1. `domain` imports nothing outside itself (no npm package, no `node:` module) and declares no
//      runtime dependencies, so it runs in any JavaScript runtime and can be embedded anywhere.
//   2. Adapter packages never import each other.
//   3. Drivers (http, server, cli, worker, and the bench, which drives the built server from outside)
//      never import an adapter package: they get ports from the container.
//   4. Nor do they reach an adapter's type through the composition: no type the composition exports
//      (every entry of its package.json `exports` but `./testing`) leads to a type declared in an
//      adapter package, through its properties, signatures or type arguments. TypeScript's checker
//      walks the composition's own types; a domain or library type is not looked into.
//   5. Drivers' sources never import `@codex-auth/composition/testing`, the tests' way to the adapter.
//   6. `wire` (the contract's JSON shapes, imported by two drivers) imports only the domain, so no
//      driver reaches another driver, an adapter or a library through it.
import { readdirSync, readFileSync, realpathSync, statSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s[^;]*?\sfrom\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
// A package's name says its floor: `adapters-*` implement ports, these drive the domain.
const DRIVERS = new Set(['http', 'cli', 'worker', 'server', 'bench']);
const isAdapter = (name) => name.startsWith('adapters-');
const COMPOSITION_TESTING = '@codex-auth/composition/testing';

/** Every module specifier a source file names, with its line number. */
export function specifiers(source) {
  const found = [];
  for (const match of source.matchAll(SPECIFIER)) {
    const spec = match[1] ?? match[2] ?? match[3] ?? match[4];
    const line = source.slice(0, match.index).split('\n').length + (match[0].startsWith('\n') ? 1 : 0);
    found.push({ spec, line });
  }
  return found;
}

function sourceFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(?:[cm]?[jt]s|tsx)$/.test(name) && !/\.d\.ts$/.test(name) ? [path] : [];
  });
}

/** Violations of the rules in the workspace at `root`, as readable lines. Empty when all hold. */
export async function checkArchitecture(root) {
  const violations = [];
  const packagesDir = join(root, 'packages');
  const packages = existsSync(packagesDir)
    ? readdirSync(packagesDir).filter((p) => existsSync(join(packagesDir, p, 'package.json')))
    : [];
  for (const pkg of packages) {
    const dir = join(packagesDir, pkg);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    if (pkg === 'domain') {
      for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
        if (manifest[field] && Object.keys(manifest[field]).length > 0) {
          violations.push(
            `packages/domain/package.json: the domain declares ${field} (${Object.keys(manifest[field]).join(', ')}); it must have none`,
          );
        }
      }
    }
    for (const file of sourceFiles(join(dir, 'src'))) {
      const where = relative(root, file);
      for (const { spec, line } of specifiers(readFileSync(file, 'utf8'))) {
        const relativeImport = spec.startsWith('.') || spec.startsWith('/');
        const target = spec.match(/^@codex-auth\/([^/]+)/)?.[1];
        if (pkg === 'wire' && !relativeImport && target !== 'domain') {
          violations.push(
            `${where}:${line}: wire imports '${spec}'; the shapes both drivers print may import only the domain`,
          );
        } else if (pkg === 'domain' && !relativeImport) {
          violations.push(`${where}:${line}: the domain imports '${spec}'; it may import only its own files`);
        } else if (isAdapter(pkg) && target !== undefined && isAdapter(target) && target !== pkg) {
          violations.push(
            `${where}:${line}: adapter ${pkg} imports adapter ${target}; adapters never import each other`,
          );
        } else if (DRIVERS.has(pkg) && target !== undefined && isAdapter(target)) {
          violations.push(
            `${where}:${line}: driver ${pkg} imports adapter ${target}; drivers get ports from the container`,
          );
        } else if (DRIVERS.has(pkg) && spec === COMPOSITION_TESTING) {
          violations.push(
            `${where}:${line}: driver ${pkg} imports ${COMPOSITION_TESTING}, the tests' way to the adapter; drivers get ports from the Application`,
          );
        }
      }
    }
  }
  if (packages.includes('composition')) violations.push(...(await compositionSurface(root, packagesDir)));
  return violations;
}

/** Rule 4: the composition's exported types, walked for a type an adapter package declares. */
async function compositionSurface(root, packagesDir) {
  const { default: ts } = await import('typescript');
  const dir = join(packagesDir, 'composition');
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const entries = Object.entries(manifest.exports ?? { '.': './src/index.ts' })
    .filter(([key]) => key !== './testing')
    .map(([, target]) => (typeof target === 'string' ? target : target['@codex-auth/source']))
    .filter((target) => typeof target === 'string')
    .map((target) => join(dir, target))
    .filter((file) => existsSync(file));
  const program = ts.createProgram(entries, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    customConditions: ['@codex-auth/source'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const packageOf = (symbol) => {
    const file = symbol?.declarations?.[0]?.getSourceFile().fileName;
    if (file === undefined) return undefined;
    const path = relative(packagesDir, existsSync(file) ? realpathSync(file) : file);
    return path.startsWith('..') ? 'outside' : path.split(sep)[0];
  };
  const violations = [];
  const seen = new Set();
  const walk = (type, path, where) => {
    if (seen.has(type)) return;
    seen.add(type);
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const owner = packageOf(symbol);
    if (owner !== undefined && isAdapter(owner)) {
      violations.push(
        `${where}: the composition exports ${path}, which is ${owner}'s ${symbol.name}; drivers reach ports through the composition, never an adapter's type`,
      );
      return;
    }
    for (const argument of type.aliasTypeArguments ?? []) walk(argument, path, where);
    if (type.flags & ts.TypeFlags.Object && type.objectFlags & ts.ObjectFlags.Reference) {
      for (const argument of checker.getTypeArguments(type)) walk(argument, path, where);
    }
    if (type.isUnionOrIntersection()) for (const member of type.types) walk(member, path, where);
    // Only the composition's own types are looked into: the domain imports no adapter, and a
    // library's types (inversify's Container, winston's) cannot name ours.
    if (owner !== 'composition') return;
    for (const property of checker.getPropertiesOfType(type)) {
      walk(checker.getTypeOfSymbol(property), `${path}.${property.name}`, where);
    }
    for (const signature of [...type.getCallSignatures(), ...type.getConstructSignatures()]) {
      for (const parameter of signature.parameters) {
        walk(checker.getTypeOfSymbol(parameter), `${path}(${parameter.name})`, where);
      }
      walk(signature.getReturnType(), `${path}()`, where);
    }
  };
  for (const entry of entries) {
    const source = program.getSourceFile(entry);
    const module = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    if (module === undefined) continue;
    const where = relative(root, entry);
    const exports = checker.getExportsOfModule(module).map((exported) => ({
      name: exported.name,
      symbol: exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported,
    }));
    // Types first, so a violation is reported by its shortest name (`Application.database`).
    for (const { name, symbol } of exports) {
      if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Class)) {
        walk(checker.getDeclaredTypeOfSymbol(symbol), name, where);
      }
    }
    for (const { name, symbol } of exports) {
      if (symbol.flags & ts.SymbolFlags.Value) walk(checker.getTypeOfSymbol(symbol), name, where);
    }
  }
  return violations;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url));
  const violations = await checkArchitecture(root);
  for (const v of violations) console.error(v);
  if (violations.length > 0) {
    console.error(`${violations.length} architecture rule violation(s); see docs/architecture.md`);
    process.exit(1);
  }
  console.log('architecture rules hold');
}
