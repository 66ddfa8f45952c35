/**
 * Facts worth a log line. Names are the seed's where it had one, so dashboards keep working.
 * Events carry ids and reasons, never a password, token or link.
 */
export type DomainEventName =
  | 'register_ok'
  | 'login_ok'
  | 'login_failed'
  | 'login_not_approved'
  | 'login_rate_limited'
  | 'refresh_ok'
  | 'refresh_revoked_or_expired'
  | 'refresh_reused'
  | 'logout_ok'
  | 'logout_all_ok'
  | 'logout_invalid_refresh'
  | 'session_revoked'
  | 'password_reset_requested'
  | 'password_reset_issued'
  | 'password_reset_skipped'
  | 'password_reset_ok'
  | 'password_changed'
  | 'password_change_failed'
  | 'password_change_rate_limited'
  | 'user_created'
  | 'user_approved'
  | 'user_rejected'
  | 'user_updated'
  | 'admin_seeded'
  | 'refresh_tokens_cleaned'
  | 'email_sent'
  | 'email_retry'
  | 'email_failed';

export interface DomainEvent {
  readonly name: DomainEventName;
  readonly userId?: string;
  readonly sessionId?: string;
  /** Which rule decided, for events that can happen for several reasons. */
  readonly reason?: string;
  readonly details?: Readonly<Record<string, string | number | boolean | null>>;
}
