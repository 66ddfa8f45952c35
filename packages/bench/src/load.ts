/**
 * The load generator: autocannon in a process of its own (forked by the bench), so its CPU time is
 * never counted as the server's. It receives one `LoadSpec` over IPC, runs it, and answers with a
 * `LoadResult`; a `stop` message ends a run early (the clean-up scenario runs until the clean-up ends).
 */
import autocannon from 'autocannon';

export interface LoadSpec {
  readonly url: string;
  readonly path: string;
  readonly method: 'GET' | 'POST';
  readonly connections: number;
  /** Seconds; ignored when `amount` is set. */
  readonly duration: number;
  readonly amount?: number;
  /** Requests per second over all connections. */
  readonly overallRate?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /**
   * `plain`: the same request again and again. `refresh-chain`: each connection starts from one of
   * `tokens` and presents, every time, the refresh token the previous answer gave it (each used
   * once). `token-each`: each request takes the next of `tokens` as its Bearer token (logout).
   * `login`: each request logs in as the next of `emails`, round robin.
   */
  readonly kind: 'plain' | 'refresh-chain' | 'token-each' | 'login';
  readonly tokens?: readonly string[];
  readonly emails?: readonly string[];
  readonly password?: string;
}

export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly statusCodes: Record<string, number>;
}

type Request = autocannon.Request;

function requestsFor(spec: LoadSpec): Pick<autocannon.Options, 'requests' | 'setupClient'> {
  const base = { method: spec.method, path: spec.path };
  const headers = { ...spec.headers };
  const tokens = [...(spec.tokens ?? [])];
  switch (spec.kind) {
    case 'plain':
      return { requests: [{ ...base, headers, ...(spec.body === undefined ? {} : { body: spec.body }) }] };
    case 'refresh-chain': {
      let next = 0;
      return {
        setupClient(client) {
          // Per connection, in a closure: autocannon resets its `context` after every request.
          const chain = { token: tokens[next++ % tokens.length] ?? '' };
          const request: Request = {
            ...base,
            setupRequest: (req) => ({
              ...req,
              headers: { ...headers, authorization: `Bearer ${chain.token}` },
            }),
            onResponse: (status, body) => {
              if (status === 200) chain.token = (JSON.parse(body) as { refresh_token: string }).refresh_token;
            },
          };
          client.setRequests([request]);
        },
      };
    }
    case 'token-each': {
      let next = 0;
      return {
        requests: [
          {
            ...base,
            // Past the end the last token is shown again (logout is idempotent), never a made-up one.
            setupRequest: (req) => ({
              ...req,
              headers: {
                ...headers,
                authorization: `Bearer ${tokens[Math.min(next++, tokens.length - 1)] ?? ''}`,
              },
            }),
          },
        ],
      };
    }
    case 'login': {
      const emails = spec.emails ?? [];
      let next = 0;
      return {
        requests: [
          {
            ...base,
            setupRequest: (req) => ({
              ...req,
              headers: { ...headers, 'content-type': 'application/json' },
              body: JSON.stringify({ email: emails[next++ % emails.length], password: spec.password }),
            }),
          },
        ],
      };
    }
  }
}

export function runLoad(spec: LoadSpec, onInstance?: (stop: () => void) => void): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.duration,
        ...(spec.amount === undefined ? {} : { amount: spec.amount }),
        ...(spec.overallRate === undefined ? {} : { overallRate: spec.overallRate }),
        timeout: 30,
        ...requestsFor(spec),
      },
      (error, result) => {
        if (error !== null && error !== undefined) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        const codes: Record<string, number> = {};
        for (const [code, { count }] of Object.entries(
          (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ??
            {},
        )) {
          codes[code] = Number(count);
        }
        const completed = Object.values(codes).reduce((a, b) => a + b, 0);
        resolve({
          requests: completed,
          seconds: result.duration,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          non2xx: result.non2xx,
          errors: result.errors,
          statusCodes: codes,
        });
      },
    );
    onInstance?.(() => instance.stop());
  });
}

// Run as a forked child: one spec in, one result out.
if (process.send !== undefined) {
  process.once('message', (spec: LoadSpec) => {
    let stop: (() => void) | undefined;
    process.on('message', (message: unknown) => {
      if (message === 'stop') stop?.();
    });
    runLoad(spec, (s) => (stop = s)).then(
      (result) => process.send!({ ok: true, result }, () => process.exit(0)),
      (error: unknown) => process.send!({ ok: false, error: String(error) }, () => process.exit(1)),
    );
  });
  process.send('ready');
}
