export { SmtpMailer, PermanentMailError, type SmtpMailerOptions } from './smtp-mailer.js';
export { FileMailer, type FileMailerOptions } from './file-mailer.js';
export { FileMailbox, type FileMailboxOptions } from './file-mailbox.js';
