/** One fixed window of a limit: at most `max` failures within `durationMs`. */
export interface AttemptWindow {
  readonly max: number;
  readonly durationMs: number;
}

/** Whether a subject may try its secret now; when not, which window is full and until when. */
export type AttemptVerdict =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      /** The full window's `max` and `durationMs`. */
      readonly max: number;
      readonly windowMs: number;
      /** When that window ends, epoch milliseconds. */
      readonly resetAt: number;
    };

/**
 * Failed attempts at a secret (a password today), counted per account subject (see
 * `attemptSubject`) in fixed windows, so that guessing is slow whichever door it comes through.
 * Only failures count; checking counts nothing. Memory serves one process, Redis every process
 * pointed at it.
 */
export interface AttemptLimiter {
  /** Refused once any window holds `max` failures of the subject. */
  check(subject: string): Promise<AttemptVerdict>;
  /** Counts one failure in every window; a window opens with its first failure. */
  recordFailure(subject: string): Promise<void>;
}
