import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.ts';
import type { Database } from '../../db/schema.ts';
import type { ContentStore } from '../../storage/index.ts';
import type { CaseActivities } from '../contract.ts';
import { caseDocumentActivities } from './case-documents.ts';
import { caseRecordActivities } from './case-record.ts';
import { claimActivities } from './claim.ts';
import { evidenceActivities } from './evidence.ts';
import { lawFirmActivities } from './law-firm.ts';

/** What activities need from the outside world; the worker builds it once. */
export interface ActivityDeps {
  config: Config;
  db: Kysely<Database>;
  /** Where documents are kept: the store config.documents.store names (openContentStore). */
  store: ContentStore;
}

/** Every activity the worker registers. Workflows reach I/O only through these. */
export function createActivities(deps: ActivityDeps): CaseActivities {
  const { db, config, store } = deps;
  return {
    ...caseRecordActivities(db),
    ...evidenceActivities(db, config.rules.limitationWarningDays, { store, fontPath: config.documents.fontPath }),
    ...claimActivities(db, config.rules.limitationWarningDays),
    ...caseDocumentActivities({ db, store, fontPath: config.documents.fontPath }),
    ...lawFirmActivities(db, { allowPrivate: config.firmWebhooks.allowPrivate ?? false }),
  };
}
