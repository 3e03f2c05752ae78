import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import { loadOrCreateLocalSecrets } from '../config/local-secrets.ts';
import { ensureDatabase, startEmbeddedPostgres } from '../db/embedded-postgres.ts';
import { ensureTemporalCli } from '../temporal/cli-binary.ts';
import type { TemporalTarget } from '../temporal/connection.ts';
import { startDevServer } from '../temporal/dev-server.ts';

const EMBEDDED_DATABASE = 'legal_escalation';

export interface Infrastructure {
  databaseUrl: string;
  temporal: TemporalTarget;
  temporalUiUrl: string | undefined;
  payloadKey: Buffer;
  webhookSecret: string;
  /** Human lines on what was started or reused, for the operator. */
  notes: string[];
  stop: () => Promise<void>;
}

/**
 * Resolves where the database and Temporal are: the configured servers in production, else the
 * embedded ones under DATA_DIR, started here or reused when another process (e.g. `start` in a
 * second terminal) already runs them. Only what this process started is stopped by `stop`.
 */
export async function bringUp(config: Config, needs: { temporal: boolean }): Promise<Infrastructure> {
  const needLocalSecrets =
    config.database.url === undefined || config.secrets.payloadKey === undefined || config.secrets.webhookSecret === undefined;
  const local = needLocalSecrets ? loadOrCreateLocalSecrets(config.dataDir) : undefined;
  const stops: Array<() => Promise<void> | void> = [];
  const notes: string[] = [];

  let databaseUrl = config.database.url;
  if (databaseUrl === undefined) {
    const pg = startEmbeddedPostgres({
      dir: join(config.dataDir, 'postgres'),
      port: config.database.embeddedPort,
      password: local!.postgresPassword,
    });
    if (pg.owned) stops.push(pg.stop);
    await ensureDatabase(pg.url('postgres'), EMBEDDED_DATABASE);
    databaseUrl = pg.url(EMBEDDED_DATABASE);
    notes.push(`PostgreSQL (embedded, ${pg.owned ? 'started' : 'already running'}): ${databaseUrl.replace(/:[^:@/]+@/, ':***@')}`);
  }

  let temporal: TemporalTarget = { ...config.temporal, address: config.temporal.address ?? '' };
  let temporalUiUrl: string | undefined;
  if (needs.temporal && config.temporal.address === undefined) {
    const server = await startDevServer({
      cli: ensureTemporalCli(config.temporal.cliPath),
      port: config.temporal.embeddedPort,
      uiPort: config.temporal.embeddedUiPort,
      namespace: config.temporal.namespace,
      dbFile: join(config.dataDir, 'temporal.sqlite'),
      logDir: config.dataDir,
    });
    if (server.owned) stops.push(server.stop);
    temporal = { ...temporal, address: server.address, tls: false };
    temporalUiUrl = server.uiUrl;
    notes.push(`Temporal dev server (${server.owned ? 'started' : 'already running'}): ${server.address}, UI ${server.uiUrl}`);
  }

  return {
    databaseUrl,
    temporal,
    temporalUiUrl,
    payloadKey: Buffer.from(config.secrets.payloadKey ?? local!.payloadKey, 'base64'),
    webhookSecret: config.secrets.webhookSecret ?? local!.webhookSecret,
    notes,
    stop: async () => {
      for (const stop of stops.reverse()) await stop();
    },
  };
}
