import { PasswordPolicy } from './model/password.js';

export type RegistrationMode = 'open' | 'closed';

/** At most `max` reset links per account within any `windowSeconds`. */
export interface ResetLimitWindow {
  readonly max: number;
  readonly windowSeconds: number;
}

/** The knobs of the auth rules. Times in seconds, as the environment gives them. */
export interface AuthSettings {
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  /** 0 means no grace: any second use of a spent refresh token is reuse. */
  readonly refreshReuseGraceSeconds: number;
  readonly passwordResetTtlSeconds: number;
  /**
   * Reset links issued per account; requests beyond are absorbed silently (the answer is the same),
   * so nobody can flood one mailbox, nor keep cancelling its owner's latest link.
   */
  readonly passwordResetLimits: readonly ResetLimitWindow[];
  readonly registration: RegistrationMode;
  readonly passwordPolicy: PasswordPolicy;
}

export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  accessTokenTtlSeconds: 15 * 60,
  refreshTokenTtlSeconds: 7 * 24 * 60 * 60,
  refreshReuseGraceSeconds: 10,
  passwordResetTtlSeconds: 60 * 60,
  passwordResetLimits: [{ max: 3, windowSeconds: 60 * 60 }],
  registration: 'open',
  passwordPolicy: new PasswordPolicy(),
};

/** Defaults overlaid with `overrides`; throws a RangeError naming the first impossible value. */
export function authSettings(overrides: Partial<AuthSettings> = {}): AuthSettings {
  const settings = { ...DEFAULT_AUTH_SETTINGS, ...overrides };
  const positive = ['accessTokenTtlSeconds', 'refreshTokenTtlSeconds', 'passwordResetTtlSeconds'] as const;
  for (const key of positive) {
    if (!Number.isInteger(settings[key]) || settings[key] <= 0) {
      throw new RangeError(`${key} must be a positive whole number of seconds`);
    }
  }
  if (!Number.isInteger(settings.refreshReuseGraceSeconds) || settings.refreshReuseGraceSeconds < 0) {
    throw new RangeError('refreshReuseGraceSeconds must be a whole number of seconds, 0 or more');
  }
  for (const limit of settings.passwordResetLimits) {
    if (!Number.isInteger(limit.max) || limit.max < 1) {
      throw new RangeError('passwordResetLimits: max must be a whole number, 1 or more');
    }
    if (!Number.isInteger(limit.windowSeconds) || limit.windowSeconds < 1) {
      throw new RangeError('passwordResetLimits: windowSeconds must be a positive whole number of seconds');
    }
  }
  if (settings.registration !== 'open' && settings.registration !== 'closed') {
    throw new RangeError("registration must be 'open' or 'closed'");
  }
  return settings;
}

/** The longest window of the reset limits (0 when there are none): tokens younger than that still count. */
export function longestResetWindowSeconds(settings: AuthSettings): number {
  return Math.max(0, ...settings.passwordResetLimits.map((l) => l.windowSeconds));
}
