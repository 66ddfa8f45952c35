import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { APP_TOKENS, type Application, type Config } from '@codex-auth/composition';
import {
  authSettings,
  createUseCases,
  type AuthSettings,
  type DomainDependencies,
  type MailboxMessage,
  type UseCases,
} from '@codex-auth/domain';
import { memoryWindowCounters } from '@codex-auth/adapters-counters';
import { createHttpApp, type HttpApp, type HttpAppDependencies } from '../../src/index.js';
import { openApplication, type OpenedApplication } from './backend.js';
import { captureLogs, settleLogs, type LogLine } from './logs.js';

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON when the answer is JSON, else the text. */
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read any field
  readonly text: string;
}

export interface RequestOptions {
  /** Sent as JSON with `Content-Type: application/json`. */
  readonly json?: unknown;
  /** Sent as is. */
  readonly body?: string | Uint8Array;
  readonly token?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Client {
  readonly url: string;
  request(method: string, path: string, options?: RequestOptions): Promise<Answer>;
  close(): Promise<void>;
}

/** Serves `app` on a free port of the loopback interface, driven with fetch over the socket. */
export async function serve(app: HttpApp): Promise<Client> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      let body: string | Uint8Array | undefined = options.body;
      if (options.json !== undefined) {
        body = JSON.stringify(options.json);
        headers['Content-Type'] ??= 'application/json';
      }
      if (options.token !== undefined) headers['Authorization'] = `Bearer ${options.token}`;
      const response = await fetch(url + path, { method, headers, ...(body === undefined ? {} : { body }) });
      const text = await response.text();
      const type = response.headers.get('content-type') ?? '';
      return {
        status: response.status,
        headers: response.headers,
        text,
        body: /json/.test(type) && text !== '' ? JSON.parse(text) : text,
      };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
      await app.close();
    },
  };
}

/** Every use case again over the same adapters, with other auth settings (grace window, registration). */
export function useCasesWith(application: Application, settings: Partial<AuthSettings>): UseCases {
  const deps = application.container.get<DomainDependencies>(APP_TOKENS.DomainDependencies);
  return createUseCases({ ...deps, settings: authSettings({ ...deps.settings, ...settings }) });
}

export interface Tokens {
  readonly access: string;
  readonly refresh: string;
}

let counter = 0;
/** A fresh email per call, so tests sharing a database never collide. */
export function uniqueEmail(label = 'user'): string {
  counter += 1;
  return `${label}-${Date.now().toString(36)}-${counter}@example.com`;
}

export const PASSWORD = 'correct horse battery staple';

/**
 * One database and Application per suite, any number of HTTP apps over it. Every log line of all of
 * them is captured and parsed; `secrets` collects every password and token the suite handled so
 * `assertNoSecretsLogged` can check none of them ever reached a line.
 */
export class World {
  readonly lines: LogLine[];
  readonly secrets = new Set<string>([PASSWORD]);
  private readonly clients: Client[] = [];
  client!: Client;

  private constructor(
    private readonly opened: OpenedApplication,
    lines: LogLine[],
  ) {
    this.lines = lines;
  }

  static async start(env: Readonly<Record<string, string>> = {}): Promise<World> {
    const { logger, lines } = captureLogs();
    const world = new World(await openApplication(env, logger), lines);
    world.client = await world.serve();
    return world;
  }

  get application(): Application {
    return this.opened.application;
  }

  get config(): Config {
    return this.application.config;
  }

  /** Another HTTP app over the same Application; overrides replace its dependencies (and config). */
  async serve(overrides: Partial<HttpAppDependencies> = {}): Promise<Client> {
    const app = createHttpApp({
      config: this.config,
      useCases: this.application.useCases,
      logger: this.application.logger,
      ping: () => this.application.storage.ping(),
      // Each app its own per-ip counts, so suites can serve apps with other limits side by side; the
      // per-account attempt limits are the Application's (they count in the use cases).
      counters: memoryWindowCounters(),
      devMailbox: this.application.devMailbox,
      ...overrides,
    });
    const client = await serve(app);
    this.clients.push(client);
    return client;
  }

  request(method: string, path: string, options?: RequestOptions): Promise<Answer> {
    return this.client.request(method, path, options);
  }

  async stop(): Promise<void> {
    for (const client of this.clients) await client.close();
    await this.opened.dispose();
  }

  /** An approved user (through the use cases, not HTTP), logged in over HTTP. */
  async approvedUser(
    role: 'user' | 'admin' = 'user',
    password = PASSWORD,
  ): Promise<{ id: string; email: string; tokens: Tokens }> {
    const email = uniqueEmail(role);
    const created =
      role === 'admin'
        ? await this.application.useCases.seedAdmin.execute({ email, password })
        : await this.application.useCases.createUser.execute({ email, password, role });
    if (!created.ok) throw new Error(`could not create ${email}: ${created.code}`);
    const id = 'user' in created.value ? created.value.user.id : created.value.id;
    return { id, email, tokens: await this.login(email, password) };
  }

  async login(email: string, password = PASSWORD, headers: Record<string, string> = {}): Promise<Tokens> {
    const answer = await this.request('POST', '/api/v1/auth/login', { json: { email, password }, headers });
    if (answer.status !== 200) throw new Error(`login of ${email} failed: ${answer.status} ${answer.text}`);
    return this.remember({ access: answer.body.access_token, refresh: answer.body.refresh_token });
  }

  remember(tokens: Tokens): Tokens {
    this.secrets.add(tokens.access).add(tokens.refresh);
    return tokens;
  }

  async settledLines(): Promise<LogLine[]> {
    await settleLogs();
    return this.lines;
  }

  events(): string[] {
    return this.lines.map((l) => l['event']).filter((e): e is string => typeof e === 'string');
  }

  /**
   * Runs the worker's delivery over everything queued, as the worker process would, into the
   * development mailbox (`DATA_DIR/mail`), and returns every email there so far, decoded, oldest
   * first (read back through the composition's `devMailbox`, as the `/dev/mail` page does).
   */
  async deliverMail(): Promise<MailboxMessage[]> {
    for (;;) {
      const result = await this.application.useCases.deliverOutbox.execute({ batchSize: 100 });
      if (!result.ok || result.value.claimed < 100) break;
    }
    const mailbox = this.application.devMailbox;
    if (mailbox === undefined) throw new Error('no development mailbox: is NODE_ENV production?');
    return [...(await mailbox.list(10_000))].reverse();
  }

  /** Delivers the queue and returns the token of the last reset email to `email`. */
  async resetTokenFor(email: string): Promise<string> {
    const mail = (await this.deliverMail()).filter((m) => m.to === email).at(-1);
    const token =
      mail === undefined ? undefined : /reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    if (token === undefined) throw new Error(`no reset email for ${email}`);
    this.secrets.add(token);
    return token;
  }

  /** Fails naming the first secret found in any captured line. */
  async assertNoSecretsLogged(): Promise<void> {
    const text = JSON.stringify(await this.settledLines());
    for (const secret of this.secrets) {
      if (secret !== '' && text.includes(secret))
        throw new Error(`a secret reached the log: ${secret.slice(0, 12)}…`);
    }
  }
}
