import type { EmailCanonicalizer } from '../ports/email-canonicalizer.js';

// A few of TR39's prototypes: the Cyrillic and Greek letters most used to spoof Latin ones.
const LOOKALIKES: Readonly<Record<string, string>> = {
  а: 'a', // Cyrillic
  с: 'c',
  е: 'e',
  һ: 'h',
  і: 'i',
  ј: 'j',
  о: 'o',
  р: 'p',
  ѕ: 's',
  х: 'x',
  у: 'y',
  α: 'a', // Greek
  ο: 'o',
  ν: 'v',
  ι: 'i',
};

/**
 * A stand-in for the Unicode adapter, for domain tests: the same answers for the cases the tests
 * use, from a small table instead of Unicode's data. Known IDNs are listed (ASCII form
 * by Unicode form); any other non-ASCII domain has no ASCII form here.
 */
export class FakeEmailCanonicalizer implements EmailCanonicalizer {
  private readonly toAscii: ReadonlyMap<string, string>;
  private readonly toUnicode: ReadonlyMap<string, string>;

  constructor(idns: Readonly<Record<string, string>> = { 'bücher.example': 'xn--bcher-kva.example' }) {
    this.toAscii = new Map(Object.entries(idns));
    this.toUnicode = new Map(Object.entries(idns).map(([unicode, ascii]) => [ascii, unicode]));
  }

  domainToAscii(domain: string): string | null {
    const folded = domain.normalize('NFKC').toLowerCase();
    // eslint-disable-next-line no-control-regex -- ASCII is exactly \x00-\x7f
    if (/^[\x00-\x7f]*$/.test(folded)) return folded;
    return this.toAscii.get(folded) ?? null;
  }

  domainToUnicode(domain: string): string {
    return this.toUnicode.get(domain) ?? domain;
  }

  skeleton(text: string): string {
    const folded = [...text.normalize('NFD')].map((c) => LOOKALIKES[c] ?? c).join('');
    return folded.normalize('NFD');
  }
}
