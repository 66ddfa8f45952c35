import { expect } from 'chai';
import { Email } from '@codex-auth/domain';
import { UnicodeEmailCanonicalizer } from '../src/index.js';

const emails = new UnicodeEmailCanonicalizer();
const skeleton = (address: string) => Email.skeletonOf(address, emails);
const canonical = (raw: string) => {
  const result = Email.parseCanonical(raw, emails);
  return result.ok ? result.value.value : null;
};

describe('UnicodeEmailCanonicalizer', () => {
  it('converts domains to and from their ASCII (IDNA) form', () => {
    expect(emails.domainToAscii('B\u00fccher.Example')).to.equal('xn--bcher-kva.example');
    expect(emails.domainToAscii('xn--bcher-kva.example')).to.equal('xn--bcher-kva.example');
    expect(emails.domainToAscii('\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com')).to.equal('example.com');
    expect(emails.domainToAscii('foo.123')).to.equal(null);
    expect(emails.domainToUnicode('xn--bcher-kva.example')).to.equal('b\u00fccher.example');
    expect(emails.domainToUnicode('example.com')).to.equal('example.com');
  });

  it('gives confusables one skeleton (Unicode TR39)', () => {
    expect(emails.skeleton('\u0430dmin')).to.equal(emails.skeleton('admin'));
    expect(emails.skeleton('paypa1')).to.equal(emails.skeleton('paypal'));
    expect(emails.skeleton('m')).to.equal(emails.skeleton('rn'));
    expect(emails.skeleton('admin')).to.not.equal(emails.skeleton('admins'));
  });

  describe('under the domain Email rules', () => {
    it('makes bücher and xn--bcher-kva one address', () => {
      expect(canonical('ada@b\u00fccher.example')).to.equal('ada@xn--bcher-kva.example');
      expect(canonical('ADA@XN--BCHER-KVA.example')).to.equal('ada@xn--bcher-kva.example');
      expect(canonical('ada@bu\u0308cher.example')).to.equal('ada@xn--bcher-kva.example');
      expect(canonical('jose\u0301@example.com')).to.equal('jos\u00e9@example.com');
      expect(canonical('admin@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com')).to.equal('admin@example.com');
      expect(canonical('ada@foo.123')).to.equal(null);
    });

    it("gives every lookalike of admin@example.com that address's skeleton", () => {
      const admin = skeleton('admin@example.com');
      for (const lookalike of [
        '\u0430dmin@example.com', // Cyrillic а
        'adm\u0456n@example.com', // Cyrillic і
        'admin@\u0435xample.com', // Cyrillic е in the domain
        'admin@xn--xample-2of.com', // the same, as stored (ASCII)
        '\uff41\uff44\uff4d\uff49\uff4e@example.com', // fullwidth
        '\uff21\uff24\uff2d\uff29\uff2e@EXAMPLE.com', // fullwidth capitals
        'ADMIN@example.com',
        'adrnin@example.com', // rn for m
      ]) {
        expect(skeleton(lookalike), lookalike).to.equal(admin);
      }
      for (const other of ['admins@example.com', 'admin@example.org', 'bob@example.com']) {
        expect(skeleton(other), other).to.not.equal(admin);
      }
    });
  });
});
