/** One window of a rate limit: at most `max` hits per `durationMs`. */
export interface RateLimitWindow {
  readonly max: number;
  readonly durationMs: number;
}

const UNITS: Record<string, number> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/**
 * The seed's notation (Flask-Limiter's): `5/minute`, `10/15minutes`, `5 per minute`, several joined
 * by `;`, e.g. `5/minute;30/hour`. Throws a message naming what it could not read.
 */
export function parseRateLimits(spec: string): readonly RateLimitWindow[] {
  const parts = spec
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) throw new Error('is empty');
  return parts.map((part) => {
    const match = /^(\d+)\s*(?:\/|per)\s*(\d+)?\s*(second|minute|hour|day)s?$/i.exec(part);
    if (match === null) throw new Error(`cannot read '${part}' (expected e.g. 5/minute or 10/15minutes)`);
    const max = Number(match[1]);
    const count = match[2] === undefined ? 1 : Number(match[2]);
    if (max < 1 || count < 1)
      throw new Error(`'${part}' must allow at least one request in a non-empty window`);
    return { max, durationMs: count * UNITS[match[3]!.toLowerCase()]! };
  });
}
