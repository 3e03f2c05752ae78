import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { cli, demoTokens, start, stop } from '../support/start-process.ts';

describe('npm start (embedded defaults)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'legal-escalation-start-'));
  chmodSync(dataDir, 0o755);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('brings everything up, escalates a CSV batch from the CLI, serves other commands meanwhile, stops cleanly and keeps its data on the next start', async () => {
    const port = await freePort();
    const env = {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      EMBEDDED_TEMPORAL_PORT: String(await freePort()),
      EMBEDDED_TEMPORAL_UI_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    };
    const first = await start(env);
    let legalToken = '';
    try {
      expect(first.banner).toContain(`API:          http://127.0.0.1:${port}`);
      expect(first.banner).toContain(`Temporal UI:  http://127.0.0.1:${env.EMBEDDED_TEMPORAL_UI_PORT}`);
      const tokens = demoTokens(first.banner);
      expect(tokens.map((t) => t.role).sort()).toEqual(['lawyer', 'lawyer', 'legal', 'system']);
      legalToken = tokens.find((t) => t.role === 'legal')!.token!;

      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      const ui = await fetch(`http://127.0.0.1:${env.EMBEDDED_TEMPORAL_UI_PORT}/`);
      expect(ui.status).toBe(200);

      // A legal team's batch from a CSV file: progress while the worker escalates, then the summary.
      const overdue = async (lenderId: string) => {
        const res = await fetch(`http://127.0.0.1:${port}/v1/loans?lenderId=${lenderId}&escalated=false&limit=2`, { headers: { Authorization: `Bearer ${legalToken}` } });
        return ((await res.json()) as { loans: Array<{ loanId: string }> }).loans.map((l) => l.loanId);
      };
      const [mine, theirs] = [await overdue('lender-xinghe'), await overdue('lender-yuanshan')];
      expect(mine).toHaveLength(2);
      const csv = join(dataDir, 'loans.csv');
      writeFileSync(csv, `loanId\n${mine.join('\n')}\nloan-nobody\n${theirs[0]}\n`);
      const batch = await promisify(execFile)(process.execPath, [cli, 'escalate', '--file', csv, '--lender', 'lender-xinghe'], { env, encoding: 'utf8' });
      expect(batch.stderr).toMatch(/: 2 accepted, 2 refused\n/);
      expect(batch.stderr).toMatch(/^\[#{30}\] 2\/2 /m);
      expect(batch.stdout).toMatch(/^batch eb-\S+: 2\/2 escalated\n/);
      expect(batch.stdout).toMatch(/^ {2}refused: unknown_loan +1 {2}loan-nobody$/m);
      expect(batch.stdout).toMatch(new RegExp(`^ {2}refused: other_lender +1 {2}${theirs[0]}$`, 'm'));
      // A mistyped lender is one clear error, not an empty batch.
      const typo = spawnSync(process.execPath, [cli, 'escalate', '--lender', 'lender-typo', '--min-dpd', '90'], { env, encoding: 'utf8' });
      expect(typo.status).toBe(1);
      expect(typo.stderr).toContain('unknown lender lender-typo');

      // Other commands work on the same DATA_DIR while start runs: they find its servers.
      const migrate = spawnSync(process.execPath, [cli, 'migrate'], { env, encoding: 'utf8' });
      expect(migrate.stdout.trim()).toBe('schema is up to date');
      const token = spawnSync(process.execPath, [cli, 'token', 'create', '--role', 'legal', '--name', 'second terminal'], { env, encoding: 'utf8' });
      expect(token.status).toBe(0);
      expect(token.stdout).toMatch(/^le_legal_[A-Za-z0-9_-]{43}\n$/);
      const secret = spawnSync(process.execPath, [cli, 'webhook-secret'], { env, encoding: 'utf8' });
      expect(secret.stdout).toMatch(/^whsec_\S+\n$/);
      const firmSecret = spawnSync(process.execPath, [cli, 'webhook-secret', '--firm', 'firm-mingli'], { env, encoding: 'utf8' });
      expect(firmSecret.stdout).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}\n$/);
      expect(firmSecret.stdout).not.toBe(secret.stdout);
    } finally {
      expect(await stop(first.child)).toBe(0);
    }
    // Ctrl-C stopped the servers start had started.
    expect(spawnSync('pgrep', ['-f', join(dataDir, 'postgres')]).status).toBe(1);

    const second = await start(env);
    try {
      // The data is still there: no demo data (and so no new credentials) the second time.
      expect(second.banner).not.toContain('Demo credentials');
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      // …and the first run's demo credentials still open the API.
      const cases = await fetch(`http://127.0.0.1:${port}/v1/cases`, { headers: { Authorization: `Bearer ${legalToken}` } });
      expect(cases.status).toBe(200);
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
  }, 240_000);
});
