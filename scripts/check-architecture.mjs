#!/usr/bin/env node
// The dependency rules of docs/architecture.md, checked on the source text so the build fails when
// one is broken:
//   1. `domain` imports nothing outside itself (no npm package, no `node:` module) and declares no
//      runtime dependencies, so it runs in any JavaScript runtime and can be embedded anywhere.
//   2. Adapter packages never import each other.
//   3. Drivers (http, server, cli, worker, and the bench, which drives the built server from outside)
//      never import an adapter package: they get ports from the container.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s[^;]*?\sfrom\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
const DRIVERS = new Set(['adapters-http', 'cli', 'worker', 'server', 'bench']);
// adapters-http is named like an adapter but drives the domain: it is the HTTP driver.
const isAdapter = (name) => name.startsWith('adapters-') && !DRIVERS.has(name);

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
export function checkArchitecture(root) {
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
        if (pkg === 'domain' && !relativeImport) {
          violations.push(`${where}:${line}: the domain imports '${spec}'; it may import only its own files`);
        } else if (isAdapter(pkg) && target !== undefined && isAdapter(target) && target !== pkg) {
          violations.push(
            `${where}:${line}: adapter ${pkg} imports adapter ${target}; adapters never import each other`,
          );
        } else if (DRIVERS.has(pkg) && target !== undefined && isAdapter(target)) {
          violations.push(
            `${where}:${line}: driver ${pkg} imports adapter ${target}; drivers get ports from the container`,
          );
        }
      }
    }
  }
  return violations;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url));
  const violations = checkArchitecture(root);
  for (const v of violations) console.error(v);
  if (violations.length > 0) {
    console.error(`${violations.length} architecture rule violation(s); see docs/architecture.md`);
    process.exit(1);
  }
  console.log('architecture rules hold');
}
