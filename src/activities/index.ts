import type { Kysely } from 'kysely';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/schema.ts';

/** What activities need from the outside world; the worker builds it once. */
export interface ActivityDeps {
  config: Config;
  db: Kysely<Database>;
}

/** Every activity the worker registers. Workflows reach I/O only through these. */
export function createActivities(deps: ActivityDeps) {
  return {
    async readCaseStatus(caseId: string): Promise<string | null> {
      const row = await deps.db.selectFrom('cases').select('status').where('id', '=', caseId).executeTakeFirst();
      return row?.status ?? null;
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
