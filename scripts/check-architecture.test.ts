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

  it('holds for this repository', async () => {
    expect(await checkArchitecture(ROOT)).to.deep.equal([]);
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

  it('fails, with the file and line, when the domain imports a package or a node: module', async () => {
    const root = make({
      'packages/domain/package.json': manifest('domain'),
      'packages/domain/src/ok.ts': "import { x } from './x.js';\n",
      'packages/domain/src/bad.ts':
        "import { x } from './x.js';\nimport { injectable } from 'inversify';\nimport { randomUUID } from 'node:crypto';\n",
    });
    expect(await checkArchitecture(root)).to.deep.equal([
      "packages/domain/src/bad.ts:2: the domain imports 'inversify'; it may import only its own files",
      "packages/domain/src/bad.ts:3: the domain imports 'node:crypto'; it may import only its own files",
    ]);
  });

  it('fails when the domain declares runtime dependencies', async () => {
    const root = make({
      'packages/domain/package.json': manifest('domain', { dependencies: { zod: '^4' } }),
    });
    expect(await checkArchitecture(root)).to.deep.equal([
      'packages/domain/package.json: the domain declares dependencies (zod); it must have none',
    ]);
  });

  it('fails when adapters import each other or drivers import adapters', async () => {
    const root = make({
      'packages/adapters-pg/package.json': manifest('adapters-pg'),
      'packages/adapters-pg/src/a.ts':
        "import { Hasher } from '@codex-auth/adapters-crypto';\nimport { TOKENS } from '@codex-auth/domain';\n",
      'packages/cli/package.json': manifest('cli'),
      'packages/cli/src/main.ts':
        "import { createDatabase } from '@codex-auth/adapters-pg';\nimport { build } from '@codex-auth/composition';\n",
    });
    expect(await checkArchitecture(root)).to.deep.equal([
      'packages/adapters-pg/src/a.ts:1: adapter adapters-pg imports adapter adapters-crypto; adapters never import each other',
      'packages/cli/src/main.ts:1: driver cli imports adapter adapters-pg; drivers get ports from the container',
    ]);
  });

  it('fails when the shared JSON shapes import anything but the domain', async () => {
    const root = make({
      'packages/wire/package.json': manifest('wire'),
      'packages/wire/src/index.ts':
        "import type { UserView } from '@codex-auth/domain';\nimport { PROBLEMS } from '@codex-auth/http';\nimport { z } from 'zod';\nimport { helper } from './helper.js';\n",
    });
    expect(await checkArchitecture(root)).to.deep.equal([
      "packages/wire/src/index.ts:2: wire imports '@codex-auth/http'; the shapes both drivers print may import only the domain",
      "packages/wire/src/index.ts:3: wire imports 'zod'; the shapes both drivers print may import only the domain",
    ]);
  });

  it("holds the bench to the drivers' rule: ports from the container, no adapter imports", async () => {
    const root = make({
      'packages/bench/package.json': manifest('bench'),
      'packages/bench/src/main.ts':
        "import { Argon2PasswordHasher } from '@codex-auth/adapters-crypto';\nimport { createApplication } from '@codex-auth/composition';\n",
    });
    expect(await checkArchitecture(root)).to.deep.equal([
      'packages/bench/src/main.ts:1: driver bench imports adapter adapters-crypto; drivers get ports from the container',
    ]);
  });

  it('lets the web process import the HTTP driver, which is not an adapter', async () => {
    const root = make({
      'packages/server/package.json': manifest('server'),
      'packages/server/src/main.ts': "import { createHttpApp } from '@codex-auth/http';\n",
      'packages/http/package.json': manifest('http'),
      'packages/http/src/app.ts': "import { TOKENS } from '@codex-auth/domain';\n",
    });
    expect(await checkArchitecture(root)).to.deep.equal([]);
  });

  describe('the composition hands drivers ports, not adapter types', () => {
    const composition = (app: string) => ({
      'packages/composition/package.json': manifest('composition', {
        type: 'module',
        exports: {
          '.': { '@codex-auth/source': './src/index.ts', default: './dist/index.js' },
          './testing': { '@codex-auth/source': './src/testing.ts', default: './dist/testing.js' },
        },
      }),
      'packages/composition/src/index.ts':
        "export { startApplication, type Application } from './app.js';\nexport { createLogger } from './logger.js';\n",
      'packages/composition/src/logger.ts':
        'export declare function createLogger(): { info(message: string): void };\n',
      'packages/composition/src/app.ts': app,
      // The tests' way to the adapter: not part of what drivers see.
      'packages/composition/src/testing.ts':
        "import type { Database } from '../../adapters-pg/src/index.js';\nexport declare function databaseOf(app: unknown): Database;\n",
      'packages/domain/package.json': manifest('domain', { type: 'module' }),
      'packages/domain/src/index.ts':
        'export interface StorageDescription {\n  readonly kind: string;\n  ping(): Promise<boolean>;\n}\n',
      'packages/adapters-pg/package.json': manifest('adapters-pg', { type: 'module' }),
      'packages/adapters-pg/src/index.ts':
        "import type { StorageDescription } from '../../domain/src/index.js';\nexport interface Database extends StorageDescription {\n  readonly knex: unknown;\n}\n",
    });

    it('holds when the Application exposes the domain ports the adapter implements', async () => {
      const root = make(
        composition(
          "import type { StorageDescription } from '../../domain/src/index.js';\nexport interface Application {\n  readonly storage: StorageDescription;\n}\nexport declare function startApplication(): Promise<Application>;\n",
        ),
      );
      expect(await checkArchitecture(root)).to.deep.equal([]);
    });

    it("fails when an exported type leads a driver to an adapter's type", async () => {
      const root = make(
        composition(
          "import type { Database } from '../../adapters-pg/src/index.js';\nexport interface Application {\n  readonly logger: { info(message: string): void };\n  readonly database: Database;\n}\nexport declare function startApplication(): Promise<Application>;\n",
        ),
      );
      expect(await checkArchitecture(root)).to.deep.equal([
        "packages/composition/src/index.ts: the composition exports Application.database, which is adapters-pg's Database; drivers reach ports through the composition, never an adapter's type",
      ]);
    });

    it("fails when an exported function's parameter or result is an adapter's type, however wrapped", async () => {
      const root = make(
        composition(
          "import type { Database } from '../../adapters-pg/src/index.js';\nexport type Application = { readonly open: (using: Database | null) => void };\nexport declare function startApplication(): Promise<readonly Database[]>;\n",
        ),
      );
      expect(await checkArchitecture(root)).to.deep.equal([
        "packages/composition/src/index.ts: the composition exports Application.open(using), which is adapters-pg's Database; drivers reach ports through the composition, never an adapter's type",
      ]);
      const result = make(
        composition(
          "import type { Database } from '../../adapters-pg/src/index.js';\nexport interface Application {}\nexport declare function startApplication(): Promise<readonly Database[]>;\n",
        ),
      );
      expect(await checkArchitecture(result)).to.deep.equal([
        "packages/composition/src/index.ts: the composition exports startApplication(), which is adapters-pg's Database; drivers reach ports through the composition, never an adapter's type",
      ]);
    });

    it("fails when a driver's source imports the composition's testing entry", async () => {
      const root = make({
        'packages/worker/package.json': manifest('worker'),
        'packages/worker/src/main.ts': "import { databaseOf } from '@codex-auth/composition/testing';\n",
        'packages/worker/test/main.test.ts':
          "import { databaseOf } from '@codex-auth/composition/testing';\n",
      });
      expect(await checkArchitecture(root)).to.deep.equal([
        "packages/worker/src/main.ts:1: driver worker imports @codex-auth/composition/testing, the tests' way to the adapter; drivers get ports from the Application",
      ]);
    });
  });

  it('exits non-zero from the command line on a violation', async () => {
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
