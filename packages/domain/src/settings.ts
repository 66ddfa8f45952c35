import { PasswordPolicy } from './model/password.js';

export type RegistrationMode = 'open' | 'closed';

/** The knobs of the auth rules. Times in seconds, as the environment gives them. */
export interface AuthSettings {
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  /** 0 means no grace: any second use of a spent refresh token is reuse. */
  readonly refreshReuseGraceSeconds: number;
  readonly passwordResetTtlSeconds: number;
  readonly registration: RegistrationMode;
  readonly passwordPolicy: PasswordPolicy;
}

export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  accessTokenTtlSeconds: 15 * 60,
  refreshTokenTtlSeconds: 7 * 24 * 60 * 60,
  refreshReuseGraceSeconds: 10,
  passwordResetTtlSeconds: 60 * 60,
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
  if (settings.registration !== 'open' && settings.registration !== 'closed') {
    throw new RangeError("registration must be 'open' or 'closed'");
  }
  return settings;
}
