import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from './config.js';

export interface Secrets {
  /** The root secret; other keys are derived from it for their purpose. */
  readonly secretKey: string;
  /** Where it came from, for the start-up log. Never the value. */
  readonly source: 'environment' | 'generated' | 'data-dir';
}

const FILE = 'secret_key';

/**
 * SECRET_KEY from the environment, or, outside production, one generated once and kept in
 * `DATA_DIR/secret_key` (mode 0600) so tokens survive restarts. Production never gets here without
 * one: loadConfig refuses to start.
 */
export async function resolveSecrets(config: Config, warn: (message: string) => void): Promise<Secrets> {
  if (config.secretKey !== undefined) return { secretKey: config.secretKey, source: 'environment' };
  if (config.production) throw new Error('SECRET_KEY is required in production');
  const path = join(config.dataDir, FILE);
  try {
    const kept = (await readFile(path, 'utf8')).trim();
    if (kept.length >= 32) return { secretKey: kept, source: 'data-dir' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(config.dataDir, { recursive: true });
  const secretKey = randomBytes(48).toString('base64url');
  // 'wx' fails if another process wrote it meanwhile; then read theirs, so all agree.
  try {
    await writeFile(path, `${secretKey}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return resolveSecrets(config, warn);
    throw error;
  }
  warn(
    `SECRET_KEY is not set: generated one and kept it in ${path} (development only; set SECRET_KEY in production)`,
  );
  return { secretKey, source: 'generated' };
}
