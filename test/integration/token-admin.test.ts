/**
 * Token administration as an operator does it: `npm run cli -- token create|list|revoke` against
 * the suite's database, with the real API server judging the tokens. Tokens are listed masked;
 * expired and revoked ones are refused with 401; every create, list and revoke is in audit_log.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeTokenAudited } from '../../src/auth/token-admin.ts';
import { createToken } from '../../src/auth/tokens.ts';
import { type ApiServer, startApiServer } from '../support/api-server.ts';
import { cli } from '../support/start-process.ts';

describe('token administration', () => {
  let api: ApiServer;
  const dataDir = mkdtempSync(join(tmpdir(), 'token-admin-'));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [cli, 'token', ...args], {
      env: { ...process.env, DATABASE_URL: api.databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
  const cases = (token: string) => api.fetch('/v1/cases', { token });
  const auditActions = async () =>
    (await api.db.selectFrom('audit_log').select(['action', 'role', 'resource', 'principal_id']).where('action', 'like', 'token.%').orderBy('id').execute());

  beforeAll(async () => {
    api = await startApiServer();
  });
  afterAll(async () => {
    await api?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a token with an expiry, lists every token masked, revokes one; each audited', async () => {
    const created = run('create', '--role', 'legal', '--name', 'quarterly report', '--expires-in', '90d');
    expect(created.stderr).toBe('');
    const token = created.stdout.trim();
    expect(token).toMatch(/^le_legal_[A-Za-z0-9_-]{43}$/);
    expect((await cases(token)).status).toBe(200);

    const listed = run('list');
    expect(listed.status).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^id\s+token\s+role\s+firm\s+created \(UTC\)\s+last used\s+expires\s+state\s+name$/);
    expect(lines).toHaveLength(1 + 5); // the server's four tokens and the new one
    const line = lines.find((l) => l.endsWith('quarterly report'))!;
    // Masked: the kind and four characters of the secret, never the token.
    expect(line).toContain(`${token.slice(0, 'le_legal_'.length + 4)}…`);
    expect(listed.stdout).not.toContain(token);
    for (const other of Object.values(api.tokens)) expect(listed.stdout).not.toContain(other);
    const expires = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    expect(line).toContain(expires);
    expect(line).toMatch(/\sactive\s/);
    const lawyerLine = lines.find((l) => l.startsWith(api.principals.lawyerA))!;
    expect(lawyerLine).toMatch(/\slawyer\s+firm-a\s/);

    const id = line.split(/\s+/)[0]!;
    const revoked = run('revoke', id);
    expect(revoked.stdout.trim()).toBe(`revoked ${id}`);
    expect((await cases(token)).status).toBe(401);
    expect(run('list').stdout.split('\n').find((l) => l.startsWith(id))).toMatch(/\srevoked \d{4}-\d\d-\d\d \d\d:\d\d\s/);

    expect(await auditActions()).toEqual([
      { action: 'token.create', role: 'operator', resource: `principal/${id}`, principal_id: null },
      { action: 'token.list', role: 'operator', resource: 'principals', principal_id: null },
      { action: 'token.revoke', role: 'operator', resource: `principal/${id}`, principal_id: null },
      { action: 'token.list', role: 'operator', resource: 'principals', principal_id: null },
    ]);
  }, 240_000);

  it('refuses bad input with one line and changes nothing', async () => {
    const before = await api.db.selectFrom('principals').select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const badExpiry = run('create', '--role', 'legal', '--expires-in', '3 months');
    expect(badExpiry.status).toBe(1);
    expect(badExpiry.stderr.trim()).toBe('error: --expires-in must be a number of days or hours, e.g. 90d or 12h');
    const badId = run('revoke', 'not-an-id');
    expect(badId.stderr.trim()).toBe('error: a token id is a UUID, as `token list` shows it');
    // The CLI prints these messages after `error: ` like the ones above.
    await expect(revokeTokenAudited(api.db, '00000000-0000-4000-8000-000000000000')).rejects.toThrow('no token with id 00000000-0000-4000-8000-000000000000');
    await revokeTokenAudited(api.db, api.principals.lawyerB);
    await expect(revokeTokenAudited(api.db, api.principals.lawyerB)).rejects.toThrow(/^token \S+ was already revoked at /);
    const noId = run('revoke');
    expect(noId.status).toBe(2);
    const after = await api.db.selectFrom('principals').select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  }, 180_000);

  it('refuses a token from the moment it expires, even one the API has in memory', async () => {
    const { token } = await createToken(api.db, { role: 'legal', name: 'short-lived', expiresAt: new Date(Date.now() + 1_500) });
    expect((await cases(token)).status).toBe(200); // now cached
    await new Promise((r) => setTimeout(r, 1_600));
    const refused = await cases(token);
    expect(refused.status).toBe(401);
    expect((await refused.json()) as unknown).toEqual({ error: { code: 'unauthorized', message: 'the token is unknown, revoked or expired' } });
  });
});
