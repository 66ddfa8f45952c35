/** One fixed window of a limit: at most `max` failures within `durationMs`. */
export interface AttemptWindow {
  readonly max: number;
  readonly durationMs: number;
}

/** A refusal: which limit, its full window's `max` and `windowMs`, and when that window ends. */
export interface AttemptRefusal {
  /** The limit's name, for logs (e.g. `login_email`). */
  readonly limit: string;
  readonly max: number;
  readonly windowMs: number;
  /** When the full window ends, epoch milliseconds. */
  readonly resetAt: number;
}

/** Whether a subject may try its secret now; when not, which window is full and until when. */
export type AttemptVerdict = { readonly allowed: true } | ({ readonly allowed: false } & AttemptRefusal);

/**
 * Failed attempts at a secret (a password today, a second factor later), counted per account
 * subject (see `attemptSubject`) in fixed windows, so that guessing is slow whichever door it comes
 * through: the login, the change-password form, a web page. Only failures count; checking counts
 * nothing. Implemented over `WindowCounters` by `CountingAttemptLimiter`.
 */
export interface AttemptLimiter {
  /** Refused once any window holds `max` failures of the subject. */
  check(subject: string): Promise<AttemptVerdict>;
  /** Counts one failure in every window; a window opens with its first failure. */
  recordFailure(subject: string): Promise<void>;
}
