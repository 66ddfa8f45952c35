import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import type { CliIo } from '../src/io.js';
import { passwordFrom } from '../src/password.js';

function io(stdin: PassThrough & { isTTY?: boolean }, env: Record<string, string> = {}) {
  const stderr = new PassThrough();
  let written = '';
  stderr.on('data', (c: Buffer) => (written += c.toString()));
  const value: CliIo = { stdin, stdout: new PassThrough(), stderr, env };
  return { value, stderr: () => written };
}

describe('where a password comes from', () => {
  it('--password-stdin reads a pipe to its end, less one trailing newline', async () => {
    for (const [input, expected] of [
      ['piped secret 1\n', 'piped secret 1'],
      ['piped secret 1\r\n', 'piped secret 1'],
      ['ends in spaces  ', 'ends in spaces  '],
      ['two newlines\n\n', 'two newlines\n'],
    ]) {
      const stdin = new PassThrough();
      stdin.end(input);
      const password = await passwordFrom(io(stdin).value, {
        given: undefined,
        fromStdin: true,
        prompt: '?',
      });
      expect(password).to.equal(expected);
    }
  });

  it('--password-stdin at a terminal asks without echo, before ADMIN_PASSWORD', async function () {
    this.timeout(5_000);
    const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin });
    const terminal = io(stdin, { ADMIN_PASSWORD: 'from the environment 1' });
    const asked = passwordFrom(terminal.value, {
      given: undefined,
      fromStdin: true,
      envVar: 'ADMIN_PASSWORD',
      prompt: 'Password: ',
    });
    setTimeout(() => stdin.write('typed secret 1\r'), 20);
    expect(await asked).to.equal('typed secret 1');
    expect(terminal.stderr()).to.include('Password: ').and.not.include('typed secret');
  });
});
