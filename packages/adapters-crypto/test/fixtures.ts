import { readFileSync } from 'node:fs';

export interface SeedHashCase {
  readonly scheme: 'werkzeug-pbkdf2' | 'werkzeug-scrypt' | 'bcrypt';
  readonly hash: string;
  readonly password: string;
  readonly made_by: string;
}

export interface SeedHashFixture {
  readonly unknown_formats: readonly string[];
  readonly cases: readonly SeedHashCase[];
}

export const seedHashes: SeedHashFixture = JSON.parse(
  readFileSync(new URL('./fixtures/seed-password-hashes.json', import.meta.url), 'utf8'),
) as SeedHashFixture;

/** A few ms per hash instead of ~35: enough to exercise argon2id, cheap enough to run often. */
export const CHEAP_ARGON2 = { memoryCost: 1024, timeCost: 1, parallelism: 1 } as const;
