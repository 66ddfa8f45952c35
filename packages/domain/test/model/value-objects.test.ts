import { expect } from 'chai';
import { authSettings, Email, PageRequest, PasswordPolicy } from '@codex-auth/domain';
import { FakeEmailCanonicalizer } from '@codex-auth/domain/testing';
import { expectFailure, expectOk } from '../helpers.js';

describe('Email', () => {
  it('trims and lower-cases', () => {
    expect(expectOk(Email.parse('  Ada.Lovelace@Example.COM ')).value).to.equal('ada.lovelace@example.com');
  });

  it('accepts ordinary and international addresses', () => {
    for (const raw of ['a@b.co', 'first.last+tag@sub.example.org', 'josé@correo.es', 'x_y-z@a-b.example']) {
      expect(Email.parse(raw).ok, raw).to.equal(true);
    }
  });

  it('refuses malformed addresses with a field error', () => {
    for (const raw of [
      '',
      '   ',
      'plain',
      '@example.com',
      'a@',
      'a@b',
      'a b@example.com',
      'a@@b.co',
      'a@b..co',
      '.a@b.co',
      'a.@b.co',
      'a..b@c.co',
      'a@-b.co',
      'a@b-.co',
      'a\u0000@b.co',
    ]) {
      const result = Email.parse(raw);
      expectFailure(result, 'validation_failed');
      if (!result.ok) expect(result.errors?.[0]?.field).to.equal('email');
    }
  });

  it('refuses addresses over 254 characters, and local parts over 64', () => {
    expectFailure(Email.parse(`${'a'.repeat(64)}@${'b'.repeat(186)}.com`), 'validation_failed');
    expect(Email.parse(`${'a'.repeat(64)}@${'b'.repeat(60)}.com`).ok).to.equal(true);
    expectFailure(Email.parse(`${'a'.repeat(65)}@b.com`), 'validation_failed');
    expectFailure(Email.parse(`${'a'.repeat(10_000)}@b.com`), 'validation_failed');
  });
});

describe('Email canonical form', () => {
  const emails = new FakeEmailCanonicalizer();

  it('is NFC: the decomposed and composed é are one address', () => {
    expect(expectOk(Email.parse('JOSE\u0301@example.com')).value).to.equal('jos\u00e9@example.com');
  });

  it('refuses invisible, format and control characters, wherever they are', () => {
    for (const c of [
      '\u200b',
      '\u200c',
      '\u200d',
      '\u2060',
      '\ufeff',
      '\u202e',
      '\u2066',
      '\u00ad',
      '\ufe0f',
      '\u{e0041}',
      '\u0085',
      '\u{f0000}',
      '\u{10ffff}',
    ]) {
      for (const raw of [`ad${c}min@example.com`, `admin@exa${c}mple.com`]) {
        const result = Email.parse(raw);
        expectFailure(result, 'validation_failed');
        if (!result.ok)
          expect(result.errors, JSON.stringify(raw)).to.deep.equal([
            { field: 'email', message: 'must not contain invisible or control characters' },
          ]);
      }
    }
  });

  it('puts the domain in its ASCII form and keeps the local part', () => {
    expect(expectOk(Email.parseCanonical('Jos\u00e9@B\u00fccher.example', emails)).value).to.equal(
      'jos\u00e9@xn--bcher-kva.example',
    );
    expect(expectOk(Email.parseCanonical('a@xn--bcher-kva.example', emails)).value).to.equal(
      'a@xn--bcher-kva.example',
    );
    expectFailure(Email.parseCanonical('a@unknown\u00e9.example', emails), 'validation_failed');
    expectFailure(Email.parseCanonical('a\u200b@b\u00fccher.example', emails), 'validation_failed');
  });

  it('gives lookalikes one skeleton, comparing the domain in its Unicode form', () => {
    const skeleton = (raw: string) => Email.skeletonOf(raw, emails);
    expect(skeleton('\u0430dmin@example.com')).to.equal(skeleton('admin@example.com'));
    expect(skeleton('ADMIN@example.com')).to.equal(skeleton('admin@example.com'));
    expect(skeleton('a@xn--bcher-kva.example')).to.equal(skeleton('a@b\u00fccher.example'));
    expect(skeleton('admins@example.com')).to.not.equal(skeleton('admin@example.com'));
    expect(skeleton('not an address')).to.be.a('string');
  });
});

describe('PasswordPolicy', () => {
  const policy = new PasswordPolicy(12);

  it('accepts 12 to 1024 characters, counted as the user sees them', () => {
    expect(policy.check('a'.repeat(12), 'x@y.co').ok).to.equal(true);
    expect(policy.check('a'.repeat(1024), 'x@y.co').ok).to.equal(true);
    expect(policy.check('🔑'.repeat(12), 'x@y.co').ok, 'twelve emoji are twelve characters').to.equal(true);
  });

  it('refuses short, overlong and email-equal passwords, naming the field', () => {
    const short = policy.check('a'.repeat(11), 'x@y.co', 'new_password');
    expectFailure(short, 'validation_failed');
    if (!short.ok)
      expect(short.errors).to.deep.equal([
        { field: 'new_password', message: 'must be at least 12 characters' },
      ]);
    expectFailure(policy.check('a'.repeat(1025), 'x@y.co'), 'validation_failed');
    expectFailure(policy.check('Long.Email@Example.com', 'long.email@example.com'), 'validation_failed');
  });

  it('never shows the password when serialised', () => {
    const password = expectOk(policy.check('a secret passphrase', 'x@y.co'));
    expect(JSON.stringify({ password })).to.not.include('secret');
    expect(password.reveal()).to.equal('a secret passphrase');
  });

  it('takes its minimum from configuration and refuses impossible ones', () => {
    expect(new PasswordPolicy(8).check('12345678', 'x@y.co').ok).to.equal(true);
    expect(() => new PasswordPolicy(0)).to.throw(RangeError);
    expect(() => new PasswordPolicy(2000)).to.throw(RangeError);
  });
});

describe('PageRequest', () => {
  it('defaults to page 1 of 10', () => {
    expect(PageRequest.from()).to.include({ page: 1, perPage: 10, offset: 0 });
  });

  it('falls back to the defaults for invalid or non-positive values, as the seed did', () => {
    for (const bad of [0, -3, 'abc', '1.5', 2.5, null, {}, '', Number.NaN, 1e18]) {
      expect(PageRequest.from(bad, bad), String(bad)).to.include({ page: 1, perPage: 10 });
    }
  });

  it('caps per_page at 100 and reads numeric strings', () => {
    expect(PageRequest.from('3', '1000')).to.include({ page: 3, perPage: 100, offset: 200 });
  });

  it('counts pages by rounding up', () => {
    const page = PageRequest.from(1, 10);
    expect([page.pagesFor(0), page.pagesFor(10), page.pagesFor(11)]).to.deep.equal([0, 1, 2]);
  });
});

describe('authSettings', () => {
  it('keeps defaults and refuses impossible values', () => {
    expect(authSettings()).to.include({ accessTokenTtlSeconds: 900, refreshReuseGraceSeconds: 10 });
    expect(authSettings({ refreshReuseGraceSeconds: 0 }).refreshReuseGraceSeconds).to.equal(0);
    expect(() => authSettings({ accessTokenTtlSeconds: 0 })).to.throw(RangeError);
    expect(() => authSettings({ refreshReuseGraceSeconds: -1 })).to.throw(RangeError);
    expect(() => authSettings({ registration: 'maybe' as 'open' })).to.throw(RangeError);
  });
});
