export {
  Argon2PasswordHasher,
  DEFAULT_ARGON2_PARAMETERS,
  type Argon2Parameters,
} from './argon2-password-hasher.js';
export { MAX_PBKDF2_ITERATIONS } from './legacy/werkzeug-pbkdf2.js';
export { MAX_SCRYPT_N } from './legacy/werkzeug-scrypt.js';
export { MAX_BCRYPT_COST } from './legacy/bcrypt.js';
export { JwtTokenService, type JwtTokenServiceOptions, type JwtAlgorithm } from './jwt-token-service.js';
export { deriveKey } from './derive-key.js';
export {
  AesGcmSecretSealer,
  sealingKeyFrom,
  type AesGcmSecretSealerOptions,
  type SealingKey,
} from './aes-gcm-secret-sealer.js';
export { NodeRandomTokens } from './node-random-tokens.js';
