/**
 * `npm start` from a checkout in a private (0700) folder, as in root's home on a fresh Debian
 * machine: the embedded PostgreSQL runs as the `postgres` user there, which may not enter that
 * folder, so its cluster is kept where it can (see src/db/embedded-postgres.ts). As another user
 * the test still covers a checkout in a 0700 folder (the server then runs as that user).
 */
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { RELOCATED_CLUSTERS } from '../../src/db/embedded-postgres.ts';
import { freePort } from '../support/free-port.ts';
import { demoTokens, start, stop } from '../support/start-process.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const asRoot = process.getuid?.() === 0;

/** A copy of the checkout at `<home>/legal`, where `home` is private like /root. */
function privateCheckout(): { home: string; checkout: string } {
  const home = mkdtempSync(join(tmpdir(), 'legal-escalation-home-')); // mode 0700
  const checkout = join(home, 'legal');
  mkdirSync(checkout);
  for (const part of ['package.json', 'src', 'workflows', 'templates']) cpSync(join(repo, part), join(checkout, part), { recursive: true });
  symlinkSync(realpathSync(join(repo, 'node_modules')), join(checkout, 'node_modules'));
  return { home, checkout };
}

describe('npm start from a checkout in a private folder', () => {
  const { home, checkout } = privateCheckout();
  const cluster = join(checkout, '.data', 'postgres');
  afterAll(() => {
    if (lstatSync(cluster, { throwIfNoEntry: false })?.isSymbolicLink()) rmSync(dirname(readlinkSync(cluster)), { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it('comes up with the default DATA_DIR (.data in the checkout), keeps its data, and leaves the folder private', async () => {
    expect(statSync(home).mode & 0o777).toBe(0o700);
    const { DATA_DIR: _unset, ...inherited } = process.env;
    const port = await freePort();
    const env = {
      ...inherited,
      PORT: String(port),
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      EMBEDDED_TEMPORAL_PORT: String(await freePort()),
      EMBEDDED_TEMPORAL_UI_PORT: String(await freePort()),
      METRICS_TOKEN: 'metrics-token-for-the-test-0123456789',
      TEMPORAL_METRICS_ADDRESS: `127.0.0.1:${await freePort()}`,
      LOG_LEVEL: 'warn',
    };
    const options = { cliPath: join(checkout, 'src', 'cli', 'main.ts'), cwd: checkout };

    const first = await start(env, options);
    const legalToken = demoTokens(first.banner).find((t) => t.role === 'legal')!.token;
    try {
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      const cases = await fetch(`http://127.0.0.1:${port}/v1/cases`, { headers: { Authorization: `Bearer ${legalToken}` } });
      expect(cases.status).toBe(200);
      // Operators see it: the process's metrics on the API port, the Temporal SDK's worker metrics on their own.
      expect(first.banner).toContain(`Worker metrics (Temporal SDK): http://${env.TEMPORAL_METRICS_ADDRESS}/metrics`);
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { Authorization: `Bearer ${env.METRICS_TOKEN}` } });
      expect(await metrics.text()).toMatch(/^legal_escalation_http_requests_total\{method="GET",route="\/v1\/cases",status="200"\} 1$/m);
      const sdk = await (await fetch(`http://${env.TEMPORAL_METRICS_ADDRESS}/metrics`)).text();
      expect(sdk).toMatch(/^temporal_\w+\{.*task_queue="legal-escalation"/m);
    } finally {
      expect(await stop(first.child)).toBe(0);
    }

    if (asRoot) {
      // The cluster lives where the postgres user can reach it, found through DATA_DIR.
      expect(lstatSync(cluster).isSymbolicLink()).toBe(true);
      expect(readlinkSync(cluster).startsWith(`${RELOCATED_CLUSTERS}/`)).toBe(true);
    }
    expect(statSync(home).mode & 0o777).toBe(0o700);

    const second = await start(env, options);
    try {
      expect(second.banner).not.toContain('Demo credentials');
      const cases = await fetch(`http://127.0.0.1:${port}/v1/cases`, { headers: { Authorization: `Bearer ${legalToken}` } });
      expect(cases.status).toBe(200);
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
  }, 480_000);
});
