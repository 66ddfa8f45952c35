import { isUuid } from '@codex-auth/domain';
import { expect } from 'chai';
import { SystemClock, UuidGenerator } from '../src/index.js';

describe('SystemClock', () => {
  it('tells the current time, as a fresh Date each call', () => {
    const clock = new SystemClock();
    const before = Date.now();
    const now = clock.now();
    expect(now.getTime()).to.be.within(before, Date.now());
    now.setFullYear(2000);
    expect(clock.now().getFullYear()).to.be.greaterThan(2000);
  });
});

describe('UuidGenerator', () => {
  it('gives random (version 4) UUIDs, never the same twice', () => {
    const ids = new UuidGenerator();
    const many = Array.from({ length: 1000 }, () => ids.next());
    expect(
      many.every(
        (id) =>
          isUuid(id) && /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id),
      ),
    ).to.equal(true);
    expect(new Set(many).size).to.equal(1000);
  });
});
