// Lints the deployment files without a Docker engine, for scripts/deploy.test.ts:
//   - Dockerfile: dockerfile-utils (the validator behind VS Code's Dockerfile support: what the
//     builder would reject) plus the few hadolint rules that matter here, named by their codes.
//     hadolint itself is a Haskell binary whose npm wrappers download it at install time.
//   - compose.yaml: dclint (the Compose spec's JSON schema, then its best-practice rules).
//   - render.yaml: the part of Render's Blueprint spec this project uses, as a strict schema.
//     Render's JSON Schema (render.com/schema/render.yaml.json) is on no registry and carries no
//     licence, so it is not vendored; the fields below follow render.com/docs/blueprint-spec.
// Plus the facts the test compares with the project: variables set, commands run, Node version.
import { DockerfileParser, Env, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { DCLinter } from 'dclint';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Dockerfile

export interface DockerfileFacts {
  /** Every base image, build arguments (ARG before the first FROM) substituted. */
  readonly baseImages: readonly string[];
  /** Names set by ENV, in any stage. */
  readonly env: readonly string[];
  /** The final stage's CMD, exec form. */
  readonly cmd: readonly string[] | undefined;
  /** The final stage's HEALTHCHECK command, exec form. */
  readonly healthcheck: readonly string[] | undefined;
  /** Every RUN command's text. */
  readonly runs: readonly string[];
}

interface Stage {
  readonly name: string | null;
  readonly instructions: readonly Instruction[];
}

function stagesOf(text: string): { stages: Stage[]; args: Map<string, string> } {
  const dockerfile = DockerfileParser.parse(text);
  const args = new Map<string, string>();
  for (const arg of dockerfile.getInitialARGs()) {
    const property = arg.getProperty();
    if (property !== null) args.set(property.getName(), property.getValue() ?? '');
  }
  const stages: { name: string | null; instructions: Instruction[] }[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const from = dockerfile
        .getFROMs()
        .find((f) => f.getRange().start.line === instruction.getRange().start.line);
      stages.push({ name: from?.getBuildStage() ?? null, instructions: [instruction] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { stages, args };
}

const substitute = (value: string, args: ReadonlyMap<string, string>) =>
  value.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a?: string, b?: string) => args.get(a ?? b ?? '') ?? whole);

/** The exec-form (JSON array) arguments of CMD, ENTRYPOINT or HEALTHCHECK CMD; undefined for shell form. */
function execForm(instruction: Instruction): string[] | undefined {
  let content = (instruction.getArgumentsContent() ?? '').trim();
  if (instruction.getKeyword() === 'HEALTHCHECK') {
    content = content.replace(/^(?:--\S+\s+)*/, '');
    if (!content.startsWith('CMD')) return undefined;
    content = content.slice('CMD'.length).trim();
  }
  if (!content.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(content);
    return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function dockerfileFacts(text: string): DockerfileFacts {
  const { stages, args } = stagesOf(text);
  const final = stages.at(-1);
  const all = stages.flatMap((s) => s.instructions);
  const last = (keyword: string) => final?.instructions.filter((i) => i.getKeyword() === keyword).at(-1);
  const cmd = last('CMD');
  const healthcheck = last('HEALTHCHECK');
  return {
    baseImages: stages.map((s) => substitute(s.instructions[0]!.getArguments()[0]?.getValue() ?? '', args)),
    env: all.flatMap((i) => (i instanceof Env ? i.getProperties() : [])).map((p) => p.getName()),
    cmd: cmd === undefined ? undefined : execForm(cmd),
    healthcheck: healthcheck === undefined ? undefined : execForm(healthcheck),
    runs: all.filter((i) => i.getKeyword() === 'RUN').map((i) => i.getArgumentsContent() ?? ''),
  };
}

/** Problems, one line each ("line N: …"); empty when the Dockerfile is clean. */
export function lintDockerfile(text: string): string[] {
  const problems = validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
  const { stages, args } = stagesOf(text);
  const at = (i: Instruction) => `line ${i.getRange().start.line + 1}`;
  const stageNames = new Set<string>();
  for (const stage of stages) {
    const from = stage.instructions[0]!;
    const image = substitute(from.getArguments()[0]?.getValue() ?? '', args);
    if (image !== 'scratch' && !stageNames.has(image) && !image.includes('@')) {
      const tag = /:([^/:]+)$/.exec(image)?.[1];
      if (tag === undefined)
        problems.push(`${at(from)}: DL3006 always tag the version of an image (${image})`);
      else if (tag === 'latest') problems.push(`${at(from)}: DL3007 do not use the latest tag (${image})`);
    }
    if (stage.name !== null) stageNames.add(stage.name);
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      if ((keyword === 'CMD' || keyword === 'ENTRYPOINT') && execForm(instruction) === undefined) {
        problems.push(
          `${at(instruction)}: DL3025 use the JSON (exec) form of ${keyword}, so signals reach the process`,
        );
      }
      if (keyword === 'ADD')
        problems.push(`${at(instruction)}: DL3020 use COPY instead of ADD for files and folders`);
      if (keyword === 'RUN' && /(^|[\s;&|])sudo\s/.test(instruction.getArgumentsContent() ?? '')) {
        problems.push(`${at(instruction)}: DL3004 do not use sudo`);
      }
    }
  }
  const final = stages.at(-1);
  if (final !== undefined) {
    const user = final.instructions.filter((i) => i.getKeyword() === 'USER').at(-1);
    const name = user?.getArguments()[0]?.getValue().split(':')[0];
    if (name === undefined || name === 'root' || name === '0') {
      problems.push(`DL3002 the final stage must switch to a non-root USER (it runs as ${name ?? 'root'})`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// compose.yaml

/** dclint's findings for a Compose file (schema first, then its rules at their default levels). */
export function lintCompose(path: string): string[] {
  const linter = new DCLinter({ rules: {}, quiet: true, debug: false, exclude: [] });
  // dclint's declarations import their siblings without extensions, which NodeNext does not follow.
  const results = linter.lintFiles([path], false) as {
    messages: { line: number; rule: string; message: string }[];
  }[];
  return results.flatMap((result) => result.messages.map((m) => `line ${m.line}: ${m.rule}: ${m.message}`));
}

const composeService = z
  .object({
    image: z.string().optional(),
    build: z.unknown().optional(),
    command: z.union([z.string(), z.array(z.string())]).optional(),
    environment: z.union([z.record(z.string(), z.unknown()), z.array(z.string())]).optional(),
    env_file: z.unknown().optional(),
  })
  .loose();
const composeFile = z.object({ services: z.record(z.string(), composeService) }).loose();

export interface ComposeService {
  readonly name: string;
  readonly image: string | undefined;
  readonly builds: boolean;
  readonly command: readonly string[] | undefined;
  /** `environment`, as written (before interpolation). */
  readonly env: Readonly<Record<string, string>>;
  readonly envFile: boolean;
}

export function composeServices(text: string): ComposeService[] {
  const file = composeFile.parse(parseYaml(text, { merge: true }));
  return Object.entries(file.services).map(([name, s]) => ({
    name,
    image: s.image,
    builds: s.build !== undefined,
    command: typeof s.command === 'string' ? s.command.split(/\s+/) : s.command,
    env: Object.fromEntries(
      Array.isArray(s.environment)
        ? s.environment.map((entry) => [entry.split('=')[0]!, entry.slice(entry.indexOf('=') + 1)])
        : Object.entries(s.environment ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)]),
    ),
    envFile: s.env_file !== undefined,
  }));
}

/**
 * Compose's interpolation of one value: `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?error}`, `${VAR?error}` and `$$`. Throws on a required variable that is missing.
 */
export function interpolate(value: string, env: Readonly<Record<string, string | undefined>>): string {
  return value.replace(
    /\$\$|\$\{(\w+)(?:(:?)([-?])([^}]*))?\}/g,
    (whole, name: string, colon?: string, op?: string, arg?: string) => {
      if (whole === '$$') return '$';
      const value = env[name];
      const unset = value === undefined || (colon === ':' && value === '');
      if (op === '-') return unset ? (arg ?? '') : value;
      if (op === '?' && unset) throw new Error(`${name} is required: ${arg ?? ''}`);
      return value ?? '';
    },
  );
}

// ---------------------------------------------------------------------------------------------
// render.yaml

const name = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes');
const key = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name');
const literal = z.strictObject({ key, value: z.string() });
const generated = z.strictObject({ key, generateValue: z.literal(true) });
const envVar = z.union([
  literal,
  generated,
  z.strictObject({ key, sync: z.literal(false) }),
  z.strictObject({
    key,
    fromDatabase: z.strictObject({
      name,
      property: z.enum(['connectionString', 'host', 'port', 'user', 'password', 'database']),
    }),
  }),
  z.strictObject({
    key,
    fromService: z.strictObject({
      type: z.enum(['web', 'pserv', 'worker', 'keyvalue', 'redis']),
      name,
      property: z.enum(['host', 'port', 'hostport', 'connectionString']).optional(),
      envVarKey: key.optional(),
    }),
  }),
  z.strictObject({ fromGroup: name }),
]);
const plan = z.enum(['free', 'starter', 'standard', 'pro', 'pro plus', 'pro max', 'pro ultra']);
const serviceBase = {
  name,
  runtime: z.enum(['docker', 'image', 'node', 'python', 'ruby', 'go', 'rust', 'elixir']),
  plan: plan.optional(),
  region: z.enum(['oregon', 'ohio', 'virginia', 'frankfurt', 'singapore']).optional(),
  branch: z.string().optional(),
  rootDir: z.string().optional(),
  buildCommand: z.string().optional(),
  startCommand: z.string().optional(),
  dockerfilePath: z.string().optional(),
  dockerContext: z.string().optional(),
  dockerCommand: z.string().optional(),
  envVars: z.array(envVar).optional(),
  autoDeploy: z.boolean().optional(),
};
const renderService = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('web'),
    ...serviceBase,
    preDeployCommand: z.string().optional(),
    healthCheckPath: z.string().startsWith('/').optional(),
    numInstances: z.number().int().min(1).optional(),
  }),
  z.strictObject({
    type: z.literal('worker'),
    ...serviceBase,
    preDeployCommand: z.string().optional(),
    numInstances: z.number().int().min(1).optional(),
  }),
  z.strictObject({ type: z.literal('cron'), ...serviceBase, schedule: z.string().regex(/^\S+( \S+){4}$/) }),
]);
const renderBlueprint = z.strictObject({
  services: z.array(renderService),
  databases: z
    .array(
      z.strictObject({
        name,
        databaseName: z
          .string()
          .regex(/^[a-z_][a-z0-9_]*$/)
          .optional(),
        user: z
          .string()
          .regex(/^[a-z_][a-z0-9_]*$/)
          .optional(),
        plan: z.string().optional(),
        region: z.string().optional(),
        postgresMajorVersion: z.string().regex(/^\d+$/).optional(),
      }),
    )
    .optional(),
  // Groups hold only literal and generated values (no fromDatabase, fromService or sync).
  envVarGroups: z.array(z.strictObject({ name, envVars: z.array(z.union([literal, generated])) })).optional(),
});
export type RenderBlueprint = z.infer<typeof renderBlueprint>;

/** Problems with a Blueprint: schema, then references (databases and groups that exist). */
export function lintRender(text: string): string[] {
  const parsed = renderBlueprint.safeParse(parseYaml(text));
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  const blueprint = parsed.data;
  const problems: string[] = [];
  const databases = new Set((blueprint.databases ?? []).map((d) => d.name));
  const groups = new Set((blueprint.envVarGroups ?? []).map((g) => g.name));
  const names = blueprint.services.map((s) => s.name);
  for (const duplicate of names.filter((n, i) => names.indexOf(n) !== i)) {
    problems.push(`services: ${duplicate} is named twice`);
  }
  for (const service of blueprint.services) {
    if (service.runtime === 'docker' && (service.buildCommand ?? service.startCommand) !== undefined) {
      problems.push(`${service.name}: a docker service builds its Dockerfile; use dockerCommand`);
    }
    if (service.runtime !== 'docker' && service.runtime !== 'image' && service.startCommand === undefined) {
      problems.push(`${service.name}: startCommand is required for runtime ${service.runtime}`);
    }
    for (const v of service.envVars ?? []) {
      if ('fromDatabase' in v && !databases.has(v.fromDatabase.name)) {
        problems.push(`${service.name}: ${v.key} names an unknown database ${v.fromDatabase.name}`);
      }
      if ('fromGroup' in v && !groups.has(v.fromGroup)) {
        problems.push(`${service.name}: unknown envVarGroup ${v.fromGroup}`);
      }
    }
  }
  return problems;
}

export function renderBlueprintOf(text: string): RenderBlueprint {
  return renderBlueprint.parse(parseYaml(text));
}

/** Every variable a Blueprint sets, in a service or a group. */
export function renderVariables(blueprint: RenderBlueprint): string[] {
  const keys = [
    ...blueprint.services.flatMap((s) => s.envVars ?? []),
    ...(blueprint.envVarGroups ?? []).flatMap((g) => g.envVars),
  ].flatMap((v) => ('key' in v ? [v.key] : []));
  return [...new Set(keys)];
}

// ---------------------------------------------------------------------------------------------

/** Procfile lines: process type → command. */
export function procfile(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => /^([a-z]+):\s*(.+?)\s*$/.exec(line))
      .filter((m) => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
}
