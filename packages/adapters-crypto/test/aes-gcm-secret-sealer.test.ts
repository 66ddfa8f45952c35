import { expect } from 'chai';
import { secretSealerContract } from '@codex-auth/domain/testing';
import { AesGcmSecretSealer, deriveKey, sealingKeyFrom } from '../src/index.js';

const SECRET_KEY = 'a-secret-key-of-at-least-32-bytes-for-the-sealer-tests';
const OTHER_SECRET_KEY = 'another-secret-key-of-at-least-32-bytes-for-these-tests';
const TOKEN = 'Zx9_reset-token-base64url-43-characters-abc';
const CONTEXT = 'password_reset_email:job-1:a@example.com';

/** Flips one bit of a base64url part of a sealed value. */
function flip(sealed: string, part: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[0]! ^= 1;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('AesGcmSecretSealer', () => {
  const sealer = new AesGcmSecretSealer({ current: sealingKeyFrom(SECRET_KEY) });

  it('seals to a value naming its key, holding nothing of the secret, that opens back', async () => {
    const sealed = await sealer.seal(TOKEN, CONTEXT);
    const key = sealingKeyFrom(SECRET_KEY);
    expect(sealed.split('.')).to.have.length(5);
    expect(sealed.startsWith(`v1.${key.id}.`)).to.equal(true);
    expect(sealed).to.not.include(TOKEN).and.not.include(TOKEN.slice(0, 16));
    expect(sealed).to.not.include(Buffer.from(TOKEN).toString('base64url').slice(0, 16));
    expect(await sealer.open(sealed, CONTEXT)).to.equal(TOKEN);
    expect(await sealer.seal(TOKEN, CONTEXT), 'a fresh nonce each time').to.not.equal(sealed);
  });

  it('opens nothing tampered with, for another context, or sealed under another SECRET_KEY', async () => {
    const sealed = await sealer.seal(TOKEN, CONTEXT);
    for (const part of [2, 3, 4])
      expect(await sealer.open(flip(sealed, part), CONTEXT), `part ${part}`).to.equal(null);
    expect(await sealer.open(sealed, 'password_reset_email:job-1:eve@example.com')).to.equal(null);
    const other = new AesGcmSecretSealer({ current: sealingKeyFrom(OTHER_SECRET_KEY) });
    expect(await other.open(sealed, CONTEXT), 'unknown key id').to.equal(null);
    // Same id, wrong key bytes (an operator reusing an id): authentication fails rather than garbage.
    const impostor = new AesGcmSecretSealer({
      current: { id: sealingKeyFrom(SECRET_KEY).id, key: deriveKey(OTHER_SECRET_KEY, 'secret-sealing') },
    });
    expect(await impostor.open(sealed, CONTEXT)).to.equal(null);
    const parts = sealed.split('.');
    const retagged = [parts[0], sealingKeyFrom(OTHER_SECRET_KEY).id, ...parts.slice(2)].join('.');
    expect(await other.open(retagged, CONTEXT), 'an edited key id').to.equal(null);
    for (const junk of ['', 'v1', TOKEN, 'v2.x.y.z.w', `${sealed}.x`, sealed.slice(0, -4), 'v1.k.!!.$$.%%']) {
      expect(await sealer.open(junk, CONTEXT), JSON.stringify(junk)).to.equal(null);
    }
  });

  it('opens values sealed under a previous key after a rotation, sealing with the new one', async () => {
    const before = await sealer.seal(TOKEN, CONTEXT);
    const rotated = new AesGcmSecretSealer({
      current: sealingKeyFrom(OTHER_SECRET_KEY),
      previous: [sealingKeyFrom(SECRET_KEY)],
    });
    expect(await rotated.open(before, CONTEXT)).to.equal(TOKEN);
    const after = await rotated.seal(TOKEN, CONTEXT);
    expect(after.split('.')[1]).to.equal(sealingKeyFrom(OTHER_SECRET_KEY).id);
    expect(await sealer.open(after, CONTEXT), 'the old instance cannot read the new key').to.equal(null);
  });

  it('refuses keys that cannot work', () => {
    const key = sealingKeyFrom(SECRET_KEY);
    expect(() => new AesGcmSecretSealer({ current: { id: key.id, key: new Uint8Array(16) } })).to.throw(
      RangeError,
    );
    expect(() => new AesGcmSecretSealer({ current: { id: 'a.b', key: key.key } })).to.throw(RangeError);
    expect(() => new AesGcmSecretSealer({ current: key, previous: [key] })).to.throw(RangeError);
  });
});

describe('AesGcmSecretSealer (port contract)', () => {
  secretSealerContract({ describe, it }, () => ({
    sealer: new AesGcmSecretSealer({ current: sealingKeyFrom(SECRET_KEY) }),
    stranger: new AesGcmSecretSealer({ current: sealingKeyFrom(OTHER_SECRET_KEY) }),
  }));
});
