/**
 * `npm run cli -- doctor`: checks what the service needs on this machine, with its configuration,
 * and prints one line per check — `ok` or `FAIL`, the check, and what was found or what is wrong
 * and how to fix it. Exit code 1 when anything failed. Checks: the secrets, PostgreSQL, the schema
 * version, Temporal, the fonts, the document store. The embedded PostgreSQL is started for the
 * check if it is not running (and stopped after); the embedded Temporal dev server is not (only
 * whether it can be).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { sql } from 'kysely';
import type { Config } from '../config/config.ts';
import { migrations } from '../db/migrations/index.ts';
import { createDatabase } from '../db/pool.ts';
import { fontSetFromPath, typefaceFor } from '../documents/fonts.ts';
import { type ContentStore, describeContentStore, openContentStore, probeContentStore, storeProblem } from '../storage/index.ts';
import { findTemporalCli } from '../temporal/cli-binary.ts';
import { tlsOptions } from '../temporal/connection.ts';
import { bringUp, type Infrastructure } from './infrastructure.ts';

export interface CheckResult {
  check: string;
  ok: boolean;
  detail: string;
}

const TIMEOUT_MS = 5_000;

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

function within<T>(work: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS).unref()),
  ]);
}

/** Secrets shared between machines must be configured: generated local ones differ per machine. */
function checkSecrets(config: Config): CheckResult {
  const shared = config.database.url !== undefined || config.temporal.address !== undefined;
  const unset = [
    config.secrets.payloadKey === undefined ? 'PAYLOAD_ENCRYPTION_KEY' : undefined,
    config.secrets.webhookSecret === undefined ? 'WEBHOOK_SECRET' : undefined,
  ].filter((v) => v !== undefined);
  if (unset.length > 0) {
    const file = join(config.dataDir, 'secrets.json');
    if (shared) {
      return { check: 'secrets', ok: false, detail: `${unset.join(' and ')} not set: with DATABASE_URL or TEMPORAL_ADDRESS every API and worker process must share them (set them in the environment)` };
    }
    if (existsSync(file)) {
      try {
        JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        return { check: 'secrets', ok: false, detail: `${file} cannot be read: ${message(error)} (move it away to generate new secrets)` };
      }
    }
    return { check: 'secrets', ok: true, detail: `${unset.join(', ')} from ${file} (embedded default${existsSync(file) ? '' : ', generated on first start'})` };
  }
  const metrics = config.metrics.token === undefined ? '; /metrics off (METRICS_TOKEN not set)' : '';
  return { check: 'secrets', ok: true, detail: `PAYLOAD_ENCRYPTION_KEY and WEBHOOK_SECRET set${metrics}` };
}

async function checkDatabase(config: Config): Promise<CheckResult[]> {
  let infra: Infrastructure;
  try {
    infra = await bringUp(config, { temporal: false });
  } catch (error) {
    return [
      { check: 'postgresql', ok: false, detail: message(error) },
      { check: 'schema', ok: false, detail: 'not checked: no database' },
    ];
  }
  const where = infra.databaseUrl.replace(/\/\/[^@]*@/, '//').replace(/\?.*$/, '');
  const db = createDatabase(infra.databaseUrl, 1);
  try {
    let version: string;
    try {
      const row = await within(sql<{ server_version: string }>`SHOW server_version`.execute(db), 'PostgreSQL');
      version = row.rows[0]!.server_version;
    } catch (error) {
      return [
        { check: 'postgresql', ok: false, detail: `${where}: ${message(error)}` },
        { check: 'schema', ok: false, detail: 'not checked: no database' },
      ];
    }
    const database = { check: 'postgresql', ok: true, detail: `PostgreSQL ${version} at ${where}${config.database.url === undefined ? ' (embedded)' : ''}` };
    const known = Object.keys(migrations);
    const applied = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`
      .execute(db)
      .then((r) => r.rows.map((row) => row.name))
      .catch(() => [] as string[]);
    const missing = known.filter((name) => !applied.includes(name));
    const unknown = applied.filter((name) => !known.includes(name));
    const newest = known.at(-1)!;
    const schema: CheckResult =
      unknown.length > 0
        ? { check: 'schema', ok: false, detail: `the database has migrations this code does not know (${unknown.join(', ')}): it was migrated by a newer version` }
        : missing.length > 0
          ? { check: 'schema', ok: false, detail: `${applied.length} of ${known.length} migrations applied, missing ${missing.join(', ')}: run \`npm run cli -- migrate\`` }
          : { check: 'schema', ok: true, detail: `up to date (${newest})` };
    return [database, schema];
  } finally {
    await db.destroy();
    await infra.stop();
  }
}

async function checkTemporal(config: Config): Promise<CheckResult> {
  const embedded = config.temporal.address === undefined;
  const address = config.temporal.address ?? `127.0.0.1:${config.temporal.embeddedPort}`;
  let connection: Connection | undefined;
  try {
    const tls = tlsOptions({ ...config.temporal, address });
    connection = await within(Connection.connect({ address, tls, connectTimeout: TIMEOUT_MS, ...(config.temporal.apiKey ? { apiKey: config.temporal.apiKey } : {}) }), `Temporal at ${address}`);
    const info = await within(connection.workflowService.getSystemInfo({}), `Temporal at ${address}`);
    await within(connection.workflowService.describeNamespace({ namespace: config.temporal.namespace }), `Temporal at ${address}`).catch((error: unknown) => {
      throw new Error(`namespace ${config.temporal.namespace}: ${message(error)}`);
    });
    return { check: 'temporal', ok: true, detail: `Temporal ${info.serverVersion ?? ''} at ${address}, namespace ${config.temporal.namespace}${embedded ? ' (embedded dev server, running)' : ''}` };
  } catch (error) {
    if (!embedded) return { check: 'temporal', ok: false, detail: `${address}: ${message(error)} (check TEMPORAL_ADDRESS, TLS and the API key)` };
    const cli = findTemporalCli(config.temporal.cliPath);
    return cli === undefined
      ? { check: 'temporal', ok: false, detail: `no Temporal CLI to run the embedded dev server (TEMPORAL_CLI, ~/.cache/legal-escalation/bin, PATH): \`npm start\` builds it with Go, or set TEMPORAL_ADDRESS` }
      : { check: 'temporal', ok: true, detail: `embedded dev server not running on ${address}; \`npm start\` starts it with ${cli}` };
  } finally {
    await connection?.close();
  }
}

/** The document font covers Chinese text, and some face of the set the ☑/☐ of the forms. */
function checkFonts(config: Config): CheckResult {
  const path = config.documents.fontPath;
  if (!existsSync(path)) return { check: 'fonts', ok: false, detail: `FONT_PATH ${path} does not exist: apt-get install fonts-noto-cjk, or set FONT_PATH` };
  try {
    const typeface = typefaceFor(fontSetFromPath(path));
    const lacking = [...'民事起诉状'].filter((c) => !typeface.regular.has(c.codePointAt(0)!));
    if (lacking.length > 0) return { check: 'fonts', ok: false, detail: `${path} has no glyphs for ${lacking.join('')}: FONT_PATH must be a CJK font (Noto Serif CJK)` };
    const box = '☑'.codePointAt(0)!;
    if (!typeface.faceFor(box, false).has(box)) return { check: 'fonts', ok: false, detail: `no font has ☑/☐: apt-get install fonts-dejavu-core` };
    return { check: 'fonts', ok: true, detail: `${path}` };
  } catch (error) {
    return { check: 'fonts', ok: false, detail: `${path} cannot be read as a font: ${message(error)}` };
  }
}

/** The document store (folder or S3 bucket) takes a file and gives it back. */
async function checkStore(config: Config): Promise<CheckResult> {
  const where = describeContentStore(config.documents.store);
  let store: ContentStore | undefined;
  try {
    store = await openContentStore(config.documents.store);
    await within(probeContentStore(store), `the document store ${where}`);
    return { check: 'store', ok: true, detail: `documents in ${where}` };
  } catch (error) {
    return { check: 'store', ok: false, detail: `${where} cannot store documents: ${storeProblem(error)}` };
  } finally {
    await store?.close?.();
  }
}

export async function runChecks(config: Config): Promise<CheckResult[]> {
  const secrets = checkSecrets(config);
  const [database, temporal] = await Promise.all([checkDatabase(config), checkTemporal(config)]);
  return [secrets, ...database, temporal, checkFonts(config), await checkStore(config)];
}

/** Prints one line per check; true when all passed. */
export async function doctor(config: Config): Promise<boolean> {
  const results = await runChecks(config);
  for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.check.padEnd(10)} ${r.detail}`);
  return results.every((r) => r.ok);
}
