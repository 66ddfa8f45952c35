import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@codex-auth/composition';

export type LogLine = Record<string, unknown>;

/** A logger whose every line is parsed as JSON (a line that is not JSON fails the test at once). */
export function captureLogs(): { readonly logger: Logger; readonly lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() !== '') lines.push(JSON.parse(line) as LogLine);
      }
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', stream }), lines };
}

/** Winston writes asynchronously: let pending lines land before reading them. */
export function settleLogs(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}
