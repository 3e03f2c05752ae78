import type { Kysely } from 'kysely';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/schema.ts';

export type DemoCredentials = Array<{ role: string; label: string; token: string }>;

export async function seedDemoData(_db: Kysely<Database>, _config: Config, _options: { onlyIfEmpty: boolean }): Promise<DemoCredentials | undefined> {
  return undefined;
}
