import { expect } from 'chai';
import { attemptSubject } from '@codex-auth/domain';
import { FakeEmailCanonicalizer } from '@codex-auth/domain/testing';

describe('attemptSubject', () => {
  const emails = new FakeEmailCanonicalizer();
  const subject = (raw: string) => attemptSubject(raw, emails);

  it('folds every form of one address into one key', () => {
    const forms = [
      'Ann@Bücher.Example',
      ' ann@xn--bcher-kva.example ',
      'ann@bu\u0308cher.example', // decomposed ü
      'ann@ｂücher.example', // fullwidth b
      'ＡＮＮ@bücher.example',
    ];
    expect(new Set(forms.map(subject))).to.deep.equal(new Set(['ann@xn--bcher-kva.example']));
  });

  it('keeps what has no ASCII domain (or no @) as typed, folded', () => {
    expect(subject('Ann@Unknown-Ünï.example')).to.equal('ann@unknown-ünï.example');
    expect(subject(' Not-An-Email ')).to.equal('not-an-email');
  });
});
