import { expect } from 'chai';
import { aUser, createTestWorld } from '@codex-auth/domain/testing';
import { expectOk } from '../helpers.js';

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
