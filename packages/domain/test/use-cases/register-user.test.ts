import { expect } from 'chai';
import { aUser, createTestWorld } from '@codex-auth/domain/testing';
import { expectFailure, expectOk } from '../helpers.js';

describe('RegisterUser', () => {
  it('creates a pending user with a normalised email and a hashed password', async () => {
    const world = createTestWorld();
    const view = expectOk(
      await world.useCases.registerUser.execute({
        email: ' New.Person@Example.com ',
        password: 'a long enough secret',
      }),
    );
    expect(view).to.include({
      email: 'new.person@example.com',
      role: 'user',
      status: 'pending',
      approvedAt: null,
    });
    expect(view).to.not.have.property('passwordHash');
    const stored = await world.userById(view.id);
    expect(stored?.passwordHash)
      .to.match(/^fake\$/)
      .and.not.include('a long enough secret');
    expect(world.events.names()).to.deep.equal(['register_ok']);
  });

  it('stores the language asked for, English when none, and refuses one it has no texts for', async () => {
    const world = createTestWorld();
    const es = expectOk(
      await world.useCases.registerUser.execute({
        email: 'eva@example.com',
        password: 'a long enough secret',
        locale: 'es',
      }),
    );
    const plain = expectOk(
      await world.useCases.registerUser.execute({
        email: 'ann@example.com',
        password: 'a long enough secret',
      }),
    );
    expect((await world.userById(es.id))?.locale).to.equal('es');
    expect((await world.userById(plain.id))?.locale).to.equal('en');
    expect(es, 'the view has no locale: the API user has no such field').to.not.have.property('locale');
    const bad = await world.useCases.registerUser.execute({
      email: 'x',
      password: 'a long enough secret',
      locale: 'fr',
    });
    expectFailure(bad, 'validation_failed');
    if (!bad.ok) {
      expect(bad.errors).to.deep.include({ field: 'locale', message: "must be 'en' or 'es'" });
      expect(bad.errors?.map((e) => e.field)).to.deep.equal(['email', 'locale']);
    }
    expect(await world.uow.run((s) => s.users.count())).to.equal(2);
  });

  it('refuses an email already taken in any letter case', async () => {
    const world = createTestWorld();
    await world.given(aUser().withEmail('taken@example.com').build());
    expectFailure(
      await world.useCases.registerUser.execute({
        email: 'TAKEN@example.com',
        password: 'a long enough secret',
      }),
      'email_taken',
    );
  });

  it('reports every invalid field at once and writes nothing', async () => {
    const world = createTestWorld();
    const result = await world.useCases.registerUser.execute({ email: 'not-an-email', password: 'short' });
    expectFailure(result, 'validation_failed');
    if (!result.ok) expect(result.errors?.map((e) => e.field)).to.deep.equal(['email', 'password']);
    expect(await world.uow.run((s) => s.users.count())).to.equal(0);
    expect(world.hasher.hashCalls).to.equal(0);
  });

  it('refuses a password equal to the email', async () => {
    const world = createTestWorld();
    expectFailure(
      await world.useCases.registerUser.execute({
        email: 'samesame@example.com',
        password: 'SameSame@example.com',
      }),
      'validation_failed',
    );
  });

  it('honours the configured minimum password length', async () => {
    const world = createTestWorld({
      passwordPolicy: new (await import('@codex-auth/domain')).PasswordPolicy(20),
    });
    expectFailure(
      await world.useCases.registerUser.execute({ email: 'a@b.co', password: 'nineteen characters' }),
      'validation_failed',
    );
    expectOk(
      await world.useCases.registerUser.execute({ email: 'a@b.co', password: 'twenty characters ok' }),
    );
  });

  it('is refused when registration is closed', async () => {
    const world = createTestWorld({ registration: 'closed' });
    expectFailure(
      await world.useCases.registerUser.execute({ email: 'a@b.co', password: 'a long enough secret' }),
      'registration_closed',
    );
  });
});
