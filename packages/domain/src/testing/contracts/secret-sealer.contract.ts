import type { SecretSealer } from '../../ports/secret-sealer.js';
import { check, same } from './check.js';
import type { ContractRunner } from './harness.js';

/** A sealer under test, and one holding only some other key (another SECRET_KEY). */
export interface SealerSubject {
  readonly sealer: SecretSealer;
  readonly stranger: SecretSealer;
}

const SECRET = 'reset-token_Zx9-0123456789abcdefghijklmnopqrstuv';
const CONTEXT = 'password_reset_email:job-1:a@example.com';

/** Changes one character in the middle of `text`. */
function altered(text: string): string {
  const i = Math.floor(text.length / 2);
  return `${text.slice(0, i)}${text[i] === 'A' ? 'B' : 'A'}${text.slice(i + 1)}`;
}

export function secretSealerContract(
  runner: Pick<ContractRunner, 'describe' | 'it'>,
  make: () => SealerSubject,
): void {
  const { describe, it } = runner;
  describe('SecretSealer contract', () => {
    it('opens what it sealed, with the same context; the sealed value shows nothing of the secret', async () => {
      const { sealer } = make();
      const sealed = await sealer.seal(SECRET, CONTEXT);
      check(!sealed.includes(SECRET) && !sealed.includes(SECRET.slice(0, 12)), 'no part of the secret shows');
      same(await sealer.open(sealed, CONTEXT), SECRET, 'round trip');
      check((await sealer.seal(SECRET, CONTEXT)) !== sealed, 'sealing twice gives two values');
      const unicode = 'pässwörd ✓ 密码 😀';
      same(await sealer.open(await sealer.seal(unicode, CONTEXT), CONTEXT), unicode, 'any text');
    });

    it('opens nothing for another context, another key, an altered value or junk, and never throws', async () => {
      const { sealer, stranger } = make();
      const sealed = await sealer.seal(SECRET, CONTEXT);
      same(await sealer.open(sealed, `${CONTEXT}x`), null, 'another context');
      same(await stranger.open(sealed, CONTEXT), null, 'another key');
      same(await sealer.open(altered(sealed), CONTEXT), null, 'one character changed');
      same(await sealer.open(`${sealed}A`, CONTEXT), null, 'one character added');
      same(await sealer.open(sealed.slice(0, -1), CONTEXT), null, 'one character cut');
      for (const junk of ['', SECRET, '....', 'v1.x.y.z.w']) {
        same(await sealer.open(junk, CONTEXT), null, `junk ${JSON.stringify(junk)}`);
      }
    });
  });
}
