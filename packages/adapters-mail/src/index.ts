export { SmtpMailer, PermanentMailError, type SmtpMailerOptions } from './smtp-mailer.js';
export { DevMailbox, type DevMailboxOptions } from './dev-mailbox.js';
