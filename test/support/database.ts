import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { inject } from 'vitest';
import { ensureDatabase } from '../../src/db/embedded-postgres.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createDatabase } from '../../src/db/pool.ts';
import type { Database } from '../../src/db/schema.ts';

export interface TestDatabase {
  db: Kysely<Database>;
  url: string;
}

/** A fresh database on the run's PostgreSQL server, migrated to the newest schema. */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const name = `test_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name);
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  const db = createDatabase(url, 5);
  if (options.migrate !== false) await migrateToLatest(db);
  return { db, url };
}
