export interface RandomTokens {
  /** A URL-safe secret from at least 32 random bytes. */
  generate(): string;
  /** A one-way digest of a secret, for storage and lookup. Deterministic. */
  hash(secret: string): string;
}
