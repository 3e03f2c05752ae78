import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

// int8 (bigint) holds money in fen: read it as a number, but refuse any value a double cannot hold exactly.
pg.types.setTypeParser(pg.types.builtins.INT8, (text) => {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`int8 value ${text} exceeds the exact range of a number`);
  return value;
});
// Calendar dates stay 'YYYY-MM-DD' strings: a JS Date would shift them with the process's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (text) => text);

export function createDatabase(url: string, poolSize = 10): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 30_000 });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
