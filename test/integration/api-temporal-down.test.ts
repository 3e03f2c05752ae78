import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLender, seedLoan } from '../support/case-data.ts';
import { stateFingerprint } from '../support/api-fixtures.ts';
import { type ApiServer, startApiServer } from '../support/api-server.ts';

describe('API while Temporal is unreachable', () => {
  let api: ApiServer;
  beforeAll(async () => {
    // A client pointed at a port nobody listens on: every call fails as when the cluster is down.
    const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: '1s' }) });
    api = await startApiServer({ temporal });
    await seedLender(api.db, 'lender-down');
    await seedLoan(api.db, api.store, { loanId: 'loan-down', lenderId: 'lender-down' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers an escalation with 503 and Retry-After, and keeps no half-made case', async () => {
    const before = await stateFingerprint(api.db);
    const response = await fetch(`${api.url}/v1/escalations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${api.tokens.legal}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ loanId: 'loan-down', reason: '逾期' }),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('Retry-After')).toBe('5');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('temporal_unavailable');
    expect(await api.db.selectFrom('cases').selectAll().execute()).toEqual([]);
    // The audit log may record the attempt; the business tables are as they were.
    const after = await stateFingerprint(api.db);
    expect(after).toEqual(before);
  });

  it('still serves the case list from the read model', async () => {
    const response = await fetch(`${api.url}/v1/cases`, { headers: { Authorization: `Bearer ${api.tokens.legal}` } });
    expect(response.status).toBe(200);
  });
});
