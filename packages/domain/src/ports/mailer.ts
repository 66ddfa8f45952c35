/** One email, rendered: what a mail transport needs and nothing it does not. */
export interface OutgoingEmail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/**
 * Sends email. Throws when it could not: the job is retried later, unless the error says
 * `permanent: true` (the address was refused), when retrying cannot help.
 */
export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
}
