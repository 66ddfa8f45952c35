import { createHash, randomBytes } from 'node:crypto';
import type { RandomTokens } from '@codex-auth/domain';

const TOKEN_BYTES = 32;

/** Secrets for links sent by email (password reset), stored only as a digest. */
export class NodeRandomTokens implements RandomTokens {
  /** 256 random bits as base64url: 43 characters, safe in a URL without escaping. */
  generate(): string {
    return randomBytes(TOKEN_BYTES).toString('base64url');
  }

  /**
   * Plain SHA-256, no salt, no stretching. Salts and slow hashes exist to stop guessing of
   * low-entropy passwords; nobody can enumerate 2^256 secrets, and a deterministic digest is what
   * lets the repository find the row by the token a user brings back.
   */
  hash(secret: string): string {
    return createHash('sha256').update(secret, 'utf8').digest('hex');
  }
}
