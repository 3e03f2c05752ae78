import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { ensureTemporalCli } from '../../src/temporal/cli-binary.ts';
import { startDevServer } from '../../src/temporal/dev-server.ts';
import { freePort } from './free-port.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    temporalAddress: string;
  }
}

/**
 * One real PostgreSQL server and one real Temporal dev server for the whole run; every suite
 * makes its own database and task queue on them, so suites never see each other's data.
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
  project.provide('pgAdminUrl', pg.url('postgres'));
  project.provide('temporalAddress', temporal.address);
  return async () => {
    await temporal.stop();
    pg.stop();
    rmSync(root, { recursive: true, force: true });
  };
}
