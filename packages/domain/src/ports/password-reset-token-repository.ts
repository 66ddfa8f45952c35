import type { PasswordResetToken } from '../model/password-reset-token.js';

export interface PasswordResetTokenRepository {
  add(token: PasswordResetToken): Promise<void>;
  findByHash(tokenHash: string): Promise<PasswordResetToken | null>;
  /** Single use: true only for the one call that found it unused. */
  markUsed(id: string, at: Date): Promise<boolean>;
  /** Removes the user's tokens but `exceptId`; returns how many. */
  deleteForUser(userId: string, exceptId?: string): Promise<number>;
  /** Deletes up to `limit` tokens used or expired before `cutoff`; returns how many. */
  deleteFinishedBefore(cutoff: Date, limit: number): Promise<number>;
}
