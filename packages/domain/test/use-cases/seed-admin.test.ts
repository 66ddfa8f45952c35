import { expect } from 'chai';
import { aUser, createTestWorld } from '@codex-auth/domain/testing';
import { expectFailure, expectOk, loginAs } from '../helpers.js';

describe('SeedAdmin', () => {
  it('creates an approved admin who can log in', async () => {
    const world = createTestWorld();
    const out = expectOk(
      await world.useCases.seedAdmin.execute({
        email: 'Root@Example.com',
        password: 'a long admin password',
      }),
    );
    expect(out.created).to.equal(true);
    expect(out.user).to.include({ email: 'root@example.com', role: 'admin', status: 'approved' });
    expectOk(
      await world.useCases.login.execute({ email: 'root@example.com', password: 'a long admin password' }),
    );
    expect(world.events.last('admin_seeded')?.details).to.deep.equal({ created: true });
  });

  it('promotes an existing account, sets its password and ends its old sessions', async () => {
    const world = createTestWorld();
    const user = aUser().withEmail('someone@example.com').pending().build();
    const approved = aUser().withEmail('active@example.com').build();
    await world.given(user, approved);
    const old = await loginAs(world, approved);
    const out = expectOk(
      await world.useCases.seedAdmin.execute({
        email: 'SOMEONE@example.com',
        password: 'a long admin password',
      }),
    );
    expect(out).to.deep.include({ created: false });
    expect(out.user).to.include({ id: user.id, role: 'admin', status: 'approved' });
    expectOk(
      await world.useCases.seedAdmin.execute({
        email: 'active@example.com',
        password: 'another admin password',
      }),
    );
    expectFailure(
      await world.useCases.authenticate.execute({ accessToken: old.accessToken }),
      'unauthorized',
    );
    expectOk(
      await world.useCases.login.execute({ email: 'active@example.com', password: 'another admin password' }),
    );
  });

  it('refuses a bad email or a weak password', async () => {
    const world = createTestWorld();
    const result = await world.useCases.seedAdmin.execute({ email: 'nope', password: 'admin123' });
    expectFailure(result, 'validation_failed');
    if (!result.ok) expect(result.errors?.map((e) => e.field)).to.deep.equal(['email', 'password']);
    expect(world.db.tables.users.size).to.equal(0);
  });
});
