import { expect } from 'chai';
import type { Result } from '@codex-auth/domain';
import {
  aUser,
  createTestWorld,
  DEFAULT_TEST_PASSWORD,
  RecordingMailer,
  type TestWorld,
} from '@codex-auth/domain/testing';
import { expectFailure, expectOk } from '../helpers.js';

const PASSWORD = 'a long enough secret';

/** One way to create an account, as each use case that creates one is driven. */
type Create = (world: TestWorld, email: string) => Promise<Result<unknown>>;

const CREATORS: Record<string, Create> = {
  RegisterUser: (world, email) => world.useCases.registerUser.execute({ email, password: PASSWORD }),
  CreateUser: (world, email) => world.useCases.createUser.execute({ email, password: PASSWORD }),
  SeedAdmin: (world, email) => world.useCases.seedAdmin.execute({ email, password: PASSWORD }),
};

// Lookalikes of admin@example.com that must not become second accounts.
const INVISIBLE = {
  'a zero-width space': 'admin\u200b@example.com',
  'a zero-width joiner': 'ad\u200dmin@example.com',
  'a right-to-left override': 'ad\u202emin@example.com',
  'a variation selector': 'admin\ufe0f@example.com',
  'a soft hyphen': 'ad\u00admin@example.com',
  'a control character': 'ad\u0007min@example.com',
};
const CONFUSABLE = {
  'a Cyrillic а': '\u0430dmin@example.com',
  'a Cyrillic і': 'adm\u0456n@example.com',
  'a Greek α': '\u03b1dmin@example.com',
  'fullwidth letters': '\uff41\uff44\uff4d\uff49\uff4e@example.com',
  'upper-case fullwidth letters': '\uff21\uff24\uff2d\uff29\uff2e@example.com',
};

for (const [name, create] of Object.entries(CREATORS)) {
  describe(`${name}: lookalike emails`, () => {
    let world: TestWorld;
    beforeEach(async () => {
      world = createTestWorld();
      await world.given(aUser().withEmail('admin@example.com').build());
    });

    for (const [what, email] of Object.entries(INVISIBLE)) {
      it(`refuses an address with ${what} as invalid, writing nothing`, async () => {
        const result = await create(world, email);
        expectFailure(result, 'validation_failed');
        if (!result.ok)
          expect(result.errors).to.deep.equal([
            { field: 'email', message: 'must not contain invisible or control characters' },
          ]);
        expect(await world.uow.run((s) => s.users.count())).to.equal(1);
      });
    }

    for (const [what, email] of Object.entries(CONFUSABLE)) {
      it(`refuses a lookalike with ${what} as taken, the answer a duplicate gets`, async () => {
        const lookalike = await create(world, email);
        const duplicate = await create(world, 'admin@example.com');
        expectFailure(lookalike, 'email_taken');
        if (name === 'SeedAdmin') expect(duplicate.ok, 'seed-admin promotes the same address').to.equal(true);
        else expect(lookalike).to.deep.equal(duplicate);
        if (!lookalike.ok)
          expect(lookalike.errors).to.deep.equal([
            { field: 'email', message: 'is already registered, or looks like an address that is' },
          ]);
        expect(await world.uow.run((s) => s.users.count())).to.equal(1);
      });
    }

    it('takes the composed and decomposed forms of one name as one address', async () => {
      const composed = expectOk(await create(world, 'jos\u00e9@example.com'));
      const decomposed = await create(world, 'jose\u0301@example.com');
      if (name === 'SeedAdmin') expect(expectOk(decomposed)).to.deep.include({ created: false });
      else expectFailure(decomposed, 'email_taken');
      expect(JSON.stringify(composed)).to.include('jos\u00e9@example.com');
      expect(await world.uow.run((s) => s.users.count())).to.equal(2);
    });

    it('stores an international domain in its ASCII form: bücher and xn--bcher-kva are one', async () => {
      expectOk(await create(world, 'Ada@B\u00fccher.example'));
      const stored = await world.uow.run((s) => s.users.findByEmail('ada@xn--bcher-kva.example'));
      expect(stored?.email).to.equal('ada@xn--bcher-kva.example');
      const again = await create(world, 'ada@xn--bcher-kva.example');
      if (name === 'SeedAdmin') expect(expectOk(again)).to.deep.include({ created: false });
      else expectFailure(again, 'email_taken');
      expect(await world.uow.run((s) => s.users.count())).to.equal(2);
    });

    it('still creates addresses that only share letters', async () => {
      expectOk(await create(world, 'admins@example.com'));
      expectOk(await create(world, 'admin@example.org'));
      expect(await world.uow.run((s) => s.users.count())).to.equal(3);
    });
  });
}

describe('Login with canonical and older addresses', () => {
  it('finds an account under either form of its international domain', async () => {
    const world = createTestWorld();
    const view = expectOk(
      await world.useCases.createUser.execute({ email: 'ada@b\u00fccher.example', password: PASSWORD }),
    );
    for (const email of [
      'ada@b\u00fccher.example',
      'ADA@xn--bcher-kva.example',
      'ada@bu\u0308cher.example',
    ]) {
      expectOk(await world.useCases.login.execute({ email, password: PASSWORD }));
    }
    expect(view.email).to.equal('ada@xn--bcher-kva.example');
  });

  it('still logs in an older account stored under a form today would not store', async () => {
    const world = createTestWorld();
    const legacy = aUser().withEmail('old@b\u00fccher.example').build();
    const decomposed = aUser().withEmail('jose\u0301@example.com').build();
    await world.given(legacy, decomposed);
    expectOk(
      await world.useCases.login.execute({
        email: 'OLD@b\u00fccher.example',
        password: DEFAULT_TEST_PASSWORD,
      }),
    );
    expectOk(
      await world.useCases.login.execute({
        email: 'jose\u0301@example.com',
        password: DEFAULT_TEST_PASSWORD,
      }),
    );
  });

  it('does the same lookups for an unknown address as for a known one of the same form', async () => {
    const world = createTestWorld();
    await world.given(aUser().withEmail('ada@xn--bcher-kva.example').build());
    const queries: string[] = [];
    // Login looks accounts up outside a transaction (`read`).
    const read = world.uow.read.bind(world.uow);
    world.uow.read = (work) =>
      read((scope) => {
        const findByEmail = scope.users.findByEmail.bind(scope.users);
        scope.users.findByEmail = (email) => {
          queries.push(email);
          return findByEmail(email);
        };
        return work(scope);
      });
    await world.useCases.login.execute({ email: 'ada@b\u00fccher.example', password: 'wrong password!' });
    const known = queries.splice(0).length;
    await world.useCases.login.execute({ email: 'bob@b\u00fccher.example', password: 'wrong password!' });
    expect(queries.length).to.equal(known).and.to.equal(2);
  });
});

describe('RequestPasswordReset with canonical and older addresses', () => {
  it('finds an account under either form of its address, as login does', async () => {
    const world = createTestWorld();
    expectOk(
      await world.useCases.createUser.execute({ email: 'ada@b\u00fccher.example', password: PASSWORD }),
    );
    await world.given(aUser().withEmail('jose\u0301@example.com').build());
    // The request only queues; the worker's delivery finds the account and issues the link.
    const deliver = world.deliverOutbox(new RecordingMailer());
    for (const email of ['ada@b\u00fccher.example', 'ada@xn--bcher-kva.example', 'jose\u0301@example.com']) {
      expectOk(await world.useCases.requestPasswordReset.execute({ email }));
      expectOk(await deliver.execute());
      expect(world.events.last('password_reset_issued'), email).to.have.property('userId');
      expect(world.events.last('password_reset_skipped'), email).to.equal(undefined);
    }
  });
});
