/** Helpers for tests that need a real SMTP server: this package's, and the worker's. */
export {
  readEmail,
  resetTokenIn,
  startSmtpServer,
  type ReadEmail,
  type ReceivedEmail,
  type SmtpServerOptions,
  type TestSmtpServer,
} from './smtp-server.js';
