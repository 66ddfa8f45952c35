import { expect } from 'chai';
import {
  checkNewCredentials,
  Email,
  PasswordPolicy,
  ROLE_FIELD_MESSAGE,
  ROLES,
  SETTABLE_STATUS_FIELD_MESSAGE,
  SETTABLE_STATUSES,
  User,
  isSettableStatus,
  type Role,
} from '@codex-auth/domain';
import { aUser, FakeEmailCanonicalizer } from '@codex-auth/domain/testing';
import { expectFailure, expectOk } from '../helpers.js';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const T1 = new Date('2026-02-01T10:20:30.456Z');

/** Frozen, so a transition that changed its input instead of copying it would throw. */
function frozen(user: User): User {
  return Object.freeze(user);
}

describe('User transitions', () => {
  describe('approve', () => {
    it('approves a pending user and stamps the approval time', () => {
      const user = frozen(aUser().pending().build());
      const approved = User.approve(user, T1);
      expect(approved.status).to.equal('approved');
      expect(approved.approvedAt).to.equal(T1);
      expect(user.status).to.equal('pending');
    });

    it('keeps the first approval time when a rejected or disabled user comes back', () => {
      const user = frozen(aUser().with({ status: 'disabled', approvedAt: T0 }).build());
      expect(User.approve(user, T1).approvedAt).to.equal(T0);
      const rejected = frozen(aUser().with({ status: 'rejected', approvedAt: T0 }).build());
      expect(User.approve(rejected, T1).approvedAt).to.equal(T0);
    });

    it('is the same user when already approved, so callers can skip the write', () => {
      const user = frozen(aUser().build());
      expect(User.approve(user, T1)).to.equal(user);
    });
  });

  describe('enable', () => {
    it('brings a disabled user back to approved with the first approval time', () => {
      const user = frozen(aUser().with({ status: 'disabled', approvedAt: T0 }).build());
      const enabled = User.enable(user, T1);
      expect(enabled.status).to.equal('approved');
      expect(enabled.approvedAt).to.equal(T0);
    });
  });

  describe('reject and disable', () => {
    for (const [name, transition, status] of [
      ['reject', User.reject, 'rejected'],
      ['disable', User.disable, 'disabled'],
    ] as const) {
      it(`${name} moves any status to ${status} and keeps the approval history`, () => {
        for (const from of ['pending', 'approved', 'rejected', 'disabled'] as const) {
          const user = frozen(aUser().withStatus(from).build());
          const next = transition(user);
          expect(next.status, from).to.equal(status);
          expect(next.approvedAt, from).to.equal(user.approvedAt);
          expect(next.passwordHash, from).to.equal(user.passwordHash);
        }
      });

      it(`${name} twice is the same user`, () => {
        const user = frozen(transition(aUser().build()));
        expect(transition(user)).to.equal(user);
      });
    }
  });

  describe('setStatus', () => {
    it('approves for approved and disables for disabled', () => {
      const pending = frozen(aUser().pending().build());
      expect(User.setStatus(pending, 'approved', T1)).to.include({ status: 'approved', approvedAt: T1 });
      expect(User.setStatus(pending, 'disabled', T1)).to.include({ status: 'disabled', approvedAt: null });
    });

    it('refuses a status no one may set directly', () => {
      const user = frozen(aUser().build());
      for (const status of ['pending', 'rejected', 'root']) {
        expect(() => User.setStatus(user, status as 'approved', T1), status).to.throw(RangeError);
      }
    });
  });

  describe('changeRole', () => {
    it('changes the role and nothing else', () => {
      const user = frozen(aUser().pending().build());
      const admin = User.changeRole(user, 'admin');
      expect(admin).to.deep.equal({ ...user, role: 'admin' });
    });

    it('is the same user when the role does not change', () => {
      const user = frozen(aUser().admin().build());
      expect(User.changeRole(user, 'admin')).to.equal(user);
    });

    it('refuses a role that does not exist', () => {
      expect(() => User.changeRole(aUser().build(), 'root' as Role)).to.throw(RangeError);
    });
  });

  describe('setPassword', () => {
    it('replaces the hash and keeps issued tokens valid when no cut-off is given', () => {
      const user = frozen(aUser().with({ tokensValidAfter: T0 }).build());
      const next = User.setPassword(user, 'new-hash');
      expect(next).to.deep.equal({ ...user, passwordHash: 'new-hash' });
    });

    it('with a cut-off, refuses tokens issued before it, truncated to the second as JWT iat is', () => {
      const user = frozen(aUser().build());
      const next = User.setPassword(user, 'new-hash', { invalidateTokensAt: T1 });
      expect(next.passwordHash).to.equal('new-hash');
      expect(next.tokensValidAfter).to.deep.equal(new Date('2026-02-01T10:20:30.000Z'));
    });

    it('a cut-off accepts tokens from its own second on, and refuses earlier ones', () => {
      const user = User.setPassword(aUser().build(), 'new-hash', { invalidateTokensAt: T1 });
      expect(User.acceptsTokenIssuedAt(user, new Date('2026-02-01T10:20:30.000Z'))).to.equal(true);
      expect(User.acceptsTokenIssuedAt(user, new Date('2026-02-01T10:20:29.000Z'))).to.equal(false);
      expect(User.acceptsTokenIssuedAt(aUser().build(), new Date(0))).to.equal(true);
    });

    it('refuses an empty hash, which would lock the account out silently', () => {
      expect(() => User.setPassword(aUser().build(), '')).to.throw(TypeError);
    });
  });

  describe('invalidateTokens', () => {
    it('sets the cut-off to the second and changes nothing else', () => {
      const user = frozen(aUser().build());
      expect(User.invalidateTokens(user, T1)).to.deep.equal({
        ...user,
        tokensValidAfter: new Date('2026-02-01T10:20:30.000Z'),
      });
    });
  });

  describe('create', () => {
    const email = expectOk(Email.parse('new@example.com'));

    it('opens an approved account approved at its creation', () => {
      const user = User.create({
        id: 'id-1',
        email,
        passwordHash: 'h',
        role: 'admin',
        status: 'approved',
        at: T1,
      });
      expect(user).to.deep.equal({
        id: 'id-1',
        email: 'new@example.com',
        passwordHash: 'h',
        role: 'admin',
        status: 'approved',
        createdAt: T1,
        approvedAt: T1,
        tokensValidAfter: null,
        locale: 'en',
      });
    });

    it('keeps the language asked for, and refuses one without texts', () => {
      const base = { id: 'id-3', email, passwordHash: 'h', role: 'user', status: 'pending', at: T1 } as const;
      expect(User.create({ ...base, locale: 'es' }).locale).to.equal('es');
      expect(() => User.create({ ...base, locale: 'fr' as 'es' })).to.throw(RangeError, /locale/);
    });

    it('opens a pending account with no approval time', () => {
      const user = User.create({
        id: 'id-2',
        email,
        passwordHash: 'h',
        role: 'user',
        status: 'pending',
        at: T1,
      });
      expect(user).to.include({ status: 'pending', approvedAt: null, role: 'user' });
    });
  });

  describe('isActiveAdmin and losesAccess', () => {
    it('only an approved admin is an active admin', () => {
      expect(User.isActiveAdmin(aUser().admin().build())).to.equal(true);
      expect(User.isActiveAdmin(aUser().admin().disabled().build())).to.equal(false);
      expect(User.isActiveAdmin(aUser().build())).to.equal(false);
    });

    it('a user loses access when leaving approved, not otherwise', () => {
      const approved = aUser().build();
      expect(User.losesAccess(approved, User.disable(approved))).to.equal(true);
      expect(User.losesAccess(approved, User.changeRole(approved, 'admin'))).to.equal(false);
      const pending = aUser().pending().build();
      expect(User.losesAccess(pending, User.reject(pending))).to.equal(false);
    });
  });
});

describe('checkNewCredentials', () => {
  const emails = new FakeEmailCanonicalizer();
  const policy = new PasswordPolicy(12);

  it('gives the canonical email and the password', () => {
    const credentials = expectOk(
      checkNewCredentials({ email: ' Ada@Bücher.Example ', password: 'a long passphrase' }, policy, emails),
    );
    expect(credentials.email.value).to.equal(
      expectOk(Email.parseCanonical('ada@bücher.example', emails)).value,
    );
    expect(credentials.password.reveal()).to.equal('a long passphrase');
  });

  it('reports the email and the password field errors together, email first', () => {
    const result = checkNewCredentials({ email: 'not-an-email', password: 'short' }, policy, emails);
    expectFailure(result, 'validation_failed');
    if (result.ok) return;
    expect(result.message).to.equal('the request is not valid');
    expect(result.errors?.map((e) => e.field)).to.deep.equal(['email', 'password']);
  });

  it('refuses a password equal to the canonical email, and to the raw one when the email is invalid', () => {
    const same = checkNewCredentials(
      { email: 'Ada@Example.com', password: 'ada@example.com' },
      policy,
      emails,
    );
    expectFailure(same, 'validation_failed');
    if (!same.ok)
      expect(same.errors).to.deep.equal([{ field: 'password', message: 'must not be the email address' }]);
    // Against the stored form: the ASCII domain is the address the account will have.
    const idn = checkNewCredentials(
      { email: 'ada@bücher.example', password: 'ada@xn--bcher-kva.example' },
      policy,
      emails,
    );
    expectFailure(idn, 'validation_failed');
    const raw = checkNewCredentials(
      { email: 'no at sign here', password: 'no at sign here' },
      policy,
      emails,
    );
    if (!raw.ok) expect(raw.errors?.map((e) => e.message)).to.include('must not be the email address');
    else expect.fail('expected failure');
  });
});

describe('allowed roles and statuses', () => {
  it('spell the field messages from the lists', () => {
    expect(ROLES).to.deep.equal(['admin', 'user']);
    expect(ROLE_FIELD_MESSAGE).to.equal("must be 'admin' or 'user'");
    expect(SETTABLE_STATUSES).to.deep.equal(['approved', 'disabled']);
    expect(SETTABLE_STATUS_FIELD_MESSAGE).to.equal("must be 'approved' or 'disabled'");
    expect(isSettableStatus('disabled')).to.equal(true);
    expect(isSettableStatus('pending')).to.equal(false);
    expect(isSettableStatus(1)).to.equal(false);
  });
});
