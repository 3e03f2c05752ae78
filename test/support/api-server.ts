/**
 * The API on a real HTTP server for integration tests: the app as the service builds it, served by
 * @hono/node-server on a free loopback port, on the suite's own PostgreSQL database, the run's
 * Temporal dev server and (optionally) a real worker. Tokens are made the way the CLI makes them.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { createApp } from '../../src/api/app.ts';
import { answerClientErrors } from '../../src/api/edges.ts';
import { ReadAuditTrail } from '../../src/api/audit.ts';
import { createToken } from '../../src/auth/tokens.ts';
import type { Config } from '../../src/config/config.ts';
import { ChangeFeed } from '../../src/db/change-feed.ts';
import type { Database } from '../../src/db/schema.ts';
import { upsertLawFirm } from '../../src/intake/law-firms.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { type ContentStore, openContentStore } from '../../src/storage/index.ts';
import { createTestDatabase } from './database.ts';
import { connectTestClient, startTestWorker, testConfig, type TestWorker } from './temporal.ts';

export const FIRM_A = 'firm-a';
export const FIRM_B = 'firm-b';

export interface Tokens {
  legal: string;
  system: string;
  lawyerA: string;
  lawyerB: string;
}

export interface ApiServer {
  url: string;
  db: Kysely<Database>;
  /** The database's connection URL, for tests that need a session of their own. */
  databaseUrl: string;
  config: Config;
  store: ContentStore;
  changes: ChangeFeed;
  readAudit: ReadAuditTrail;
  temporal: Client;
  webhookSecret: string;
  tokens: Tokens;
  /** Ids of the principals behind the tokens. */
  principals: Record<keyof Tokens, string>;
  /** A fetch against the server, with the token (if any) as Bearer. */
  fetch: (path: string, init?: RequestInit & { token?: string }) => Promise<Response>;
  close: () => Promise<void>;
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export async function startApiServer(
  options: { worker?: boolean; env?: Record<string, string>; webhookSecret?: string; temporal?: Client } = {},
): Promise<ApiServer> {
  const { db, url: databaseUrl } = await createTestDatabase();
  const env = { API_RATE_LIMIT_PER_SECOND: '1000', API_RATE_LIMIT_BURST: '1000', ...options.env };
  let worker: TestWorker | undefined;
  let config: Config;
  let temporal: Client;
  let store: ContentStore;
  if (options.worker) {
    worker = await startTestWorker({ db, env });
    ({ config, client: temporal, store } = worker);
  } else {
    config = testConfig(env);
    temporal = options.temporal ?? (await connectTestClient());
    store = await openContentStore(config.documents.store);
  }
  const webhookSecret = options.webhookSecret ?? newWebhookSecret();
  const logger = createLogger(process.env.TEST_API_LOG_LEVEL ?? 'silent');
  const changes = new ChangeFeed(databaseUrl, logger);
  await changes.start();
  const readAudit = new ReadAuditTrail(db, logger, config.audit);
  const app = createApp({ config, db, temporal, logger, webhookSecret, store, changes, readAudit });

  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  answerClientErrors(server);
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  for (const firm of [FIRM_A, FIRM_B]) {
    await upsertLawFirm(db, firm, {
      name: `${firm} 示范律师事务所`,
      licenseNumber: `3111${firm}`,
      address: '北京市东城区示范胡同6号',
      leadLawyer: '赵子墨',
      phone: '010-65000000',
      postcode: '100010',
      lawyers: [{ name: '赵子墨', licenseNumber: '11101201510000001', phone: '13900000001' }],
    });
  }
  const made = {
    legal: await createToken(db, { role: 'legal', name: 'legal team' }),
    system: await createToken(db, { role: 'system', name: 'collections system' }),
    lawyerA: await createToken(db, { role: 'lawyer', name: 'lawyer of firm A', lawFirmId: FIRM_A }),
    lawyerB: await createToken(db, { role: 'lawyer', name: 'lawyer of firm B', lawFirmId: FIRM_B }),
  };
  const tokens = Object.fromEntries(Object.entries(made).map(([k, v]) => [k, v.token])) as unknown as Tokens;
  const principals = Object.fromEntries(Object.entries(made).map(([k, v]) => [k, v.principalId])) as Record<keyof Tokens, string>;

  return {
    url,
    db,
    databaseUrl,
    config,
    changes,
    readAudit,
    store,
    temporal,
    webhookSecret,
    tokens,
    principals,
    fetch: (path, init = {}) => {
      const { token, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token !== undefined) headers.set('Authorization', `Bearer ${token}`);
      return fetch(`${url}${path}`, { ...rest, headers });
    },
    close: async () => {
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await readAudit.drain(5_000);
      await changes.stop();
      if (worker) await worker.stop();
      else {
        await temporal.connection.close();
        await store.close?.();
      }
      await db.destroy();
    },
  };
}
