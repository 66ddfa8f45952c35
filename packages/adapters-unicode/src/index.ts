export { UnicodeEmailCanonicalizer } from './unicode-email-canonicalizer.js';
