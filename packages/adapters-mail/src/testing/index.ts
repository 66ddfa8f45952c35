/** Helpers for tests that need a real SMTP server: this package's, and the worker's. */
export {
  resetTokenIn,
  startSmtpServer,
  type ReceivedEmail,
  type SmtpServerOptions,
  type TestSmtpServer,
} from './smtp-server.js';
