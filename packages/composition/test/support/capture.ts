import { Writable } from 'node:stream';
import { createLogger } from '@codex-auth/composition';

/** A debug logger whose JSON lines the test reads back, parsed. */
export function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', stream }) };
}
