import { expect } from 'chai';
import { NodeRandomTokens } from '../src/index.js';

describe('NodeRandomTokens', () => {
  const tokens = new NodeRandomTokens();

  it('generates 32 random bytes as 43 base64url characters', () => {
    const token = tokens.generate();
    expect(token).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).to.have.length(32);
  });

  it('never repeats itself', () => {
    const many = Array.from({ length: 1000 }, () => tokens.generate());
    expect(new Set(many).size).to.equal(1000);
  });

  it('hashes with SHA-256, as lowercase hex, deterministically', () => {
    expect(tokens.hash('abc')).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const token = tokens.generate();
    expect(tokens.hash(token))
      .to.equal(new NodeRandomTokens().hash(token))
      .and.match(/^[0-9a-f]{64}$/);
    expect(tokens.hash(token)).to.not.equal(tokens.hash(token + 'x'));
  });
});
