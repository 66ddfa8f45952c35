import { expect } from 'chai';
import * as domain from '@codex-auth/domain';
import { aUser, createTestWorld } from '@codex-auth/domain/testing';
import { expectOk } from './helpers.js';

/** Every class the domain exports with an `execute` method: its use cases. */
function exportedUseCaseClasses(): unknown[] {
  return Object.values(domain as Record<string, unknown>).filter(
    (value) =>
      typeof value === 'function' &&
      typeof (value.prototype as { execute?: unknown } | undefined)?.execute === 'function',
  );
}

describe('createUseCases', () => {
  it('builds every use case the domain exports, each once', () => {
    const useCases = domain.createUseCases(createTestWorld().deps);
    const built = Object.values(useCases).map((useCase) => useCase.constructor);
    const exported = exportedUseCaseClasses();
    expect(exported).to.have.length.greaterThan(20);
    expect(built).to.have.members(exported);
  });

  it("builds the worker's delivery and clean-up over the same dependencies", async () => {
    const world = createTestWorld();
    await world.given(aUser().withEmail('ada@example.com').build());
    expectOk(await world.useCases.requestPasswordReset.execute({ email: 'ada@example.com' }));
    const report = expectOk(await world.useCases.deliverOutbox.execute());
    expect(report).to.include({ claimed: 1, sent: 1 });
    expect(world.mailer.sent.map((email) => email.to)).to.deep.equal(['ada@example.com']);
    world.clock.advanceSeconds(2 * 86_400);
    expect(expectOk(await world.useCases.purgeOutbox.execute({ graceDays: 1 })).removed).to.equal(1);
  });
});
