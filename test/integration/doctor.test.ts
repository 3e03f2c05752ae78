/**
 * `npm run cli -- doctor` against the run's real PostgreSQL, Temporal and S3 servers: all `ok` and
 * exit code 0 when everything is in place; one `FAIL` line saying what is wrong per broken part,
 * and exit code 1, when not.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runChecks } from '../../src/cli/doctor.ts';
import { loadConfig } from '../../src/config/config.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { newWebhookSecret } from '../support/api-server.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { freePort } from '../support/free-port.ts';
import { s3StoreEnv } from '../support/s3.ts';
import { cli } from '../support/start-process.ts';
import { TEST_PAYLOAD_KEY } from '../support/temporal-key.ts';

describe('doctor', () => {
  const work = mkdtempSync(join(tmpdir(), 'doctor-'));
  let migrated: TestDatabase;
  let empty: TestDatabase;
  let healthy: Record<string, string>;

  beforeAll(async () => {
    migrated = await createTestDatabase();
    empty = await createTestDatabase({ migrate: false });
    healthy = {
      DATA_DIR: join(work, 'data'),
      DATABASE_URL: migrated.url,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      PAYLOAD_ENCRYPTION_KEY: TEST_PAYLOAD_KEY.toString('base64'),
      WEBHOOK_SECRET: newWebhookSecret(),
      DOCUMENT_STORE_DIR: join(work, 'documents'),
      METRICS_TOKEN: 'metrics-token-for-the-test-0123456789',
      LOG_LEVEL: 'warn',
    };
  });
  afterAll(async () => {
    await migrated?.db.destroy();
    await empty?.db.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  it('says ok on one line per check and exits 0 when everything is in place', () => {
    const run = spawnSync(process.execPath, [cli, 'doctor'], { env: { ...process.env, ...healthy }, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const lines = run.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'ok secrets', 'ok postgresql', 'ok schema', 'ok temporal', 'ok fonts', 'ok store',
    ]);
    expect(lines[1]).toMatch(/^ok {4}postgresql PostgreSQL \d+/);
    expect(lines[1]).not.toContain('test-password'); // the URL is shown without its password
    expect(lines[2]).toMatch(/up to date \(\d{4}-[\w-]+\)$/);
    expect(lines[3]).toContain(`at ${healthy.TEMPORAL_ADDRESS}, namespace default`);
    expect(run.status).toBe(0);
  }, 120_000);

  it('says what is wrong, one FAIL line per broken part, and exits 1', async () => {
    const notADirectory = join(work, 'a-file');
    writeFileSync(notADirectory, '');
    const temporalPort = await freePort();
    const { PAYLOAD_ENCRYPTION_KEY: _k, WEBHOOK_SECRET: _w, ...withoutSecrets } = healthy;
    const env = {
      ...withoutSecrets,
      DATABASE_URL: empty.url,
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
      FONT_PATH: join(work, 'no-such-font.ttc'),
      DOCUMENT_STORE_DIR: join(notADirectory, 'documents'),
    };
    const run = spawnSync(process.execPath, [cli, 'doctor'], { env: { ...process.env, ...env }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe('FAIL  secrets    PAYLOAD_ENCRYPTION_KEY and WEBHOOK_SECRET not set: with DATABASE_URL or TEMPORAL_ADDRESS every API and worker process must share them (set them in the environment)');
    expect(lines[1]).toMatch(/^ok {4}postgresql /);
    const all = Object.keys(migrations);
    expect(lines[2]).toBe(`FAIL  schema     0 of ${all.length} migrations applied, missing ${all.join(', ')}: run \`npm run cli -- migrate\``);
    expect(lines[3]).toMatch(new RegExp(`^FAIL  temporal   127\\.0\\.0\\.1:${temporalPort}: .+ \\(check TEMPORAL_ADDRESS, TLS and the API key\\)$`));
    expect(lines[4]).toBe(`FAIL  fonts      FONT_PATH ${env.FONT_PATH} does not exist: apt-get install fonts-noto-cjk, or set FONT_PATH`);
    expect(lines[5]).toMatch(new RegExp(`^FAIL  store      .*${env.DOCUMENT_STORE_DIR}.* cannot store documents: .*ENOTDIR`));
  }, 120_000);

  it('names an unreachable database and does not judge the schema without one', async () => {
    const results = await runChecks(loadConfig({ ...healthy, DATABASE_URL: `postgres://nobody:secret@127.0.0.1:${await freePort()}/none` }));
    const byCheck = Object.fromEntries(results.map((r) => [r.check, r]));
    expect(byCheck.postgresql?.ok).toBe(false);
    expect(byCheck.postgresql?.detail).toMatch(/^postgres:\/\/127\.0\.0\.1:\d+\/none: .*ECONNREFUSED/);
    expect(byCheck.postgresql?.detail).not.toContain('secret');
    expect(byCheck.schema).toEqual({ check: 'schema', ok: false, detail: 'not checked: no database' });
    expect(results.filter((r) => !r.ok).map((r) => r.check)).toEqual(['postgresql', 'schema']);
  });

  it('checks an S3 document store: ok with its bucket, one FAIL line naming a missing bucket or refused credentials', async () => {
    const { DOCUMENT_STORE_DIR: _dir, ...withoutDir } = healthy;
    const s3 = await s3StoreEnv();
    const doctorWith = (env: Record<string, string>) =>
      spawnSync(process.execPath, [cli, 'doctor'], { env: { ...process.env, ...withoutDir, ...env }, encoding: 'utf8' });
    const storeCheck = async (env: Record<string, string>) =>
      (await runChecks(loadConfig({ ...withoutDir, ...env }))).find((r) => r.check === 'store');
    expect(await storeCheck(s3)).toEqual({ check: 'store', ok: true, detail: `documents in ${s3.DOCUMENT_STORE_URL} at ${s3.S3_ENDPOINT}` });

    const wrong = doctorWith({ ...s3, DOCUMENT_STORE_URL: 's3://no-such-bucket/documents/' });
    expect(wrong.status).toBe(1);
    const failed = wrong.stdout.trim().split('\n').filter((l) => l.startsWith('FAIL'));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(
      new RegExp(`^FAIL  store      s3://no-such-bucket/documents/ at ${s3.S3_ENDPOINT} cannot store documents: the bucket does not exist \\(.+\\): create it, or correct DOCUMENT_STORE_URL$`),
    );

    const refused = await storeCheck({ ...s3, S3_SECRET_ACCESS_KEY: 'not-the-secret' });
    expect(refused?.ok).toBe(false);
    expect(refused?.detail).toMatch(/^\S+ at \S+ cannot store documents: access refused: check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/);
  }, 120_000);
});
