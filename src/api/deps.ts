/** What the HTTP API is built from: configuration, connections, the store, the caches' feed and the read audit. */
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { Config } from '../config/config.ts';
import type { ChangeFeed } from '../db/change-feed.ts';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../logging/logger.ts';
import type { ContentStore } from '../storage/index.ts';
import type { ReadAuditTrail } from './audit.ts';

export interface ApiDeps {
  config: Config;
  db: Kysely<Database>;
  temporal: Client;
  logger: Logger;
  /** The collections webhook's current signing secret; config.secrets.previousWebhookSecrets are accepted too. */
  webhookSecret: string;
  /** Where documents, packets' files and uploaded contracts live. */
  store: ContentStore;
  /** PostgreSQL's change notifications (started by the caller), which keep the in-memory principals and case reads true. */
  changes: ChangeFeed;
  /** Where reads are audited; the caller drains it on shutdown. */
  readAudit: ReadAuditTrail;
}
