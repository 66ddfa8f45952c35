import { expect } from 'chai';
import { aUser, createTestWorld } from '@codex-auth/domain/testing';
import { expectFailure, expectOk } from '../helpers.js';

describe('GetUser', () => {
  it('finds a user by id and answers not_found otherwise', async () => {
    const world = createTestWorld();
    const user = aUser().build();
    await world.given(user);
    expect(expectOk(await world.useCases.getUser.execute({ id: user.id })).email).to.equal(user.email);
    expectFailure(
      await world.useCases.getUser.execute({ id: '00000000-0000-4000-8000-00000000ffff' }),
      'not_found',
    );
    expectFailure(await world.useCases.getUser.execute({ id: 'not-a-uuid' }), 'not_found');
  });
});

describe('GetUser by email', () => {
  it('finds a user by email, case-insensitively, and answers not_found otherwise', async () => {
    const world = createTestWorld();
    const user = aUser().withEmail('found@example.com').build();
    await world.given(user);
    expect(expectOk(await world.useCases.getUser.execute({ email: ' FOUND@example.com' })).id).to.equal(
      user.id,
    );
    expectFailure(await world.useCases.getUser.execute({ email: 'lost@example.com' }), 'not_found');
    expectFailure(await world.useCases.getUser.execute({ email: '' }), 'not_found');
  });
});
