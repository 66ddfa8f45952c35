import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { runCli } from '@codex-auth/cli';
import { CONFIG_VARIABLES, loadConfig } from '@codex-auth/composition';
import {
  composeServices,
  dockerfileFacts,
  interpolate,
  lintCompose,
  lintDockerfile,
  lintRender,
  procfile,
  renderBlueprintOf,
  renderVariables,
  type ComposeService,
  type RenderBlueprint,
} from './deploy-lint.js';

// The deployment files people use today (Dockerfile, compose.yaml, render.yaml), checked without a
// Docker engine: linted, and compared with what the project really has — its configuration
// variables, its Procfile and CLI commands, its pinned Node and pnpm.

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  packageManager: string;
  engines: { node: string };
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
};
const PROCFILE = procfile(read('Procfile'));
const DOCKERFILE = read('Dockerfile');
const COMPOSE = read('compose.yaml');
const RENDER = read('render.yaml');

/** Names that are not configuration variables: a misspelt one would be ignored in silence. */
const unknownVariables = (names: Iterable<string>) =>
  [...names].filter((n) => !(CONFIG_VARIABLES as readonly string[]).includes(n));

/** Compose's app services: those that run this project's image. */
const appServices = (text: string) =>
  composeServices(text).filter((s) => s.builds || s.image?.startsWith('codex-auth'));

const SECRET = 'k'.repeat(44);
/** Values for what the deployer provides (compose's required variables, Render's sync: false). */
const PROVIDED = {
  SECRET_KEY: SECRET,
  POSTGRES_PASSWORD: 'abc123',
  SMTP_URL: 'smtp://user:pass@mail.example:587',
  APP_BASE_URL: 'https://auth.example',
};

/** The environment a Render service gets: its group's variables and its own. */
function renderEnvironment(blueprint: RenderBlueprint, name: string): Record<string, string> {
  const service = blueprint.services.find((s) => s.name === name)!;
  const env: Record<string, string> = {};
  for (const v of service.envVars ?? []) {
    const vars =
      'fromGroup' in v ? blueprint.envVarGroups!.find((g) => g.name === v.fromGroup)!.envVars : [v];
    for (const one of vars) {
      if ('value' in one) env[one.key] = one.value;
      else if ('generateValue' in one)
        env[one.key] = SECRET; // base64 of 256 random bits: 44 bytes
      else if ('fromDatabase' in one) env[one.key] = 'postgresql://u:p@dpg-example-a/codex_auth';
      else if ('sync' in one) env[one.key] = PROVIDED[one.key as keyof typeof PROVIDED];
    }
  }
  return env;
}

/**
 * The only variables a command may set itself (`env NAME=value node …`) rather than through the
 * configuration: the C library's allocator settings. glibc reads them once, when the process starts,
 * before any of our code runs, so they cannot be configuration variables; and they change how
 * memory is returned, never what the service does (docs/performance.md, "Memory after logins").
 */
const ALLOCATOR_VARIABLES = ['GLIBC_TUNABLES'];
/** What the web and worker processes start with: the freed argon2 blocks go back to the system. */
const ALLOCATOR_SETTING = 'GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072:glibc.malloc.hugetlb=1';

/** A command's leading `env NAME=value …`, and the rest. */
function splitEnvPrefix(command: string): { env: Record<string, string>; rest: string[] } {
  const words = command.split(/\s+/);
  const env: Record<string, string> = {};
  if (words[0] !== 'env') return { env, rest: words };
  let i = 1;
  for (; i < words.length && words[i]!.includes('='); i++) {
    const word = words[i]!;
    env[word.slice(0, word.indexOf('='))] = word.slice(word.indexOf('=') + 1);
  }
  return { env, rest: words.slice(i) };
}

/** `[env ALLOCATOR=…] node packages/X/dist/main.js …` → the package that builds it and the arguments. */
function entryPoint(command: string): { pkg: string; args: string[] } {
  const { env, rest } = splitEnvPrefix(command);
  const [node, script, ...args] = rest;
  const match = /^packages\/([a-z-]+)\/dist\/main\.js$/.exec(script ?? '');
  expect(
    Object.keys(env).filter((name) => !ALLOCATOR_VARIABLES.includes(name)),
    command,
  ).to.deep.equal([]);
  expect(node, command).to.equal('node');
  expect(match, `${command}: runs a package's built main.js`).not.to.equal(null);
  return { pkg: match![1]!, args };
}

async function cliHelp(args: readonly string[]): Promise<{ code: number; text: string }> {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (chunk) => (text += String(chunk)));
  const io = { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: {} };
  const code = await runCli([...args, '--help'], io);
  return { code, text };
}

/** The CLI has this command (its own help comes back) and every option given to it. */
async function expectCliCommand(args: readonly string[]): Promise<void> {
  const command = args.filter((a) => !a.startsWith('-') && !/^\d+$/.test(a));
  const { code, text } = await cliHelp(args);
  expect(code, args.join(' ')).to.equal(0);
  expect(text.split('\n')[0], `codex-auth ${args.join(' ')}`).to.equal(`codex-auth ${command.join(' ')}`);
  for (const option of args.filter((a) => a.startsWith('--'))) {
    expect(text, `codex-auth ${command.join(' ')} has ${option}`).to.match(new RegExp(`\\s${option}\\s`));
  }
}

describe('deployment files', () => {
  const temporary: string[] = [];
  const tempFile = (name: string, content: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'codex-deploy-'));
    temporary.push(dir);
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };
  after(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  describe('Dockerfile', () => {
    const facts = dockerfileFacts(DOCKERFILE);

    it('lints clean', () => {
      expect(lintDockerfile(DOCKERFILE)).to.deep.equal([]);
    });

    it('the lint finds what is wrong in a bad Dockerfile', () => {
      const bad = [
        'FROM node AS build',
        'ADD . /app',
        'RUN sudo npm ci',
        'FROM node:latest',
        'HEALTHCHECK --interval=soon CMD node -e 1',
        'RUNN npm test',
        'COPY --from=build /app /app',
        'CMD node /app/main.js',
        '',
      ].join('\n');
      const problems = lintDockerfile(bad).join('\n');
      for (const expected of [
        'line 1: DL3006',
        'line 2: DL3020',
        'line 3: DL3004',
        'line 4: DL3007',
        'line 5: time: invalid duration soon', // (dockerfile-utils)
        'line 6: Unknown instruction: RUNN', // (dockerfile-utils)
        'line 8: DL3025',
        'DL3002',
      ]) {
        expect(problems).to.include(expected);
      }
    });

    it("builds and runs on the project's pinned Node", () => {
      const pinned = /^npm:node@(\d+\.\d+\.\d+)$/.exec(pkg.devDependencies.node ?? '')?.[1];
      expect(pinned, 'package.json pins node as npm:node@x.y.z').to.be.a('string');
      expect(facts.baseImages.length, 'multi-stage').to.be.at.least(2);
      for (const image of facts.baseImages) expect(image).to.match(new RegExp(`^node:${pinned}-\\w+-slim$`));
      // Heroku-style platforms read these two: they must allow the same Node.
      expect(read('.node-version').trim()).to.equal(pinned!.split('.')[0]);
      const minimum = /^>=(\d+)\.(\d+)$/.exec(pkg.engines.node)!;
      const [major, minor] = pinned!.split('.').map(Number) as [number, number];
      expect(
        major > Number(minimum[1]) || (major === Number(minimum[1]) && minor >= Number(minimum[2])),
      ).to.equal(true);
    });

    it('installs from the lockfile with the pnpm of packageManager', () => {
      const pnpm = /^pnpm@(.+)$/.exec(pkg.packageManager)![1]!;
      expect(facts.runs.join('\n')).to.include(`npm install --global pnpm@${pnpm}`);
      expect(facts.runs.join('\n')).to.include('pnpm install --frozen-lockfile');
      expect(facts.runs.join('\n')).to.include('pnpm build');
    });

    it('keeps host installs, builds, local data and secrets out of the build context', () => {
      const ignored = read('.dockerignore')
        .split('\n')
        .filter((line) => line.trim() !== '' && !line.startsWith('#'));
      expect(ignored).to.include.members([
        '**/node_modules',
        '**/dist',
        '**/.data',
        '.git',
        '.env',
        '.env.*',
      ]);
    });

    it("starts the Procfile's web process", () => {
      expect(facts.cmd?.join(' ')).to.equal(PROCFILE.web);
    });

    it('sets only configuration variables', () => {
      expect(facts.env).not.to.be.empty;
      expect(unknownVariables(facts.env)).to.deep.equal([]);
    });

    describe('HEALTHCHECK', () => {
      let server: Server;
      let status = 200;
      const paths: string[] = [];
      before(async () => {
        server = createServer((req, res) => {
          paths.push(req.url ?? '');
          res.writeHead(req.url === '/healthz' ? status : 404).end();
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      });
      after(() => server.close());

      const runHealthcheck = (port: number) =>
        new Promise<number>((resolve) => {
          const [node, ...args] = facts.healthcheck!;
          expect(node).to.equal('node'); // no curl in a slim image
          execFile(process.execPath, args, { env: { PORT: String(port) }, timeout: 15_000 }, (error) =>
            resolve(error === null ? 0 : Number(error.code ?? 1)),
          );
        });

      it('asks GET /healthz on PORT, and fails when it is not answered 2xx', async () => {
        const port = (server.address() as AddressInfo).port;
        status = 200;
        expect(await runHealthcheck(port)).to.equal(0);
        expect(paths).to.deep.equal(['/healthz']);
        status = 503;
        expect(await runHealthcheck(port)).to.equal(1);
        server.close();
        expect(await runHealthcheck(port)).to.equal(1);
      });

      it('names a route the web process serves', () => {
        expect(read('packages/http/src/app/routes/meta-routes.ts')).to.include("path: '/healthz'");
      });
    });
  });

  describe('compose.yaml', () => {
    let services: Record<string, ComposeService>;
    before(() => {
      services = Object.fromEntries(composeServices(COMPOSE).map((s) => [s.name, s]));
    });
    const raw = COMPOSE;

    it('lints clean (the Compose spec schema, then dclint rules)', () => {
      expect(lintCompose(join(ROOT, 'compose.yaml'))).to.deep.equal([]);
    });

    it('the lint finds what is wrong in a bad compose file', () => {
      const schema = tempFile('compose.yaml', 'services:\n  web:\n    image: x:1\n    restrat: always\n');
      expect(lintCompose(schema).join('\n')).to.include('invalid-schema');
      const practice = tempFile('compose.yaml', 'name: x\nservices:\n  web:\n    image: x:latest\n');
      expect(lintCompose(practice).join('\n')).to.include('service-image-require-explicit-tag');
    });

    it('runs web, worker, Postgres 15 and Redis, after a one-shot migrate', () => {
      expect(Object.keys(services)).to.have.members(['migrate', 'postgres', 'redis', 'web', 'worker']);
      expect(services.postgres!.image).to.equal('postgres:15');
      expect(services.migrate!.command?.join(' ')).to.equal(PROCFILE.release);
      expect(services.web!.command, "web runs the image's CMD").to.equal(undefined);
      expect(services.worker!.command?.join(' ')).to.equal(PROCFILE.worker);
      const file = composeFile(raw);
      const service = (name: string) => file.services[name]!;
      for (const name of ['postgres', 'redis']) expect(service(name).healthcheck!.test).to.be.an('array');
      for (const name of ['web', 'worker']) {
        expect(service(name).depends_on!.migrate).to.deep.equal({
          condition: 'service_completed_successfully',
        });
      }
      expect(service('migrate').depends_on!.postgres).to.deep.equal({ condition: 'service_healthy' });
      expect(service('worker').healthcheck, 'the worker serves no /healthz').to.deep.equal({ disable: true });
    });

    it('gives the app only configuration variables, values loadConfig accepts, a required SECRET_KEY', () => {
      const apps = appServices(raw);
      expect(apps.map((s) => s.name)).to.have.members(['migrate', 'web', 'worker']);
      for (const service of apps) {
        expect(service.envFile, 'env_file would escape this check').to.equal(false);
        expect(unknownVariables(Object.keys(service.env)), service.name).to.deep.equal([]);
        expect(service.env.SECRET_KEY).to.match(/^\$\{SECRET_KEY:\?.+\}$/);
        const env = Object.fromEntries(
          Object.entries(service.env).map(([k, v]) => [k, interpolate(v, PROVIDED)]),
        );
        expect(env).to.include({ NODE_ENV: 'production', REDIS_URL: 'redis://redis:6379' });
        expect(() => loadConfig(env), service.name).not.to.throw();
        expect(() => interpolate(service.env.SECRET_KEY!, {})).to.throw(/SECRET_KEY is required/);
      }
    });
  });

  describe('render.yaml', () => {
    let blueprint: RenderBlueprint;
    before(() => {
      blueprint = renderBlueprintOf(RENDER);
    });
    const service = (name: string) => blueprint.services.find((s) => s.name === name)!;

    it("lints clean against the Blueprint spec's fields", () => {
      expect(lintRender(RENDER)).to.deep.equal([]);
    });

    it('the lint finds what is wrong in a bad Blueprint', () => {
      const bad = [
        'databases: [{ name: db }]',
        'envVarGroups:',
        '  - name: shared',
        '    envVars: [{ key: DATABASE_URL, fromDatabase: { name: db, property: connectionString } }]',
        'services:',
        '  - { type: web, name: web, runtime: docker, startCmd: x }',
        '',
      ].join('\n');
      expect(lintRender(bad).join('\n'))
        .to.match(/envVarGroups\.0\.envVars\.0/)
        .and.match(/services\.0/);
      const reference = [
        'databases: [{ name: db }]',
        'services:',
        '  - type: worker',
        '    name: worker',
        '    runtime: docker',
        '    envVars: [{ key: DATABASE_URL, fromDatabase: { name: dbb, property: connectionString } }]',
        '',
      ].join('\n');
      expect(lintRender(reference)).to.deep.equal(['worker: DATABASE_URL names an unknown database dbb']);
    });

    it('runs web (migrating before each deploy), worker and the clean-up cron on a managed Postgres', () => {
      expect(blueprint.databases?.map((d) => d.postgresMajorVersion)).to.deep.equal(['15']);
      const web = service('codex-auth-web');
      expect(web).to.include({ type: 'web', runtime: 'docker', healthCheckPath: '/healthz' });
      expect(web).to.include({ preDeployCommand: PROCFILE.release });
      expect(web.dockerCommand, "web runs the image's CMD").to.equal(undefined);
      expect(service('codex-auth-worker')).to.include({ type: 'worker', dockerCommand: PROCFILE.worker });
      expect(service('codex-auth-cleanup')).to.include({
        type: 'cron',
        dockerCommand: 'node packages/cli/dist/main.js cleanup-refresh --grace-days 7',
      });
      for (const s of blueprint.services) {
        expect(s.envVars, s.name).to.deep.include({
          key: 'DATABASE_URL',
          fromDatabase: { name: blueprint.databases![0]!.name, property: 'connectionString' },
        });
      }
    });

    it('shares one generated SECRET_KEY through an env group', () => {
      const groups = blueprint.envVarGroups ?? [];
      const group = groups.find((g) => g.envVars.some((v) => v.key === 'SECRET_KEY'))!;
      expect(group.envVars).to.deep.include({ key: 'SECRET_KEY', generateValue: true });
      for (const s of blueprint.services)
        expect(s.envVars, s.name).to.deep.include({ fromGroup: group.name });
    });

    it('sets only configuration variables, with values loadConfig accepts in every service', () => {
      expect(unknownVariables(renderVariables(blueprint))).to.deep.equal([]);
      for (const s of blueprint.services) {
        const env = renderEnvironment(blueprint, s.name);
        expect(env.NODE_ENV, s.name).to.equal('production');
        expect(() => loadConfig(env), s.name).not.to.throw();
      }
    });
  });

  describe('variables', () => {
    it('a variable the configuration does not know is caught in each file', () => {
      const compose = COMPOSE.replace('  SECRET_KEY:', '  SECRET_KY:');
      const render = RENDER.replace('key: SECRET_KEY', 'key: SECRET_KY');
      const dockerfile = DOCKERFILE.replace(
        'ENV NODE_ENV=production',
        'ENV NODE_ENV=production NODE_ENVIRONMENT=x',
      );
      expect(compose).not.to.equal(COMPOSE);
      expect(render).not.to.equal(RENDER);
      expect(dockerfile).not.to.equal(DOCKERFILE);
      for (const service of appServices(compose)) {
        expect(unknownVariables(Object.keys(service.env))).to.deep.equal(['SECRET_KY']);
      }
      expect(unknownVariables(renderVariables(renderBlueprintOf(render)))).to.deep.equal(['SECRET_KY']);
      expect(unknownVariables(dockerfileFacts(dockerfile).env)).to.deep.equal(['NODE_ENVIRONMENT']);
    });
  });

  describe('commands', () => {
    const commands = () =>
      [
        ...Object.values(PROCFILE),
        dockerfileFacts(DOCKERFILE).cmd!.join(' '),
        ...composeServices(COMPOSE).flatMap((s) => (s.command && s.builds ? [s.command.join(' ')] : [])),
        ...renderBlueprintOf(RENDER).services.flatMap((s) =>
          'preDeployCommand' in s && s.preDeployCommand
            ? [s.preDeployCommand, s.dockerCommand ?? '']
            : [s.dockerCommand ?? ''],
        ),
      ].filter((c) => c !== '');

    it('run entry points that the build makes', () => {
      expect(commands().length).to.be.at.least(8);
      for (const command of commands()) {
        const { pkg: name } = entryPoint(command);
        expect(existsSync(join(ROOT, 'packages', name, 'src', 'main.ts')), command).to.equal(true);
        const build = JSON.parse(read(`packages/${name}/tsconfig.build.json`)) as {
          compilerOptions: { rootDir: string; outDir: string };
        };
        expect(build.compilerOptions).to.include({ rootDir: 'src', outDir: 'dist' });
      }
    });

    it('start the web and worker processes with the allocator setting, and set nothing else', () => {
      for (const name of ['web', 'worker']) {
        expect(PROCFILE[name]!.split(/\s+/).slice(0, 2), name).to.deep.equal(['env', ALLOCATOR_SETTING]);
      }
      expect(splitEnvPrefix(PROCFILE.release!).env, 'the CLI hashes no passwords').to.deep.equal({});
      // The check itself: a configuration variable set on a command line would escape the schema.
      expect(() => entryPoint('env LOG_LEVEL=debug node packages/server/dist/main.js')).to.throw(/LOG_LEVEL/);
      expect(entryPoint(`env ${ALLOCATOR_SETTING} node packages/worker/dist/main.js`).pkg).to.equal('worker');
    });

    it("match the package scripts that run the Procfile's processes on the pinned Node", () => {
      expect(pkg.scripts.start).to.equal(`exec ${PROCFILE.web}`);
      expect(pkg.scripts.worker).to.equal(`exec ${PROCFILE.worker}`);
      // `pnpm cli` runs the CLI package's `cli` binary (no script, so pnpm echoes nothing).
      const cliBin = (JSON.parse(read('packages/cli/package.json')) as { bin: Record<string, string> }).bin
        .cli;
      expect(pkg.scripts.cli).to.equal(undefined);
      expect(PROCFILE.release).to.equal(`node ${join('packages/cli', cliBin ?? '')} migrate`);
    });

    it('name CLI commands and options that exist', async () => {
      const cli = commands()
        .map(entryPoint)
        .filter((e) => e.pkg === 'cli');
      expect(cli.map((e) => e.args.join(' '))).to.include.members([
        'migrate',
        'cleanup-refresh --grace-days 7',
      ]);
      for (const { args } of cli) await expectCliCommand(args);
    });

    it('the CLI check refuses a misspelt command or option', async () => {
      let failed = 0;
      for (const args of [
        ['cleanup-refrsh', '--grace-days', '7'],
        ['cleanup-refresh', '--grace-dys', '7'],
      ]) {
        try {
          await expectCliCommand(args);
        } catch {
          failed += 1;
        }
      }
      expect(failed).to.equal(2);
    });
  });
});

/** The compose file as plain data (merge keys resolved), for the structural checks. */
function composeFile(text: string) {
  return parseYaml(text, { merge: true }) as {
    services: Record<string, Record<string, Record<string, unknown>>>;
  };
}
