import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a plain .mjs script with no type declarations.
import { checkArchitecture, specifiers } from './check-architecture.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./check-architecture.mjs', import.meta.url));

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'codex-arch-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const manifest = (name: string, extra: object = {}) =>
  JSON.stringify({ name: `@codex-auth/${name}`, ...extra });

describe('architecture check', () => {
  const made: string[] = [];
  const make = (files: Record<string, string>) => {
    const root = workspace(files);
    made.push(root);
    return root;
  };
  after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('holds for this repository', () => {
    expect(checkArchitecture(ROOT)).to.deep.equal([]);
  });

  it('finds every form of import', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from 'b-pkg';",
      "export * from 'c-pkg';",
      "import 'side-effect';",
      "const d = await import('node:fs');",
      "const e = require('e-pkg');",
    ].join('\n');
    expect(specifiers(source).map((s: { spec: string }) => s.spec)).to.deep.equal([
      './a.js',
      'b-pkg',
      'c-pkg',
      'side-effect',
      'node:fs',
      'e-pkg',
    ]);
  });

  it('fails, with the file and line, when the domain imports a package or a node: module', () => {
    const root = make({
      'packages/domain/package.json': manifest('domain'),
      'packages/domain/src/ok.ts': "import { x } from './x.js';\n",
      'packages/domain/src/bad.ts':
        "import { x } from './x.js';\nimport { injectable } from 'inversify';\nimport { randomUUID } from 'node:crypto';\n",
    });
    expect(checkArchitecture(root)).to.deep.equal([
      "packages/domain/src/bad.ts:2: the domain imports 'inversify'; it may import only its own files",
      "packages/domain/src/bad.ts:3: the domain imports 'node:crypto'; it may import only its own files",
    ]);
  });

  it('fails when the domain declares runtime dependencies', () => {
    const root = make({
      'packages/domain/package.json': manifest('domain', { dependencies: { zod: '^4' } }),
    });
    expect(checkArchitecture(root)).to.deep.equal([
      'packages/domain/package.json: the domain declares dependencies (zod); it must have none',
    ]);
  });

  it('fails when adapters import each other or drivers import adapters', () => {
    const root = make({
      'packages/adapters-pg/package.json': manifest('adapters-pg'),
      'packages/adapters-pg/src/a.ts':
        "import { Hasher } from '@codex-auth/adapters-crypto';\nimport { TOKENS } from '@codex-auth/domain';\n",
      'packages/cli/package.json': manifest('cli'),
      'packages/cli/src/main.ts':
        "import { createDatabase } from '@codex-auth/adapters-pg';\nimport { build } from '@codex-auth/composition';\n",
    });
    expect(checkArchitecture(root)).to.deep.equal([
      'packages/adapters-pg/src/a.ts:1: adapter adapters-pg imports adapter adapters-crypto; adapters never import each other',
      'packages/cli/src/main.ts:1: driver cli imports adapter adapters-pg; drivers get ports from the container',
    ]);
  });

  it("holds the bench to the drivers' rule: ports from the container, no adapter imports", () => {
    const root = make({
      'packages/bench/package.json': manifest('bench'),
      'packages/bench/src/main.ts':
        "import { Argon2PasswordHasher } from '@codex-auth/adapters-crypto';\nimport { createApplication } from '@codex-auth/composition';\n",
    });
    expect(checkArchitecture(root)).to.deep.equal([
      'packages/bench/src/main.ts:1: driver bench imports adapter adapters-crypto; drivers get ports from the container',
    ]);
  });

  it('lets the web process import the HTTP driver, which is not an adapter', () => {
    const root = make({
      'packages/server/package.json': manifest('server'),
      'packages/server/src/main.ts': "import { createHttpApp } from '@codex-auth/adapters-http';\n",
      'packages/adapters-http/package.json': manifest('adapters-http'),
      'packages/adapters-http/src/app.ts': "import { TOKENS } from '@codex-auth/domain';\n",
    });
    expect(checkArchitecture(root)).to.deep.equal([]);
  });

  it('exits non-zero from the command line on a violation', () => {
    const root = make({
      'packages/domain/package.json': manifest('domain'),
      'packages/domain/src/bad.ts': "import 'node:fs';\n",
    });
    let status = 0;
    try {
      execFileSync(process.execPath, [SCRIPT, root], { stdio: 'pipe' });
    } catch (error) {
      status = (error as { status: number }).status;
    }
    expect(status).to.equal(1);
    expect(execFileSync(process.execPath, [SCRIPT, ROOT], { encoding: 'utf8' })).to.include(
      'architecture rules hold',
    );
  });
});
