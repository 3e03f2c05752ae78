import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../src/api/app.ts';
import { createToken, authenticate } from '../src/auth/tokens.ts';
import { loadConfig } from '../src/config/config.ts';
import { ensureDatabase, startEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createDatabase } from '../src/db/pool.ts';
import { createLogger } from '../src/logging/logger.ts';
import { FsContentStore } from '../src/storage/index.ts';
import { listCases } from '../src/api/cases/read-model.ts';
import { sql } from 'kysely';
const root = mkdtempSync(join(tmpdir(), 'p-')); chmodSync(root, 0o755);
const pg = startEmbeddedPostgres({ dir: join(root, 'pg'), port: 55998, password: 'x'.repeat(20) });
try {
  await ensureDatabase(pg.url('postgres'), 'b');
  const config = loadConfig({ LOG_LEVEL: 'warn', API_RATE_LIMIT_PER_SECOND: '100000', API_RATE_LIMIT_BURST: '100000' });
  const db = createDatabase(pg.url('b'), 10);
  await migrateToLatest(db);
  await sql`INSERT INTO lenders (id, name, unified_social_credit_code, domicile, legal_representative, interest_cap) VALUES ('l', 'L', '91110105MA01DEM01M', 'd', 'r', '{}')`.execute(db);
  for (let i = 0; i < 200; i++) {
    await sql`INSERT INTO borrowers (id, name, gender, birth_date, id_type, id_number, phone, address) VALUES (${`00000000-0000-0000-0000-${String(i).padStart(12, '0')}`}, '王', 'male', '1990-01-01', 'resident_id', ${'1101011990010112' + String(i).padStart(2, '0')}, '13800000000', '北京')`.execute(db);
    await sql`INSERT INTO loans (id, lender_id, borrower_id, contract_number, signed_at, principal_fen, annual_rate, penalty_rate_markup, compound_interest, term_months, start_date, maturity_date, repayment_method, online_signed, disbursement_date, disbursement_fen, snapshot, snapshot_sha256) VALUES (${'loan' + i}, 'l', ${`00000000-0000-0000-0000-${String(i).padStart(12, '0')}`}, 'HT', '2024-01-01', 100000, '0.18', '0.5', false, 12, '2024-01-01', '2025-01-01', 'bullet', true, '2024-01-01', 100000, '{}', ${'0'.repeat(64)})`.execute(db);
    await db.insertInto('cases').values({ id: 'c' + i, loan_id: 'loan' + i, lender_id: 'l', workflow_id: 'w' + i, status: 'demand_issued', reason: 'r', response_days: 15, escalated_by: 'x' }).execute();
  }
  const { token } = await createToken(db, { role: 'legal', name: 'b' });
  const principal = (await authenticate(db, token))!;
  const app = createApp({ config, db, temporal: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), logger: createLogger('warn'), webhookSecret: `whsec_${randomBytes(32).toString('base64')}`, store: new FsContentStore(join(root, 'd')) });
  const time = async (name: string, f: () => Promise<unknown>, n = 300) => { for (let i = 0; i < 30; i++) await f(); const t = performance.now(); const cpu = process.cpuUsage(); for (let i = 0; i < n; i++) await f(); const c = process.cpuUsage(cpu); console.log(name, ((performance.now() - t) / n).toFixed(3), 'ms wall', ((c.user + c.system) / 1000 / n).toFixed(3), 'ms cpu'); };
  await time('healthz', () => app.request('/healthz'));
  await time('authenticate', () => authenticate(db, token));
  await time('listCases 50', () => listCases(db, principal, { limit: 50, offset: 0 }));
  await time('GET /v1/cases', async () => (await app.request('/v1/cases', { headers: { Authorization: `Bearer ${token}` } })).text());
  await time('GET /v1/cases/c1', async () => (await app.request('/v1/cases/c1', { headers: { Authorization: `Bearer ${token}` } })).text());
  await db.destroy();
} finally { pg.stop(); }
