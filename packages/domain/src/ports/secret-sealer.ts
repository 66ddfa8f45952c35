/**
 * Authenticated encryption of secrets that must wait in storage for a while (a reset token in a
 * queued email), so a dump of the database does not hand them out. The sealed form names the key
 * that sealed it, so keys can rotate while older sealed values are still waiting.
 */
export interface SecretSealer {
  /**
   * Encrypts `secret`, bound to `context` (say, the job and recipient it belongs to): the sealed
   * value opens only with the same context, so it cannot be moved to another row or recipient.
   */
  seal(secret: string, context: string): Promise<string>;
  /**
   * The secret, or null when it cannot be opened: sealed by a key this instance does not hold,
   * for another context, tampered with, or not a sealed value at all. Never throws for those.
   */
  open(sealed: string, context: string): Promise<string | null>;
}
