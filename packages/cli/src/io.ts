/** Where a command reads and writes: the process's streams in production, buffers in tests. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** An expected failure: one clear line on stderr and exit code 1, no stack trace. */
export class CliFailure extends Error {
  override name = 'CliFailure';
}

export function line(stream: NodeJS.WritableStream, text: string): void {
  stream.write(`${text}\n`);
}

/** Registers a command's work; `runCli` awaits it and turns its failure into the exit code. */
export type Done = (work: Promise<void>) => void;

/** A command line that does not parse: exit code 2, with a pointer to --help. */
export class UsageError extends Error {
  override name = 'UsageError';
}
