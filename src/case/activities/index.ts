import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.ts';
import type { Database } from '../../db/schema.ts';
import { documentRenderer } from '../../documents/render-pool.ts';
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
  const documents = { store, fontPath: config.documents.fontPath, renderer: documentRenderer(config.documents.renderThreads) };
  return {
    ...caseRecordActivities(db),
    ...evidenceActivities(db, config.rules.limitationWarningDays, documents),
    ...claimActivities(db, config.rules.limitationWarningDays),
    ...caseDocumentActivities({ db, ...documents }),
    ...lawFirmActivities(db, { allowPrivate: config.firmWebhooks.allowPrivate ?? false }),
  };
}
