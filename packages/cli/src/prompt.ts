import { createInterface } from 'node:readline';
import type { CliIo } from './io.js';

/**
 * Reads one line from a terminal without echoing it. The question goes to stderr, so stdout carries
 * only the command's output (JSON stays parseable).
 */
export function readHiddenLine(io: CliIo, question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
    // Swallow the echo of typed characters; only the question is shown.
    const output = rl as unknown as { _writeToOutput: (s: string) => void };
    let asked = false;
    output._writeToOutput = (s: string) => {
      if (!asked) {
        io.stderr.write(s);
        asked = true;
      }
    };
    rl.question(question, (answer) => {
      rl.close();
      io.stderr.write('\n');
      resolve(answer);
    });
  });
}
