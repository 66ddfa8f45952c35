import { expect } from 'chai';
import { aUser, createTestWorld } from '@codex-auth/domain/testing';
import { expectFailure, expectOk, loginAs } from '../helpers.js';

describe('ListUsers', () => {
  async function populated(n: number) {
    const world = createTestWorld();
    const users = Array.from({ length: n }, (_, i) =>
      aUser()
        .withEmail(`member${String(i).padStart(2, '0')}@example.com`)
        .createdAt(new Date(Date.UTC(2026, 0, 1, 0, 0, i)))
        .build(),
    );
    await world.given(...users);
    return { world, users };
  }

  it('pages by the seed’s defaults: page 1, 10 per page, ordered by creation', async () => {
    const { world, users } = await populated(25);
    const list = expectOk(await world.useCases.listUsers.execute({}));
    expect(list.items.map((u) => u.id)).to.deep.equal(users.slice(0, 10).map((u) => u.id));
    expect(list.meta).to.deep.equal({ page: 1, perPage: 10, pages: 3, total: 25 });
    expect(list.items[0]).to.not.have.property('passwordHash');
  });

  it('falls back to defaults for page 0 and caps per_page 1000 at 100', async () => {
    const { world } = await populated(3);
    expect(expectOk(await world.useCases.listUsers.execute({ page: 0, perPage: 1000 })).meta).to.deep.equal({
      page: 1,
      perPage: 100,
      pages: 1,
      total: 3,
    });
    expect(expectOk(await world.useCases.listUsers.execute({ page: '-1', perPage: 'x' })).meta).to.include({
      page: 1,
      perPage: 10,
    });
  });

  it('returns an empty page past the end with the real total', async () => {
    const { world } = await populated(25);
    const list = expectOk(await world.useCases.listUsers.execute({ page: 4, perPage: 10 }));
    expect(list.items).to.deep.equal([]);
    expect(list.meta).to.deep.equal({ page: 4, perPage: 10, pages: 3, total: 25 });
    expect(expectOk(await world.useCases.listUsers.execute({ page: 3, perPage: 10 })).items).to.have.length(
      5,
    );
  });

  it('filters by status, ignoring unknown statuses, and searches emails case-insensitively', async () => {
    const world = createTestWorld();
    await world.given(
      aUser().withEmail('alpha@corp.io').pending().build(),
      aUser().withEmail('beta@corp.io').build(),
      aUser().withEmail('100%@corp.io').build(),
    );
    expect(
      expectOk(await world.useCases.listUsers.execute({ status: 'pending' })).items.map((u) => u.email),
    ).to.deep.equal(['alpha@corp.io']);
    expect(expectOk(await world.useCases.listUsers.execute({ status: 'bogus' })).meta.total).to.equal(3);
    expect(
      expectOk(await world.useCases.listUsers.execute({ q: '  BETA ' })).items.map((u) => u.email),
    ).to.deep.equal(['beta@corp.io']);
    expect(
      expectOk(await world.useCases.listUsers.execute({ q: '%' })).items.map((u) => u.email),
    ).to.deep.equal(['100%@corp.io']);
    expect(expectOk(await world.useCases.listUsers.execute({ q: 'x'.repeat(5000) })).meta.total).to.equal(0);
    expect(
      expectOk(await world.useCases.listUsers.execute({ q: 42 })).meta.total,
      'non-string q is ignored',
    ).to.equal(3);
  });
});

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
    const bad = await world.useCases.createUser.execute({ email: 'bad', password: 'short', role: 'root' });
    expectFailure(bad, 'validation_failed');
    if (!bad.ok) expect(bad.errors?.map((e) => e.field)).to.deep.equal(['email', 'password', 'role']);
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

describe('ApproveUser', () => {
  for (const status of ['pending', 'rejected', 'disabled'] as const) {
    it(`approves a ${status} user, who can then log in`, async () => {
      const world = createTestWorld();
      const user = aUser().withStatus(status).build();
      await world.given(user);
      world.clock.advanceSeconds(100);
      const approved = expectOk(await world.useCases.approveUser.execute({ id: user.id }));
      expect(approved.status).to.equal('approved');
      expect(approved.approvedAt).to.deep.equal(world.clock.now());
      await loginAs(world, user);
    });
  }

  it('is idempotent: approving again keeps the first approval time and logs nothing new', async () => {
    const world = createTestWorld();
    const user = aUser().pending().build();
    await world.given(user);
    const first = expectOk(await world.useCases.approveUser.execute({ id: user.id }));
    world.clock.advanceSeconds(100);
    const second = expectOk(await world.useCases.approveUser.execute({ id: user.id }));
    expect(second).to.deep.equal(first);
    expect(world.events.names().filter((n) => n === 'user_approved')).to.have.length(1);
  });

  it('answers not_found for unknown ids', async () => {
    const world = createTestWorld();
    expectFailure(
      await world.useCases.approveUser.execute({ id: '00000000-0000-4000-8000-00000000ffff' }),
      'not_found',
    );
    expectFailure(await world.useCases.approveUser.execute({ id: 'x' }), 'not_found');
  });
});

describe('RejectUser', () => {
  it('rejects an approved user and ends their sessions at once', async () => {
    const world = createTestWorld();
    const user = aUser().build();
    await world.given(user);
    const pair = await loginAs(world, user);
    expect(expectOk(await world.useCases.rejectUser.execute({ id: user.id })).status).to.equal('rejected');
    expectFailure(
      await world.useCases.authenticate.execute({ accessToken: pair.accessToken }),
      'unauthorized',
    );
    expectFailure(
      await world.useCases.refreshSession.execute({ refreshToken: pair.refreshToken }),
      'account_rejected',
    );
    expectFailure(
      await world.useCases.login.execute({ email: user.email, password: 'correct horse battery staple' }),
      'account_rejected',
    );
    expect(world.events.last('user_rejected')?.userId).to.equal(user.id);
  });

  it('rejects from pending', async () => {
    const world = createTestWorld();
    const user = aUser().pending().build();
    await world.given(user);
    expect(expectOk(await world.useCases.rejectUser.execute({ id: user.id })).status).to.equal('rejected');
  });

  it('refuses to reject the last approved admin, and allows it when another remains', async () => {
    const world = createTestWorld();
    const admin = aUser().admin().build();
    const disabledAdmin = aUser().admin().disabled().build();
    await world.given(admin, disabledAdmin);
    expectFailure(await world.useCases.rejectUser.execute({ id: admin.id }), 'last_admin');
    expect((await world.userById(admin.id))?.status).to.equal('approved');
    const second = aUser().admin().build();
    await world.given(second);
    expectOk(await world.useCases.rejectUser.execute({ id: admin.id }));
    expectFailure(await world.useCases.rejectUser.execute({ id: second.id }), 'last_admin');
    expectOk(await world.useCases.rejectUser.execute({ id: disabledAdmin.id }));
  });

  it('answers not_found for unknown ids', async () => {
    const world = createTestWorld();
    expectFailure(
      await world.useCases.rejectUser.execute({ id: '00000000-0000-4000-8000-00000000ffff' }),
      'not_found',
    );
    expectFailure(await world.useCases.rejectUser.execute({ id: 'x' }), 'not_found');
  });
});

describe('UpdateUser', () => {
  it('disables a user, ending sessions, and re-approves them', async () => {
    const world = createTestWorld();
    const user = aUser().build();
    await world.given(user);
    const pair = await loginAs(world, user);
    expect(
      expectOk(await world.useCases.updateUser.execute({ id: user.id, status: 'disabled' })).status,
    ).to.equal('disabled');
    expectFailure(
      await world.useCases.authenticate.execute({ accessToken: pair.accessToken }),
      'unauthorized',
    );
    expect(
      expectOk(await world.useCases.updateUser.execute({ id: user.id, status: 'approved' })).status,
    ).to.equal('approved');
    expectFailure(
      await world.useCases.refreshSession.execute({ refreshToken: pair.refreshToken }),
      'refresh_revoked',
    );
    await loginAs(world, user);
    expect(world.events.names().filter((n) => n === 'user_updated')).to.have.length(2);
  });

  it('approving a pending user sets the approval time', async () => {
    const world = createTestWorld();
    const user = aUser().pending().build();
    await world.given(user);
    expect(
      expectOk(await world.useCases.updateUser.execute({ id: user.id, status: 'approved' })).approvedAt,
    ).to.deep.equal(world.clock.now());
  });

  it('changes the role without ending sessions', async () => {
    const world = createTestWorld();
    const user = aUser().build();
    await world.given(user);
    const pair = await loginAs(world, user);
    expect(expectOk(await world.useCases.updateUser.execute({ id: user.id, role: 'admin' })).role).to.equal(
      'admin',
    );
    expect((await world.useCases.authenticate.execute({ accessToken: pair.accessToken })).ok).to.equal(true);
  });

  it('changes nothing, and logs nothing, for an empty or same-valued patch', async () => {
    const world = createTestWorld();
    const user = aUser().build();
    await world.given(user);
    expectOk(await world.useCases.updateUser.execute({ id: user.id }));
    expectOk(await world.useCases.updateUser.execute({ id: user.id, role: 'user', status: 'approved' }));
    expect(world.events.names()).to.deep.equal([]);
  });

  it('refuses statuses other than approved and disabled, and unknown roles', async () => {
    const world = createTestWorld();
    const user = aUser().build();
    await world.given(user);
    for (const patch of [
      { status: 'pending' },
      { status: 'rejected' },
      { status: 7 },
      { role: 'root' },
      { role: null },
    ]) {
      expectFailure(await world.useCases.updateUser.execute({ id: user.id, ...patch }), 'validation_failed');
    }
    expect(await world.userById(user.id)).to.deep.equal(user);
  });

  it('protects the last approved admin from demotion and from disabling', async () => {
    const world = createTestWorld();
    const admin = aUser().admin().build();
    await world.given(admin);
    expectFailure(await world.useCases.updateUser.execute({ id: admin.id, role: 'user' }), 'last_admin');
    expectFailure(
      await world.useCases.updateUser.execute({ id: admin.id, status: 'disabled' }),
      'last_admin',
    );
    expect(await world.userById(admin.id)).to.deep.equal(admin);
  });

  it('lets only one of two admins demote the other at the same time', async () => {
    const world = createTestWorld();
    const a = aUser().admin().build();
    const b = aUser().admin().build();
    await world.given(a, b);
    const results = await Promise.all(
      [a, b].map((u) => world.useCases.updateUser.execute({ id: u.id, role: 'user' })),
    );
    expect(results.filter((r) => r.ok)).to.have.length(1);
    expect(results.filter((r) => !r.ok && r.code === 'last_admin')).to.have.length(1);
    expect(await world.uow.run((s) => s.users.countActiveAdmins())).to.equal(1);
  });

  it('validates before looking up, and answers not_found for unknown ids', async () => {
    const world = createTestWorld();
    expectFailure(await world.useCases.updateUser.execute({ id: 'x', role: 'admin' }), 'not_found');
    expectFailure(
      await world.useCases.updateUser.execute({
        id: '00000000-0000-4000-8000-00000000ffff',
        status: 'disabled',
      }),
      'not_found',
    );
    expectFailure(await world.useCases.updateUser.execute({ id: 'x', role: 'boss' }), 'validation_failed');
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
