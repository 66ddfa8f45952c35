import type { ResetEmailTexts } from './texts.js';

/** Every sentence of the English emails. */
export const en: ResetEmailTexts = {
  tag: 'en',
  subject: (product) => `Reset your ${product} password`,
  greeting: 'Hello,',
  requested: (product, email) =>
    `Someone, hopefully you, asked to reset the password of your ${product} account (${email}).`,
  openLink: 'To choose a new password, open this link:',
  button: 'Choose a new password',
  validity: (expires) => `The link works once, until ${expires}.`,
  notYou: 'If it was not you, ignore this email: your password stays as it is.',
  signature: (product) => `— ${product}`,
};
