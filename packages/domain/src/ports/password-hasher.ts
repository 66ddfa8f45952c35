export interface PasswordHasher {
  hash(plain: string): Promise<string>;
  /** False for a wrong password and for a hash it cannot read; never throws for either. */
  verify(hash: string, plain: string): Promise<boolean>;
  /** True when the hash was made by another scheme or with other parameters than today's. */
  needsRehash(hash: string): boolean;
}
