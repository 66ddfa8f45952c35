/**
 * The Node version gate every entry point (web, worker, CLI) passes before it loads anything else.
 *
 * Why: argon2's prebuilt binary crashes some older Nodes (SIGSEGV on Node 20, exit 139 and no output),
 * and newer syntax fails with a parse error far from its cause. Entry points import this module
 * alone, call `exitUnlessSupportedNode()`, and only then `import()` the rest, so a wrong Node gets one
 * line saying what to do instead of a crash. This module must therefore load on old Nodes: it imports
 * only `node:fs` and `semver` (plain JavaScript).
 */
import { readFileSync } from 'node:fs';
import semver from 'semver';

/** The `engines.node` range of this package (kept equal to the workspace root's by a test). */
export function requiredNodeRange(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    engines?: { node?: string };
  };
  const range = manifest.engines?.node;
  if (range === undefined) throw new Error('@codex-auth/composition package.json declares no engines.node');
  return range;
}

/** `null` when `version` satisfies `range`, else the one line to show. */
export function nodeVersionProblem(version: string, range: string): string | null {
  if (semver.satisfies(version, range, { includePrerelease: true })) return null;
  return (
    `Codex Auth needs Node ${range} but this is Node ${version}: run it through pnpm ` +
    '(`pnpm start`, `pnpm worker`, `pnpm cli …`), which uses the Node 24 the project pins, ' +
    'or install Node 24 (the version in .node-version) and run it with that.'
  );
}

export function exitUnlessSupportedNode(): void {
  const problem = nodeVersionProblem(process.version, requiredNodeRange());
  if (problem === null) return;
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
