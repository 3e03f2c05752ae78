import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Secrets of the embedded default, generated on first start and kept in DATA_DIR/secrets.json
 * (mode 0600) so that every process on the same DATA_DIR (start, api, worker, cli) agrees on them.
 * Production passes them as environment variables instead.
 */
const LocalSecrets = z.object({
  postgresPassword: z.string().min(16),
  payloadKey: z.string().min(40),
  webhookSecret: z.string().startsWith('whsec_'),
});
export type LocalSecrets = z.infer<typeof LocalSecrets>;

export function loadOrCreateLocalSecrets(dataDir: string): LocalSecrets {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'secrets.json');
  const fresh: LocalSecrets = {
    postgresPassword: randomBytes(18).toString('base64url'),
    payloadKey: randomBytes(32).toString('base64'),
    webhookSecret: `whsec_${randomBytes(32).toString('base64')}`,
  };
  try {
    // 'wx' fails if another process created the file first; then we read theirs.
    writeFileSync(path, JSON.stringify(fresh, null, 2), { mode: 0o600, flag: 'wx' });
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return LocalSecrets.parse(JSON.parse(readFileSync(path, 'utf8')));
}
