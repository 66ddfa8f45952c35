import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeVersionProblem, requiredNodeRange } from '../packages/composition/src/node-version.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRY_POINTS = [
  'packages/server/dist/main.js',
  'packages/worker/dist/main.js',
  'packages/cli/dist/main.js',
  'packages/bench/dist/main.js',
];
const readJson = (path: string) =>
  JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as {
    engines?: { node?: string };
    devDependencies: Record<string, string>;
  };

/** A Node older than `engines` on this machine (Debian's is 20 here), or null. */
function oldNode(): string | null {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
    if (!existsSync(candidate)) continue;
    const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim();
    if (nodeVersionProblem(version, requiredNodeRange()) !== null) return candidate;
  }
  return null;
}

describe('the Node version gate of every entry point', () => {
  it('names the range, the Node found and the way out; accepts the pinned Node', () => {
    const problem = nodeVersionProblem('v20.20.2', '>=22.12');
    expect(problem).to.include('>=22.12').and.include('v20.20.2').and.include('pnpm start');
    expect(problem).to.not.include('\n');
    expect(nodeVersionProblem('v24.21.0', '>=22.12')).to.equal(null);
    expect(nodeVersionProblem('v22.11.0', '>=22.12')).to.not.equal(null);
    expect(nodeVersionProblem(process.version, requiredNodeRange())).to.equal(null);
  });

  it('reads the same engines range as the workspace root and every package', () => {
    const root = readJson('package.json').engines?.node ?? '';
    expect(requiredNodeRange()).to.equal(root);
    const pinned = (readJson('package.json').devDependencies.node ?? '').replace('npm:node@', '');
    expect(nodeVersionProblem(`v${pinned}`, root), 'the pinned Node satisfies engines').to.equal(null);
    expect(readFileSync(join(ROOT, '.node-version'), 'utf8').trim()).to.equal(pinned.split('.')[0]);
    for (const folder of ['packages', 'examples']) {
      for (const name of readdirSync(join(ROOT, folder))) {
        const manifest = `${folder}/${name}/package.json`;
        if (!existsSync(join(ROOT, manifest))) continue;
        expect(readJson(manifest).engines?.node, manifest).to.equal(root);
      }
    }
  });

  for (const entry of ENTRY_POINTS) {
    describe(entry, () => {
      before(function () {
        if (!existsSync(join(ROOT, entry))) {
          console.log(`      (skipped ${entry}: not built — run \`pnpm build\`)`);
          this.skip();
        }
      });

      it('exits 1 with one line on a Node that engines refuses (version faked)', () => {
        const fake = 'data:text/javascript,Object.defineProperty(process,"version",{value:"v20.20.2"})';
        const run = spawnSync(process.execPath, ['--import', fake, entry, 'migrate'], {
          cwd: ROOT,
          encoding: 'utf8',
          env: { PATH: process.env.PATH ?? '' },
          timeout: 20_000,
        });
        expect(run.status, run.stderr).to.equal(1);
        expect(run.stdout).to.equal('');
        expect(run.stderr.trim().split('\n')).to.have.length(1);
        expect(run.stderr).to.include('needs Node >=22.12').and.include('v20.20.2');
      });

      it('exits 1 with one line on a real older Node, before argon2 loads', function () {
        const node = oldNode();
        if (node === null) {
          console.log('      (skipped: no Node older than engines on this machine)');
          this.skip();
        }
        const run = spawnSync(node!, [entry, 'migrate'], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
        expect(run.signal, 'no crash').to.equal(null);
        expect(run.status, run.stderr).to.equal(1);
        expect(run.stderr.trim().split('\n')).to.have.length(1);
        expect(run.stderr).to.include('needs Node');
      });
    });
  }
});
