import { expect } from 'chai';
import { aUser, createTestWorld } from '@codex-auth/domain/testing';
import { expectFailure, expectOk } from '../helpers.js';

describe('CreateUser', () => {
  it('creates an approved user, with the role asked for', async () => {
    const world = createTestWorld();
    const user = expectOk(
      await world.useCases.createUser.execute({
        email: 'Made@Example.com',
        password: 'a long enough secret',
        role: 'admin',
      }),
    );
    expect(user).to.include({ email: 'made@example.com', role: 'admin', status: 'approved' });
    expect(user.approvedAt).to.deep.equal(world.clock.now());
    expect(
      expectOk(
        await world.useCases.createUser.execute({
          email: 'plain@example.com',
          password: 'a long enough secret',
        }),
      ).role,
    ).to.equal('user');
    expectOk(
      await world.useCases.login.execute({ email: 'made@example.com', password: 'a long enough secret' }),
    );
  });

  it('refuses bad fields together, and a taken email', async () => {
    const world = createTestWorld();
    const bad = await world.useCases.createUser.execute({
      email: 'bad',
      password: 'short',
      role: 'root',
      locale: 'de',
    });
    expectFailure(bad, 'validation_failed');
    if (!bad.ok)
      expect(bad.errors?.map((e) => e.field)).to.deep.equal(['email', 'password', 'role', 'locale']);
    const es = expectOk(
      await world.useCases.createUser.execute({
        email: 'eva@example.com',
        password: 'a long enough secret',
        locale: 'es',
      }),
    );
    expect((await world.userById(es.id))?.locale).to.equal('es');
    await world.given(aUser().withEmail('taken@example.com').build());
    expectFailure(
      await world.useCases.createUser.execute({
        email: 'Taken@example.com',
        password: 'a long enough secret',
      }),
      'email_taken',
    );
  });
});
