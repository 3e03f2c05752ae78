import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { ensureTemporalCli } from '../../src/temporal/cli-binary.ts';
import { startDevServer } from '../../src/temporal/dev-server.ts';
import { freePort } from './free-port.ts';
import { ensureVersityGateway, startVersityGateway } from './versitygw.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    temporalAddress: string;
    /** The run's S3-compatible server (Versity's gateway) and its root credentials. */
    s3Endpoint: string;
    s3AccessKeyId: string;
    s3SecretAccessKey: string;
  }
}

/**
 * One real PostgreSQL server, one real Temporal dev server and one real S3-compatible server for
 * the whole run; every suite makes its own database, task queue and bucket on them, so suites
 * never see each other's data.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = mkdtempSync(join(tmpdir(), 'legal-escalation-test-'));
  chmodSync(root, 0o755); // the postgres user (when tests run as root) must reach its data folder
  const pg = startEmbeddedPostgres({ dir: join(root, 'postgres'), port: await freePort(), password: 'test-password-not-secret' });
  const temporal = await startDevServer({
    cli: ensureTemporalCli(process.env.TEMPORAL_CLI || undefined),
    port: await freePort(),
    namespace: 'default',
    logDir: root,
  });
  const s3 = await startVersityGateway({ binary: ensureVersityGateway(), dir: join(root, 's3'), port: await freePort() });
  project.provide('pgAdminUrl', pg.url('postgres'));
  project.provide('temporalAddress', temporal.address);
  project.provide('s3Endpoint', s3.endpoint);
  project.provide('s3AccessKeyId', s3.accessKeyId);
  project.provide('s3SecretAccessKey', s3.secretAccessKey);
  return async () => {
    await s3.stop();
    await temporal.stop();
    pg.stop();
    rmSync(root, { recursive: true, force: true });
  };
}
