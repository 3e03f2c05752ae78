import { serve } from '@hono/node-server';
import type { Kysely } from 'kysely';
import { createApp } from '../api/app.ts';
import { answerClientErrors } from '../api/edges.ts';
import { ReadAuditTrail } from '../api/audit.ts';
import { createTokenAudited, listTokens, revokeTokenAudited, type TokenListing } from '../auth/token-admin.ts';
import type { Role } from '../auth/tokens.ts';
import type { Config } from '../config/config.ts';
import { loadOrCreateLocalSecrets } from '../config/local-secrets.ts';
import { ChangeFeed } from '../db/change-feed.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { Id, ID_RULE } from '../domain/input-rules.ts';
import { createDatabase } from '../db/pool.ts';
import type { Database } from '../db/schema.ts';
import { createLogger } from '../logging/logger.ts';
import { observeCases } from '../metrics/metrics.ts';
import type { DemoCredentials } from '../seed/seed.ts';
import { describeContentStore, openContentStore } from '../storage/index.ts';
import { connectClient, dataConverter } from '../temporal/connection.ts';
import { type EscalateFlags, escalateCommand } from './escalate.ts';
import { bringUp } from './infrastructure.ts';

export const commands = ['start', 'api', 'worker', 'migrate', 'seed', 'token', 'webhook-secret', 'doctor', 'escalate'] as const;
export type Command = (typeof commands)[number];

interface Flags extends EscalateFlags {
  role?: string | undefined;
  firm?: string | undefined;
  name?: string | undefined;
  expiresIn?: string | undefined;
  /** The subcommand (`token create|list|revoke`) and its argument (the id to revoke). */
  sub?: string | undefined;
  argument?: string | undefined;
}

const roles: readonly Role[] = ['legal', 'lawyer', 'system'];
/** How long a stopping API waits for the audit rows of its last reads (longer only if the database is down). */
const AUDIT_DRAIN_MS = 10_000;

/** Resolves when the operator asks the process to stop (Ctrl-C or SIGTERM). */
function stopRequested(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

async function withDatabase<T>(config: Config, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const infra = await bringUp(config, { temporal: false });
  const db = createDatabase(infra.databaseUrl, 2);
  try {
    return await work(db);
  } finally {
    await db.destroy();
    await infra.stop();
  }
}

function printCredentials(credentials: DemoCredentials): void {
  console.log('Demo credentials (Authorization: Bearer <token>):');
  // The label last: a firm's name in Chinese takes two columns a character, so padding it would not align.
  const width = Math.max(...credentials.map((c) => c.token.length));
  for (const c of credentials) console.log(`  ${c.role.padEnd(7)} ${c.token.padEnd(width)}  ${c.label}`);
}

/**
 * Runs the API and/or the worker until asked to stop, then shuts down in reverse order: stop
 * accepting requests, let the worker finish what it holds, close the database, stop the servers
 * this process started.
 */
async function serveUntilStopped(config: Config, parts: { api: boolean; worker: boolean; seedIfEmpty: boolean }): Promise<void> {
  const logger = createLogger(config.logLevel);
  const infra = await bringUp(config, { temporal: true });
  // The API and the worker each have a pool of their own: requests waiting for the database can
  // never starve the activities that their workflow updates wait for, nor the other way round.
  const pool = (applicationName: string) =>
    createDatabase(infra.databaseUrl, {
      poolSize: config.database.poolSize,
      acquireTimeoutMs: config.database.acquireTimeoutMs,
      statementTimeoutMs: config.database.statementTimeoutMs,
      idleInTransactionTimeoutMs: config.database.statementTimeoutMs,
      applicationName,
    });
  const db = pool(parts.api ? 'legal-escalation-api' : 'legal-escalation-worker');
  const workerDb = parts.api && parts.worker ? pool('legal-escalation-worker') : db;
  const converter = dataConverter(infra.payloadKey);
  const store = await openContentStore(config.documents.store);
  const shutdown: Array<() => Promise<void>> = [async () => store.close?.(), async () => db.destroy(), infra.stop];
  if (workerDb !== db) shutdown.unshift(async () => workerDb.destroy());
  try {
    for (const note of infra.notes) logger.info(note);
    logger.info({ documentStore: describeContentStore(config.documents.store) }, 'document store');
    await migrateToLatest(db);
    if (parts.seedIfEmpty) {
      const { seedDemoData } = await import('../seed/seed.ts');
      const credentials = await seedDemoData(db, store, config, { onlyIfEmpty: true });
      if (credentials) printCredentials(credentials);
    }
    let workerRun: Promise<void> | undefined;
    if (parts.worker) {
      // Loaded only in a process that runs a worker: an API process never loads the worker's modules.
      const { startWorker } = await import('./run-worker.ts');
      const worker = await startWorker(config, logger, { temporal: infra.temporal, converter, db: workerDb, store, besideApi: parts.api });
      workerRun = worker.run;
      shutdown.unshift(worker.stop);
      observeCases(db);
    }
    if (parts.api) {
      const temporal = await connectClient(infra.temporal, converter);
      const changes = new ChangeFeed(infra.databaseUrl, logger);
      await changes.start();
      const readAudit = new ReadAuditTrail(db, logger, config.audit);
      const app = createApp({ config, db, temporal, logger, webhookSecret: infra.webhookSecret, store, changes, readAudit });
      const server = serve({ fetch: app.fetch, port: config.port, hostname: '0.0.0.0' });
      answerClientErrors(server);
      shutdown.unshift(async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await readAudit.drain(AUDIT_DRAIN_MS);
        await changes.stop();
        await temporal.connection.close();
      });
      console.log(`API:          http://127.0.0.1:${config.port}  (reference: /docs, OpenAPI: /openapi.json)`);
      console.log(`Web pages:    http://127.0.0.1:${config.port}/`);
      if (config.metrics.token !== undefined) console.log(`Metrics:      http://127.0.0.1:${config.port}/metrics  (Bearer METRICS_TOKEN)`);
    }
    if (infra.temporalUiUrl) console.log(`Temporal UI:  ${infra.temporalUiUrl}`);
    console.log('Press Ctrl-C to stop.');
    const signal = await Promise.race([stopRequested(), workerRun?.then(() => 'worker stopped') ?? new Promise<string>(() => {})]);
    logger.info({ signal }, 'shutting down');
  } finally {
    for (const step of shutdown) {
      await step().catch((error: unknown) => logger.error({ err: error }, 'shutdown step failed'));
    }
  }
}

function printTokens(tokens: TokenListing[]): void {
  const day = (d: Date | null) => (d === null ? '-' : d.toISOString().slice(0, 16).replace('T', ' '));
  const rows = tokens.map((t) => [t.id, t.token, t.role, t.lawFirmId ?? '-', day(t.createdAt), day(t.lastUsedAt), day(t.expiresAt), t.revokedAt ? `revoked ${day(t.revokedAt)}` : t.state, t.name]);
  const header = ['id', 'token', 'role', 'firm', 'created (UTC)', 'last used', 'expires', 'state', 'name'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '));
}

/** `token create|list|revoke`: the operator's token administration, each audited (src/auth/token-admin.ts). */
function tokenCommand(config: Config, flags: Flags): Promise<void> {
  return withDatabase(config, async (db) => {
    await migrateToLatest(db);
    if (flags.sub === 'list') return printTokens(await listTokens(db));
    if (flags.sub === 'revoke') {
      await revokeTokenAudited(db, flags.argument!);
      console.log(`revoked ${flags.argument}`);
      return;
    }
    const role = flags.role as Role | undefined;
    if (role === undefined || !roles.includes(role)) throw new Error('token create needs --role legal|lawyer|system');
    const { token } = await createTokenAudited(db, { role, name: flags.name ?? `${role} token`, lawFirmId: flags.firm, expiresIn: flags.expiresIn });
    console.log(token);
  });
}

export async function runCommand(command: Command, config: Config, flags: Flags): Promise<void> {
  // Ids are ids everywhere: the same pattern as the API's paths and bodies.
  if (flags.firm !== undefined && !Id.safeParse(flags.firm).success) throw new Error(`--firm ${JSON.stringify(flags.firm)}: ${ID_RULE}`);
  switch (command) {
    case 'start':
      // The embedded demo runs every part on this machine: its firms may be local too, unless the operator says otherwise.
      return serveUntilStopped(
        { ...config, firmWebhooks: { ...config.firmWebhooks, allowPrivate: config.firmWebhooks.allowPrivate ?? true } },
        { api: true, worker: true, seedIfEmpty: true },
      );
    case 'api':
      return serveUntilStopped(config, { api: true, worker: false, seedIfEmpty: false });
    case 'worker':
      return serveUntilStopped(config, { api: false, worker: true, seedIfEmpty: false });
    case 'migrate':
      return withDatabase(config, async (db) => {
        const steps = await migrateToLatest(db);
        console.log(steps.length === 0 ? 'schema is up to date' : steps.join('\n'));
      });
    case 'seed':
      return withDatabase(config, async (db) => {
        await migrateToLatest(db);
        const store = await openContentStore(config.documents.store);
        try {
          const { seedDemoData } = await import('../seed/seed.ts');
          const credentials = await seedDemoData(db, store, config, { onlyIfEmpty: false });
          if (credentials) printCredentials(credentials);
        } finally {
          await store.close?.();
        }
      });
    case 'token':
      return tokenCommand(config, flags);
    case 'doctor': {
      // Loaded only here: it reads fonts and probes Temporal, which other commands need not load.
      const { doctor } = await import('./doctor.ts');
      if (!(await doctor(config))) process.exitCode = 1;
      return;
    }
    case 'escalate': {
      const infra = await bringUp(config, { temporal: true });
      const db = createDatabase(infra.databaseUrl, 4);
      const temporal = await connectClient(infra.temporal, dataConverter(infra.payloadKey));
      try {
        await migrateToLatest(db);
        await escalateCommand(config, db, temporal, flags);
      } finally {
        await temporal.connection.close();
        await db.destroy();
        await infra.stop();
      }
      return;
    }
    case 'webhook-secret':
      if (flags.firm === undefined) {
        console.log(config.secrets.webhookSecret ?? loadOrCreateLocalSecrets(config.dataDir).webhookSecret);
        return;
      }
      // A firm's own secret: it verifies our signed handoff notifications with it.
      return withDatabase(config, async (db) => {
        const firm = await db.selectFrom('law_firms').select('webhook_secret').where('id', '=', flags.firm!).executeTakeFirst();
        if (firm === undefined) throw new Error(`unknown law firm: ${flags.firm}`);
        console.log(firm.webhook_secret);
      });
  }
}
