import { TOKENS, type UnitOfWork } from '@codex-auth/domain';
import { randomBytes } from 'node:crypto';
import type { Application } from './container.js';

export const DEVELOPMENT_ADMIN_EMAIL = 'admin@example.com';

export interface DevelopmentAdmin {
  readonly email: string;
  /** Shown once, in the start banner; never logged, never stored but as a hash. */
  readonly password: string;
}

/**
 * On an empty development database, creates an admin with a random password so a new user can log
 * in at once. Never in production, never a fixed password, never when any account exists.
 */
export async function ensureDevelopmentAdmin(app: Application): Promise<DevelopmentAdmin | null> {
  if (app.config.production) return null;
  // Several processes may start on one new database at once (web workers, `pnpm dev`): one of them
  // makes the admin and shows its password; the others, finding the lock held or an account made,
  // show none, instead of racing to insert the same address.
  const outcome = await app.locks.withAdvisoryLock('development-admin', async () => {
    const users = await app.container.get<UnitOfWork>(TOKENS.UnitOfWork).run((scope) => scope.users.count());
    if (users > 0) return null;
    // 18 random bytes: 24 URL-safe characters, well past the password policy's minimum.
    const password = randomBytes(18).toString('base64url');
    const result = await app.useCases.seedAdmin.execute({ email: DEVELOPMENT_ADMIN_EMAIL, password });
    if (!result.ok) throw new Error(`could not create the development admin: ${result.code}`);
    return { email: DEVELOPMENT_ADMIN_EMAIL, password };
  });
  return outcome.acquired ? outcome.value : null;
}
